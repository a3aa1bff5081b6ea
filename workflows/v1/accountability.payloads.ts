/*
 * The payload classes of version 1 that version 2 changed (the situation became a checked list; the
 * decision names the leaders it pursues). Kept as they were deployed, under names of their own:
 * schemas are keyed by class name across the catalogue.
 */
import {
  RECIPIENT_KINDS,
  RESPONSIBILITIES,
  type Measure,
  type PayloadOf,
  type Responsibility,
} from '../../machines/v1/accountability.types';
import { DateTimeField, Nested, Optional, UnitCodeField } from '../../src/engine/payload-fields';
import {
  AlsoInvestigateDto,
  BY_SUBJECT_KIND,
  DecisionTransferDto,
  IndividualRectificationDto,
  LabelledEnum,
  LONG,
  MeasureList,
  NestedList,
  RectificationDto,
  SHORT,
  SOURCES,
  TextField,
  type Source,
} from '../accountability.payloads';

/** TRANSFER_JURISDICTION, TAKE_OVER as version 1 publishes them: the unit by code, no choice of units. */
export class JurisdictionPayloadV1 {
  @UnitCodeField()
  unitId: string;

  @TextField()
  reason: string;
}

/** Version 1's recipients: the personal file and the personnel department were recipient kinds. */
export class RecipientDtoV1 {
  @LabelledEnum(RECIPIENT_KINDS)
  kind: (typeof RECIPIENT_KINDS)[number];

  @TextField(SHORT)
  name: string;
}

export class DeliverPayloadV1 implements PayloadOf<'DELIVER'> {
  @DateTimeField()
  deliveredAt: string;

  @NestedList(() => RecipientDtoV1, 1)
  recipients: RecipientDtoV1[];
}

export class AccountabilityOpenPayloadV1 {
  @LabelledEnum(SOURCES)
  source: Source;

  @Optional()
  @TextField(LONG, 0)
  facts?: string;

  @Optional()
  @TextField(SHORT, 0)
  situation?: string;

  @Optional()
  @LabelledEnum(RESPONSIBILITIES)
  responsibility?: Responsibility;
}

export class SubmitReportPayloadV1 implements PayloadOf<'SUBMIT_REPORT'> {
  @TextField()
  findings: string;

  @LabelledEnum(RESPONSIBILITIES)
  responsibility: Responsibility;

  @TextField()
  situation: string;
}

export class IndividualDecidePayloadV1 implements PayloadOf<'DECIDE'> {
  @TextField(SHORT)
  decisionNo: string;

  @MeasureList('individual', 1)
  measures: Measure[];

  @Optional()
  @Nested(() => IndividualRectificationDto)
  rectification?: IndividualRectificationDto;

  @Optional()
  @NestedList(() => AlsoInvestigateDto, 0)
  alsoInvestigate?: AlsoInvestigateDto[];

  @Optional()
  @Nested(() => DecisionTransferDto)
  transfer?: DecisionTransferDto;
}

export class OrganisationDecidePayloadV1 implements PayloadOf<'DECIDE'> {
  @TextField(SHORT)
  decisionNo: string;

  @MeasureList('organisation', 1)
  measures: Measure[];

  @Optional()
  @Nested(() => RectificationDto)
  rectification?: RectificationDto;

  @Optional()
  @NestedList(() => AlsoInvestigateDto, 0)
  alsoInvestigate?: AlsoInvestigateDto[];

  @Optional()
  @Nested(() => DecisionTransferDto)
  transfer?: DecisionTransferDto;
}

/** Version 1's classes of the events whose measures depend on the subject's kind. */
export const BY_SUBJECT_KIND_V1 = {
  ...BY_SUBJECT_KIND,
  DECIDE: { individual: IndividualDecidePayloadV1, organisation: OrganisationDecidePayloadV1 },
} as const;
