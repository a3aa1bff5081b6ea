/*
 * Payload classes of the responsibility list: what POST /cases and each event accept, published as
 * exactly that JSON schema (the payload-fields decorators).
 */
import { IsBoolean, IsInt, Max, Min } from 'class-validator';
import type {
  Explanation,
  Payloads,
  Person,
  Side,
  TaskDraft,
  TaskOwner,
} from '../machines/responsibility-list.types';
import { SIDES } from '../machines/responsibility-list.types';
import type { Payloads as PayloadsV1 } from '../machines/v1/responsibility-list.types';
import {
  FutureDateTimeField,
  Labelled,
  Nested,
  NestedList,
  Optional,
  publish,
  TextField,
  UnitCodeField,
} from '../src/engine/payload-fields';

const SHORT = 200;
const LONG = 20_000;
export const MAX_TASKS = 100;
/**
 * Version 2's tasks say more (a standard, safeguards, a person): at most 50 of them, so that a list at
 * every limit still fits in one request body (BODY_LIMIT_BYTES).
 */
export const MAX_TASKS_V2 = 50;
const MEDIUM = 500;

type PayloadOf<K extends keyof Payloads> = Payloads[K];
type PayloadOfV1<K extends keyof PayloadsV1> = PayloadsV1[K];

/*
 * Version 1's classes keep their names (the same class objects serve version 2 where unchanged:
 * the person, task completion and the mid-year review); version 2's changed ones have names of their
 * own, since schemas are keyed by class name.
 */

const SIDE_LABELS = {
  principal: { zh: '主体责任', en: 'Principal responsibility (Party secretary / principal leader)' },
  supervisor: { zh: '监督责任', en: 'Supervisory responsibility (discipline inspection head)' },
};

export class ResponsibilityListPersonDto implements Person {
  @TextField(SHORT)
  ref: string;

  @TextField(SHORT)
  name: string;

  @Optional()
  @TextField(SHORT)
  post?: string;
}

export class ResponsibilityListTaskDto implements TaskDraft {
  @TextField(SHORT)
  title: string;

  /** Who carries it out (a department or a person), as text. */
  @TextField(SHORT)
  owner: string;

  /** A task due date that has already passed cannot be met: it must lie ahead when the list is drafted. */
  @FutureDateTimeField()
  dueAt: string;

  /** The department the task concerns (分管部门), for the overseen departments' responsibility rate. */
  @Optional()
  @TextField(SHORT)
  department?: string;

  /** The leader who oversees that department (分管领导). */
  @Optional()
  @TextField(SHORT)
  leader?: string;
}

/** What POST /cases carries for a responsibility list besides the common fields (the subject is the unit). */
export class ResponsibilityListOpenPayload {
  @IsInt()
  @Min(2000)
  @Max(2100)
  @publish({ type: 'integer' }) // Min and Max alone would publish `type: number`
  year: number;

  /** The principal responsible person (主体责任): the unit's Party secretary / principal leader. */
  @Nested(() => ResponsibilityListPersonDto)
  principal: ResponsibilityListPersonDto;

  /** The supervisory responsible person (监督责任): the discipline inspection head. */
  @Nested(() => ResponsibilityListPersonDto)
  supervisor: ResponsibilityListPersonDto;

  @NestedList(() => ResponsibilityListTaskDto, 1, MAX_TASKS)
  tasks: ResponsibilityListTaskDto[];
}

export class ReviseTasksPayload implements PayloadOf<'REVISE_TASKS'> {
  @NestedList(() => ResponsibilityListTaskDto, 1, MAX_TASKS)
  tasks: ResponsibilityListTaskDto[];
}

export class SignListPayload implements PayloadOfV1<'SIGN'> {
  @Labelled(SIDES, SIDE_LABELS)
  as: Side;

  /** The name of the person signing. */
  @TextField(SHORT)
  signedBy: string;
}

export class CompleteTaskPayload implements PayloadOf<'COMPLETE_TASK'> {
  /** The task's id on the list (`t1`, `t2`, … in the order of the draft). */
  @TextField(16)
  taskId: string;

  /** Reference to the evidence that the task was done (a document number, a file). */
  @TextField(SHORT)
  evidenceRef: string;
}

export class ListSummaryPayload implements PayloadOf<'MID_YEAR_REVIEW'> {
  @TextField(LONG)
  summary: string;
}

// ---- Version 2 ----

/** A task of version 2: its responsible person by identity, work standard, safeguards and supervising body. */
export class ResponsibilityListTaskV2Dto implements TaskDraft {
  @TextField(SHORT)
  title: string;

  /** Who carries it out (a department or a person), as text. */
  @TextField(SHORT)
  owner: string;

  /** The person answerable for the task (the `sub` of their account): a 倒查 of the task reaches them. */
  @Nested(() => ResponsibilityListPersonDto)
  responsible: ResponsibilityListPersonDto;

  @FutureDateTimeField()
  dueAt: string;

  /** 工作标准: what counts as done. */
  @TextField(MEDIUM)
  standard: string;

  /** 保障措施: the means set aside for it. */
  @TextField(MEDIUM)
  safeguards: string;

  /** 监督主体: the body that supervises it. */
  @TextField(SHORT)
  supervisedBy: string;

  @Optional()
  @TextField(SHORT)
  department?: string;

  @Optional()
  @TextField(SHORT)
  leader?: string;
}

/** Version 2's opening: the two responsible persons by the `sub` of their accounts (only they sign). */
export class ResponsibilityListV2OpenPayload {
  @IsInt()
  @Min(2000)
  @Max(2100)
  @publish({ type: 'integer' })
  year: number;

  /** The principal responsible person (主体责任); `ref` is the `sub` of their account. */
  @Nested(() => ResponsibilityListPersonDto)
  principal: ResponsibilityListPersonDto;

  /** The supervisory responsible person (监督责任); `ref` is the `sub` of their account. */
  @Nested(() => ResponsibilityListPersonDto)
  supervisor: ResponsibilityListPersonDto;

  @NestedList(() => ResponsibilityListTaskV2Dto, 1, MAX_TASKS_V2)
  tasks: ResponsibilityListTaskV2Dto[];
}

export class ReviseListTasksPayload implements PayloadOf<'REVISE_TASKS'> {
  @NestedList(() => ResponsibilityListTaskV2Dto, 1, MAX_TASKS_V2)
  tasks: ResponsibilityListTaskV2Dto[];
}

/** A signature: the side and the review opinion; the signer is the signed-in person, who must be the one named. */
export class ListSignaturePayload implements PayloadOf<'SIGN'> {
  @Labelled(SIDES, SIDE_LABELS)
  as: Side;

  /** 审阅意见: the signer's review opinion. */
  @TextField(LONG)
  opinion: string;
}

export class TaskExplanationDto implements Explanation {
  @TextField(16)
  taskId: string;

  @TextField(2000)
  explanation: string;
}

export class YearEndSummaryPayload implements PayloadOf<'YEAR_END_SUMMARY'> {
  @TextField(LONG)
  summary: string;

  /** Why each task still overdue is not done: required for every one of them. */
  @Optional()
  @NestedList(() => TaskExplanationDto, 1, MAX_TASKS_V2)
  explanations?: TaskExplanationDto[];
}

export class ListNoticePayload implements PayloadOf<'RECORD_NOTICE'> {
  /** The reference of the 督办 notice sent about the overdue tasks. */
  @TextField(SHORT)
  noticeRef: string;
}

export class TaskOwnerDto implements TaskOwner {
  @TextField(16)
  taskId: string;

  @TextField(SHORT)
  ref: string;

  @TextField(SHORT)
  name: string;

  @Optional()
  @TextField(SHORT)
  post?: string;
}

export class ListEscalatePayload implements PayloadOf<'ESCALATE'> {
  @TextField(LONG)
  reason: string;

  /** For a list from version 1: the persons of overdue tasks that name none. */
  @Optional()
  @NestedList(() => TaskOwnerDto, 1, MAX_TASKS_V2)
  owners?: TaskOwnerDto[];
}

// ---- Version 3 ----

/** The kind of unit a task's `department` names (分管部门). */
export const DEPARTMENT_KIND = 'department';

/**
 * A task of version 3: version 2's, and it may be marked key (重点任务), judged against its standard
 * (`standard`, 达标标准) when checked; `department` is the code of a department (a unit of kind
 * department) under the list's handling unit, whose 分管领导 the unit tree names.
 */
export class ResponsibilityListTaskV3Dto implements TaskDraft {
  @TextField(SHORT)
  title: string;

  /** Who carries it out (a department or a person), as text. */
  @TextField(SHORT)
  owner: string;

  /** The person answerable for the task (the `sub` of their account): a 倒查 of the task reaches them. */
  @Nested(() => ResponsibilityListPersonDto)
  responsible: ResponsibilityListPersonDto;

  @FutureDateTimeField()
  dueAt: string;

  /** 工作标准 / 达标标准: what counts as done; a key task is checked against it. */
  @TextField(MEDIUM)
  standard: string;

  /** 保障措施: the means set aside for it. */
  @TextField(MEDIUM)
  safeguards: string;

  /** 监督主体: the body that supervises it. */
  @TextField(SHORT)
  supervisedBy: string;

  /** 重点任务: checked against its standard once done (CHECK_TASK). */
  @Optional()
  @IsBoolean()
  key?: boolean;

  /** The department it concerns (分管部门): the code of a department under the list's handling unit. */
  @Optional()
  @UnitCodeField({ kind: DEPARTMENT_KIND, scope: 'below' })
  department?: string;
}

/** Version 3's opening: version 2's, with tasks that may be key and name their department by unit code. */
export class ResponsibilityListV3OpenPayload {
  @IsInt()
  @Min(2000)
  @Max(2100)
  @publish({ type: 'integer' })
  year: number;

  /** The principal responsible person (主体责任); `ref` is the `sub` of their account. */
  @Nested(() => ResponsibilityListPersonDto)
  principal: ResponsibilityListPersonDto;

  /** The supervisory responsible person (监督责任); `ref` is the `sub` of their account. */
  @Nested(() => ResponsibilityListPersonDto)
  supervisor: ResponsibilityListPersonDto;

  @NestedList(() => ResponsibilityListTaskV3Dto, 1, MAX_TASKS_V2)
  tasks: ResponsibilityListTaskV3Dto[];
}

export class ReviseListTasksV3Payload implements PayloadOf<'REVISE_TASKS'> {
  @NestedList(() => ResponsibilityListTaskV3Dto, 1, MAX_TASKS_V2)
  tasks: ResponsibilityListTaskV3Dto[];
}

/** The check of a key task that is done: met its standard (达标) or not, and how it measured up. */
export class CheckTaskPayload implements PayloadOf<'CHECK_TASK'> {
  @TextField(16)
  taskId: string;

  @IsBoolean()
  met: boolean;

  @TextField(2000)
  note: string;
}
