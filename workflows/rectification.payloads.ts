import { IsBoolean, IsInt, Max, Min } from 'class-validator';
import {
  MAX_ITEMS,
  RECTIFICATION_SOURCES,
  type ItemInput,
  type ItemOwner,
  type PayloadOf,
  type Person,
  type RectificationSource,
  type ReopenedItem,
  type UnitLeader,
} from '../machines/rectification.types';
import {
  RECTIFICATION_SOURCES as RECTIFICATION_SOURCES_V1,
  type RectificationSource as RectificationSourceV1,
} from '../machines/v1/rectification.types';
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

export const SOURCE_LABELS = {
  inspectionTour: { zh: '巡视巡察', en: 'Inspection tour' },
  audit: { zh: '审计', en: 'Audit' },
  accountabilityDecision: { zh: '问责决定', en: 'Accountability decision' },
  assessment: { zh: '考核', en: 'Assessment' },
  other: { zh: '其他', en: 'Other' },
  selfInspection: { zh: '本单位自查（查摆问题）', en: 'Found by the unit itself (自查/查摆)' },
} satisfies Record<RectificationSource, { zh: string; en: string }>;

const FutureDateTime = FutureDateTimeField;

/** The item id: its 1-based position in the opening list. */
function ItemId(): PropertyDecorator {
  return (target, key) => {
    IsInt()(target, key);
    Min(1)(target, key);
    Max(MAX_ITEMS)(target, key);
    publish({ type: 'integer' })(target, key); // Min and Max alone would publish `type: number`
  };
}

/*
 * Version 1's classes keep their names (the same class objects serve version 2 where unchanged);
 * version 2's changed ones have names of their own: schemas are keyed by class name.
 */

export class UnitLeaderDto implements UnitLeader {
  @TextField(SHORT)
  ref: string;

  @TextField(SHORT)
  name: string;

  @Optional()
  @TextField(SHORT)
  post?: string;
}

export class RectificationItemDto implements ItemInput {
  @TextField(LONG)
  description: string;

  /** The person answerable for this item. */
  @TextField(SHORT)
  responsible: string;

  @FutureDateTime()
  dueAt: string;
}

/** What POST /cases carries for a rectification case besides the common fields. */
export class RectificationOpenPayload {
  // Version 1's sources (version 2 added 自查/查摆, selfInspection, with the payload alone).
  @Labelled(RECTIFICATION_SOURCES_V1, SOURCE_LABELS)
  source: RectificationSourceV1;

  /** The unit's principal leader: the subject of an accountability case if the rectification is escalated. */
  @Nested(() => UnitLeaderDto)
  unitLeader: UnitLeaderDto;

  @NestedList(() => RectificationItemDto, 1, MAX_ITEMS)
  items: RectificationItemDto[];
}

export class SubmitPlanPayload implements PayloadOf<'SUBMIT_PLAN'> {
  @TextField(LONG)
  plan: string;
}

export class RectificationReasonPayload implements PayloadOf<'RETURN_PLAN'> {
  @TextField(LONG)
  reason: string;
}

export class CompleteItemPayload implements PayloadOf<'COMPLETE_ITEM'> {
  @ItemId()
  itemId: number;

  /** Where the evidence of the fix is filed. */
  @TextField(SHORT)
  evidenceRef: string;
}

export class ReopenedItemDto implements ReopenedItem {
  @ItemId()
  itemId: number;

  @FutureDateTime()
  newDueAt: string;
}

export class VerifyPayload implements PayloadOf<'VERIFY'> {
  @IsBoolean()
  passed: boolean;

  /** With passed: false, the items reopened, each with its new due date. */
  @Optional()
  @NestedList(() => ReopenedItemDto, 1, MAX_ITEMS)
  items?: ReopenedItemDto[];

  @Optional()
  @TextField(LONG)
  notes?: string;
}

export class RecordNoticePayload implements PayloadOf<'RECORD_NOTICE'> {
  /** The reference of the 督办 notice sent to the unit. */
  @TextField(SHORT)
  noticeRef: string;
}

export class RecordTalkPayload implements PayloadOf<'RECORD_TALK'> {
  @TextField(LONG)
  summary: string;
}

// ---- Version 2 ----

/** A person by identity (the `sub` of their account or personnel number), with name and post. */
export class RectificationPersonDto implements Person {
  @TextField(SHORT)
  ref: string;

  @TextField(SHORT)
  name: string;

  @Optional()
  @TextField(SHORT)
  post?: string;
}

export class RectificationItemV2Dto implements ItemInput {
  @TextField(LONG)
  description: string;

  /** The person answerable for this item, by name. */
  @TextField(SHORT)
  responsible: string;

  /** Their identity, when the finding knows it; the plan names it otherwise. */
  @Optional()
  @TextField(SHORT)
  responsibleRef?: string;

  @FutureDateTime()
  dueAt: string;
}

/** Version 2's opening: the principal (unitLeader) and, when known, the supervisory responsible person. */
export class RectificationCaseOpenPayload {
  @Labelled(RECTIFICATION_SOURCES, SOURCE_LABELS)
  source: RectificationSource;

  /** The unit's principal leader (主体责任): reached by a 倒查 when items lapse. */
  @Nested(() => UnitLeaderDto)
  unitLeader: UnitLeaderDto;

  /** The supervisory responsible person (监督责任: the unit's discipline head); the plan names them otherwise. */
  @Optional()
  @Nested(() => RectificationPersonDto)
  supervisor?: RectificationPersonDto;

  @NestedList(() => RectificationItemV2Dto, 1, MAX_ITEMS)
  items: RectificationItemV2Dto[];
}

/** The person the plan (or ESCALATE) names for an item. */
export class ItemOwnerDto implements ItemOwner {
  @ItemId()
  itemId: number;

  @TextField(SHORT)
  ref: string;

  @TextField(SHORT)
  name: string;

  @Optional()
  @TextField(SHORT)
  post?: string;
}

export class RectificationPlanPayload implements PayloadOf<'SUBMIT_PLAN'> {
  @TextField(LONG)
  plan: string;

  /** The supervisory responsible person, when the case does not name one yet. */
  @Optional()
  @Nested(() => RectificationPersonDto)
  supervisor?: RectificationPersonDto;

  /** The persons responsible for the items, where the case does not name them yet (or names them anew). */
  @Optional()
  @NestedList(() => ItemOwnerDto, 1, MAX_ITEMS)
  owners?: ItemOwnerDto[];
}

export class RectificationEscalatePayload implements PayloadOf<'ESCALATE'> {
  @TextField(LONG)
  reason: string;

  /** For a case from version 1: the supervisory responsible person, when the case names none. */
  @Optional()
  @Nested(() => RectificationPersonDto)
  supervisor?: RectificationPersonDto;

  /** For a case from version 1: the persons of the lapsed items the case does not name. */
  @Optional()
  @NestedList(() => ItemOwnerDto, 1, MAX_ITEMS)
  owners?: ItemOwnerDto[];
}
