/*
 * Payload classes of the responsibility list: what POST /cases and each event accept, published as
 * exactly that JSON schema (the payload-fields decorators).
 */
import { IsInt, Max, Min } from 'class-validator';
import type { Payloads, Person, Side, TaskDraft } from '../machines/responsibility-list.types';
import { SIDES } from '../machines/responsibility-list.types';
import {
  FutureDateTimeField,
  Labelled,
  Nested,
  NestedList,
  Optional,
  publish,
  TextField,
} from '../src/engine/payload-fields';

const SHORT = 200;
const LONG = 20_000;
export const MAX_TASKS = 100;

type PayloadOf<K extends keyof Payloads> = Payloads[K];

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

export class SignListPayload implements PayloadOf<'SIGN'> {
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
