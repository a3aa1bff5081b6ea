import { Type } from 'class-transformer';
import {
  Allow,
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import {
  APPEAL_OUTCOMES,
  DISCIPLINARY_OUTCOMES,
  MEASURE_DETAILS,
  MEASURES_BY_SUBJECT_KIND,
  MITIGATIONS,
  RECIPIENT_KINDS,
  RESPONSIBILITIES,
  SELF_REVIEW_MEETINGS,
  SEND_ON_TARGETS,
  SITUATIONS,
  TRANSFER_TARGETS,
  type Situation,
  type Measure,
  type MeasureType,
  type Mitigation,
  type PayloadOf,
  type Responsibility,
} from '../machines/accountability.types';
import {
  DateTimeField,
  Labelled,
  Nested,
  NestedList as NestedListOf,
  Optional,
  publish,
  TextField as Text,
  UnitCodeField,
} from '../src/engine/payload-fields';
import type { Label, SubjectInput } from '../src/engine/workflow.types';

/** A string of 1 (or `min`) to `max` characters; long text by default. */
export const TextField = (max = LONG, min = 1) => Text(max, min);
/** A list of nested objects, at most MAX_ITEMS. */
export const NestedList = (cls: () => new () => object, min: number) => NestedListOf(cls, min, MAX_ITEMS);

export const SHORT = 200;
export const LONG = 20_000;
const MAX_ITEMS = 50;

type Schema = Record<string, unknown>;
type DecoratorSchema = Parameters<typeof JSONSchema>[0];
type Kind = SubjectInput['kind'];

/*
 * Labels convention: every `enum` (and every discriminating `const`) in a published schema carries
 * `x-enumLabels: { <value>: { zh, en } }` beside it, one entry per allowed value, for forms. Nothing
 * else reads labels; validators ignore the keyword (Ajv: `strict: false` or addKeyword).
 */
export const LABELS = {
  // measure types
  notice: { zh: '通报', en: 'Notice' },
  formalWarning: { zh: '诫勉', en: 'Formal warning' },
  writtenSelfCriticism: { zh: '书面检查', en: 'Written self-criticism' },
  governmentAccountability: { zh: '问责方式（2009年暂行规定）', en: 'Government regime (2009)' },
  organisationalHandling: { zh: '组织调整/组织处理', en: 'Organisational handling' },
  partyDiscipline: { zh: '党纪处分', en: 'Party discipline' },
  inspection: { zh: '检查', en: 'Inspection' },
  reorganisation: { zh: '改组', en: 'Reorganisation' },
  // details of organisational handling
  suspension: { zh: '停职检查', en: 'Suspension' },
  reassignment: { zh: '调整职务', en: 'Reassignment' },
  orderedResignation: { zh: '责令辞职', en: 'Ordered resignation' },
  demotion: { zh: '降职', en: 'Demotion' },
  removal: { zh: '免职', en: 'Removal' },
  // details of Party discipline
  warning: { zh: '警告', en: 'Warning' },
  seriousWarning: { zh: '严重警告', en: 'Serious warning' },
  removalFromPost: { zh: '撤销党内职务', en: 'Removal from Party post' },
  probationOneYear: { zh: '留党察看一年', en: 'Probation, one year' },
  probationTwoYears: { zh: '留党察看二年', en: 'Probation, two years' },
  expulsion: { zh: '开除党籍', en: 'Expulsion' },
  // details of the 2009 government regime (suspension, orderedResignation and removal above)
  publicApology: { zh: '责令公开道歉', en: 'Public apology' },
  resignationForBlame: { zh: '引咎辞职', en: 'Resignation to take the blame' },
  // responsibility
  overallLeadership: { zh: '全面领导责任', en: 'Overall leadership' },
  mainLeadership: { zh: '主要领导责任', en: 'Main leadership' },
  importantLeadership: { zh: '重要领导责任', en: 'Important leadership' },
  direct: { zh: '直接责任', en: 'Direct' },
  // mitigation
  none: { zh: '无', en: 'None' },
  lighter: { zh: '从轻', en: 'Lighter' },
  reduced: { zh: '减轻', en: 'Reduced' },
  heavier: { zh: '从重', en: 'Heavier' },
  exempt: { zh: '免予问责', en: 'Exempt' },
  // decisions after a disciplinary review
  sanctioned: { zh: '给予处分', en: 'Sanctioned' },
  noSanction: { zh: '不予处分', en: 'No sanction' },
  // transfer targets
  discipline: { zh: '纪律审查', en: 'Discipline track' },
  judicial: { zh: '司法机关', en: 'Judicial organs' },
  // appeal outcomes
  upheld: { zh: '维持', en: 'Upheld' },
  amended: { zh: '变更', en: 'Amended' },
  revoked: { zh: '撤销', en: 'Revoked' },
  // recipient kinds
  subject: { zh: '被问责对象', en: 'The subject' },
  organisation: { zh: '组织', en: 'Organisation' },
  personalFile: { zh: '个人档案', en: 'Personal file' },
  personnelDepartment: { zh: '组织人事部门', en: 'Personnel department' },
  other: { zh: '其他', en: 'Other' },
  // subject kinds (organisation above)
  individual: { zh: '个人', en: 'Individual' },
  // sources
  inspectionTour: { zh: '巡视巡察', en: 'Inspection tour' },
  audit: { zh: '审计', en: 'Audit' },
  report: { zh: '信访举报', en: 'Report or complaint' },
  incident: { zh: '事件', en: 'Incident' },
  caseInvestigation: { zh: '案件调查', en: 'Case investigation' },
  transfer: { zh: '移送', en: 'Transfer' },
  superiorInstruction: { zh: '上级交办', en: 'Superior instruction' },
  // situations (2019 Art 7, abridged; the 2009 Provisions' own after them)
  weakLeadership: { zh: '党的领导弱化', en: 'Weakened Party leadership' },
  partyBuilding: {
    zh: '党的政治、思想、组织、作风、纪律建设缺失',
    en: 'Failures in political, ideological, organisational, work-style or discipline building',
  },
  antiCorruption: { zh: '党风廉政建设和反腐败工作不力', en: 'Failures in the anti-corruption effort' },
  dutiesNotCarriedOut: {
    zh: '全面从严治党主体责任、监督责任落实不力',
    en: 'Main and supervisory responsibilities not carried out',
  },
  seriousAccident: { zh: '重大事故、事件', en: 'Serious accident or incident' },
  livelihood: { zh: '民生领域不作为、乱作为', en: "Inaction or misconduct on people's livelihood" },
  decisionErrors: { zh: '决策严重失误', en: 'Serious decision-making errors' },
  weakSupervision: { zh: '政府职能部门管理监督不力', en: 'Weak supervision by government departments' },
  abuseOfPower: { zh: '滥用职权', en: 'Abuse of power' },
  massIncident: { zh: '群体性事件处置失当', en: 'Mass incident mishandled' },
  cadreSelection: { zh: '选人用人违规', en: 'Violations in selecting cadres' },
  // self-review meetings (2019 Art 19)
  democraticLife: { zh: '民主生活会', en: 'Democratic life meeting' },
  organisationalLife: { zh: '组织生活会', en: 'Organisational life meeting' },
  otherPartyMeeting: { zh: '党的其他会议', en: 'Another Party meeting' },
  // where a declined clue is sent on
  acceptance: { zh: '退回重新受理', en: 'Back for acceptance' },
  approval: { zh: '报请批准调查', en: 'On to approval of an investigation' },
} as const satisfies Record<string, Label>;

export const SOURCES = [
  'inspectionTour',
  'audit',
  'report',
  'incident',
  'caseInvestigation',
  'transfer',
  'superiorInstruction',
] as const;
export type Source = (typeof SOURCES)[number];

/*
 * The situations that call for accountability, a checked list (fix 9): 2019 Art 7 (abridged as in
 * domain.md), then the 2009 Provisions' own. Other workflows open cases with these ids (assessment and
 * rectification: `dutiesNotCarriedOut`).
 */
export { SITUATIONS, type Situation } from '../machines/accountability.types';

/** `x-enumLabels` for these values. */
export function labelsOf(values: readonly (keyof typeof LABELS)[]): Record<string, Label> {
  return Object.fromEntries(values.map((v) => [v, LABELS[v]]));
}

/** One of `values`, published as `enum` with their labels. */
export function LabelledEnum(values: readonly (keyof typeof LABELS)[]): PropertyDecorator {
  return Labelled(values, LABELS);
}

/** PROPOSE_DECLINE, DECIDE_DIRECTLY, REJECT_INVESTIGATION, WAIVE_STATEMENT, RETURN_FOR_INVESTIGATION, CORRECT_DECISION. */
export class ReasonPayload implements PayloadOf<'PROPOSE_DECLINE'> {
  @TextField()
  reason: string;
}

// ---- Measures: one class per type, chosen by `type` (class-transformer discriminator) ----

/** `type` is exactly `value`: published as `const` with its label. */
function MeasureTypeIs(value: MeasureType): PropertyDecorator {
  return (target, key) => {
    IsIn([value])(target, key);
    publish(() => ({ type: 'string', const: value, 'x-enumLabels': labelsOf([value]) }))(target, key);
  };
}

function ResponsibilityField(): PropertyDecorator {
  return (target, key) => {
    Optional()(target, key);
    LabelledEnum(RESPONSIBILITIES)(target, key);
  };
}

export class NoticeMeasure {
  @MeasureTypeIs('notice') type: 'notice';
  @ResponsibilityField() responsibility?: Responsibility;
}
export class FormalWarningMeasure {
  @MeasureTypeIs('formalWarning') type: 'formalWarning';
  @ResponsibilityField() responsibility?: Responsibility;
}
export class OrganisationalHandlingMeasure {
  @MeasureTypeIs('organisationalHandling') type: 'organisationalHandling';
  @LabelledEnum(MEASURE_DETAILS.organisationalHandling)
  detail: (typeof MEASURE_DETAILS.organisationalHandling)[number];
  @ResponsibilityField() responsibility?: Responsibility;
}
export class PartyDisciplineMeasure {
  @MeasureTypeIs('partyDiscipline') type: 'partyDiscipline';
  @LabelledEnum(MEASURE_DETAILS.partyDiscipline) detail: (typeof MEASURE_DETAILS.partyDiscipline)[number];
  @ResponsibilityField() responsibility?: Responsibility;
}
export class WrittenSelfCriticismMeasure {
  @MeasureTypeIs('writtenSelfCriticism') type: 'writtenSelfCriticism';
  @ResponsibilityField() responsibility?: Responsibility;
}
export class GovernmentAccountabilityMeasure {
  @MeasureTypeIs('governmentAccountability') type: 'governmentAccountability';
  @LabelledEnum(MEASURE_DETAILS.governmentAccountability)
  detail: (typeof MEASURE_DETAILS.governmentAccountability)[number];
  @ResponsibilityField() responsibility?: Responsibility;
}
export class InspectionMeasure {
  @MeasureTypeIs('inspection') type: 'inspection';
  @ResponsibilityField() responsibility?: Responsibility;
}
export class ReorganisationMeasure {
  @MeasureTypeIs('reorganisation') type: 'reorganisation';
  @ResponsibilityField() responsibility?: Responsibility;
}

export const MEASURE_CLASSES: Record<MeasureType, new () => Measure> = {
  notice: NoticeMeasure,
  formalWarning: FormalWarningMeasure,
  writtenSelfCriticism: WrittenSelfCriticismMeasure,
  organisationalHandling: OrganisationalHandlingMeasure,
  partyDiscipline: PartyDisciplineMeasure,
  governmentAccountability: GovernmentAccountabilityMeasure,
  inspection: InspectionMeasure,
  reorganisation: ReorganisationMeasure,
};

/**
 * What class-transformer builds when `type` names no measure of the list: it is always refused, with
 * the allowed types in the message (the other fields are let through so that only `type` is named).
 */
export class IndividualMeasureChoice {
  @IsIn(MEASURES_BY_SUBJECT_KIND.individual) type: MeasureType;
  @Allow() detail?: unknown;
  @Allow() responsibility?: unknown;
}
export class OrganisationMeasureChoice {
  @IsIn(MEASURES_BY_SUBJECT_KIND.organisation) type: MeasureType;
  @Allow() detail?: unknown;
  @Allow() responsibility?: unknown;
}
const CHOICE: Record<Kind, new () => object> = {
  individual: IndividualMeasureChoice,
  organisation: OrganisationMeasureChoice,
};

type SubType = { name: string; value: new () => object };

/**
 * class-transformer 0.5.1 picks an item's subtype with `subTypes.find((s) => s.name === item[property])`
 * without checking the item is an object, so `measures: [null]` would throw (a 500, not a 400). With
 * this lookup a null item gets the fallback class, and IsObject refuses it.
 */
function nullSafe(subTypes: SubType[]): SubType[] {
  return Object.assign(subTypes, {
    find(this: SubType[], predicate: (s: SubType) => boolean): SubType | undefined {
      try {
        return Array.prototype.find.call(this, predicate) as SubType | undefined;
      } catch {
        return undefined;
      }
    },
  });
}

/**
 * The measures that fit a kind of subject: each item is one of the kind's measure classes, chosen by
 * `type`; published as `items: { oneOf: [...], discriminator: { propertyName: 'type' } }`.
 */
export function MeasureList(kind: Kind, min: number): PropertyDecorator {
  const types = MEASURES_BY_SUBJECT_KIND[kind];
  return (target, key) => {
    IsArray()(target, key);
    if (min > 0) ArrayMinSize(min)(target, key);
    ArrayMaxSize(MAX_ITEMS)(target, key);
    IsObject({ each: true })(target, key);
    ValidateNested({ each: true })(target, key);
    Type(() => CHOICE[kind], {
      discriminator: {
        property: 'type',
        subTypes: nullSafe(types.map((t) => ({ name: t, value: MEASURE_CLASSES[t] }))),
      },
      keepDiscriminatorProperty: true,
    })(target, key);
    publish((schema, options) => ({
      ...schema,
      items: {
        type: 'object',
        oneOf: types.map((t) => ({ $ref: `${options.refPointerPrefix}${MEASURE_CLASSES[t].name}` })),
        discriminator: { propertyName: 'type' },
      },
    }))(target, key);
  };
}

// ---- Nested objects ----

export class AccountabilitySubjectDto implements SubjectInput {
  @TextField(SHORT)
  ref: string;

  @LabelledEnum(['individual', 'organisation'])
  kind: Kind;

  @TextField(SHORT)
  name: string;

  @Optional()
  @TextField(SHORT)
  organisation?: string;

  @Optional()
  @TextField(SHORT)
  post?: string;
}

export class AlsoInvestigateDto {
  @Nested(() => AccountabilitySubjectDto)
  subject: AccountabilitySubjectDto;

  @LabelledEnum(RESPONSIBILITIES)
  responsibility: Responsibility;

  @Optional()
  @TextField(SHORT)
  title?: string;
}

/** A person of an organisation's leadership (2019 Art 8): an individual, held to main or important leadership. */
export class LeadershipPersonDto implements SubjectInput {
  @TextField(SHORT)
  ref: string;

  @LabelledEnum(['individual'])
  kind: 'individual';

  @TextField(SHORT)
  name: string;

  @Optional()
  @TextField(SHORT)
  organisation?: string;

  @Optional()
  @TextField(SHORT)
  post?: string;
}

/** A member of the organisation's leadership named by the decision, with a case of their own (一案双查). */
export class LeadershipMemberDto {
  @Nested(() => LeadershipPersonDto)
  subject: LeadershipPersonDto;

  @LabelledEnum(['mainLeadership', 'importantLeadership'])
  responsibility: 'mainLeadership' | 'importantLeadership';

  @Optional()
  @TextField(SHORT)
  title?: string;
}

export class RectificationLeaderDto {
  @TextField(SHORT)
  ref: string;

  @TextField(SHORT)
  name: string;

  @Optional()
  @TextField(SHORT)
  post?: string;
}

export class RectifyingUnitDto {
  @TextField(SHORT)
  ref: string;

  @TextField(SHORT)
  name: string;
}

/**
 * The decision's order to rectify by a date (限期整改) for an organisation: the organisation rectifies.
 * It is followed up by a rectification case of its own, opened with the decision.
 */
export class RectificationDto {
  @TextField()
  requirement: string;

  @DateTimeField()
  dueAt: string;

  /** The principal leader of the unit that rectifies: referred for accountability if it lapses (倒查). */
  @Nested(() => RectificationLeaderDto)
  unitLeader: RectificationLeaderDto;
}

/** The order to rectify in a decision about a person: it names the unit that rectifies. */
export class IndividualRectificationDto extends RectificationDto {
  @Nested(() => RectifyingUnitDto)
  unit: RectifyingUnitDto;
}

/** The case in which the responsible leaders are pursued, and why not here. */
export class PursuedElsewhereDto {
  @TextField(SHORT)
  caseRef: string;

  @TextField()
  reason: string;
}

/** Where a decision also transfers the matter (DECIDE's optional `transfer`). */
export class DecisionTransferDto {
  @LabelledEnum(TRANSFER_TARGETS)
  to: (typeof TRANSFER_TARGETS)[number];

  @TextField(SHORT)
  reference: string;
}

export class RecipientDto {
  @LabelledEnum(RECIPIENT_KINDS)
  kind: (typeof RECIPIENT_KINDS)[number];

  @TextField(SHORT)
  name: string;
}

// ---- Opening ----

/** The fields of POST /cases an accountability case needs besides the common ones (workflow, title, subject…). */
export class AccountabilityOpenPayload {
  @LabelledEnum(SOURCES)
  source: Source;

  // Same limits as POST /cases enforces today (empty strings allowed).
  @Optional()
  @TextField(LONG, 0)
  facts?: string;

  @Optional()
  @LabelledEnum(SITUATIONS)
  situation?: Situation;

  /** The responsibility given by the case that asked for this one (一案双查). */
  @Optional()
  @LabelledEnum(RESPONSIBILITIES)
  responsibility?: Responsibility;
}

export class MergePayload implements PayloadOf<'MERGE'> {
  @TextField(SHORT)
  disciplinaryCaseRef: string;

  @Optional()
  @NestedList(() => AlsoInvestigateDto, 0)
  alsoInvestigate?: AlsoInvestigateDto[];
}

export class RecordStatementPayload implements PayloadOf<'RECORD_STATEMENT'> {
  @TextField()
  statement: string;
}

export class ExtendInvestigationPayload implements PayloadOf<'EXTEND_INVESTIGATION'> {
  @IsInt()
  @Min(1)
  @Max(365)
  @publish({ type: 'integer' }) // Min and Max alone would publish `type: number`
  days: number;

  @TextField()
  reason: string;
}

export class SubmitReportPayload implements PayloadOf<'SUBMIT_REPORT'> {
  @TextField()
  findings: string;

  @LabelledEnum(RESPONSIBILITIES)
  responsibility: Responsibility;

  @LabelledEnum(SITUATIONS)
  situation: Situation;
}

// ---- Events whose measures depend on the subject's kind: one class per kind ----

export class IndividualProposeOpinionPayload implements PayloadOf<'PROPOSE_OPINION'> {
  // Empty when the opinion is to exempt (2019 Art 17).
  @MeasureList('individual', 0)
  measures: Measure[];

  @LabelledEnum(MITIGATIONS)
  mitigation: Mitigation;

  @TextField()
  basis: string;
}

export class OrganisationProposeOpinionPayload implements PayloadOf<'PROPOSE_OPINION'> {
  @MeasureList('organisation', 0)
  measures: Measure[];

  @LabelledEnum(MITIGATIONS)
  mitigation: Mitigation;

  @TextField()
  basis: string;
}

export class IndividualDecidePayload implements PayloadOf<'DECIDE'> {
  @TextField(SHORT)
  decisionNo: string;

  @MeasureList('individual', 1)
  measures: Measure[];

  /** Whether the matter is serious or long-running: then the responsible leaders are pursued too (一案双查). */
  @IsBoolean()
  serious: boolean;

  /** The responsible leaders are pursued in another case (一案双查 recorded, not repeated). */
  @Optional()
  @Nested(() => PursuedElsewhereDto)
  leadersPursuedElsewhere?: PursuedElsewhereDto;

  @Optional()
  @Nested(() => IndividualRectificationDto)
  rectification?: IndividualRectificationDto;

  @Optional()
  @NestedList(() => AlsoInvestigateDto, 0)
  alsoInvestigate?: AlsoInvestigateDto[];

  // Measures and a transfer to the discipline or judicial track do not replace each other (2009 Art 4).
  @Optional()
  @Nested(() => DecisionTransferDto)
  transfer?: DecisionTransferDto;
}

export class OrganisationDecidePayload implements PayloadOf<'DECIDE'> {
  @TextField(SHORT)
  decisionNo: string;

  @MeasureList('organisation', 1)
  measures: Measure[];

  @Optional()
  @Nested(() => RectificationDto)
  rectification?: RectificationDto;

  /** The members of the organisation's leadership held responsible, each with a case of their own (2019 Art 8). */
  // The schema says who may be named; that one of them holds main leadership is the guard's to judge.
  @NestedList(() => LeadershipMemberDto, 1)
  alsoInvestigate: LeadershipMemberDto[];

  // Measures and a transfer to the discipline or judicial track do not replace each other (2009 Art 4).
  @Optional()
  @Nested(() => DecisionTransferDto)
  transfer?: DecisionTransferDto;
}

/**
 * RESOLVE_APPEAL, published as `oneOf` by `outcome`: amended needs the new measures; upheld and
 * revoked may carry measures (they are then validated, as the server does) but need none.
 */
function appealSchema(schema: Schema): Schema {
  const props = schema.properties as { outcome: Schema; measures: Schema };
  const branch = (outcomes: readonly (typeof APPEAL_OUTCOMES)[number][], required: string[]) => ({
    type: 'object',
    properties: {
      outcome: { type: 'string', enum: outcomes, 'x-enumLabels': labelsOf(outcomes) },
      measures: props.measures,
    },
    required,
  });
  return {
    type: 'object',
    oneOf: [branch(['amended'], ['outcome', 'measures']), branch(['upheld', 'revoked'], ['outcome'])],
    discriminator: { propertyName: 'outcome' },
  };
}

@JSONSchema(appealSchema as unknown as DecoratorSchema)
export class IndividualResolveAppealPayload implements PayloadOf<'RESOLVE_APPEAL'> {
  @LabelledEnum(APPEAL_OUTCOMES)
  outcome: (typeof APPEAL_OUTCOMES)[number];

  // Required when amended, so the new measures are known.
  @ValidateIf((o: IndividualResolveAppealPayload) => o.outcome === 'amended' || o.measures !== undefined)
  @MeasureList('individual', 1)
  measures?: Measure[];
}

@JSONSchema(appealSchema as unknown as DecoratorSchema)
export class OrganisationResolveAppealPayload implements PayloadOf<'RESOLVE_APPEAL'> {
  @LabelledEnum(APPEAL_OUTCOMES)
  outcome: (typeof APPEAL_OUTCOMES)[number];

  @ValidateIf((o: OrganisationResolveAppealPayload) => o.outcome === 'amended' || o.measures !== undefined)
  @MeasureList('organisation', 1)
  measures?: Measure[];
}

export class IndividualRecordDisciplinaryOutcomePayload implements PayloadOf<'RECORD_DISCIPLINARY_OUTCOME'> {
  @LabelledEnum(DISCIPLINARY_OUTCOMES)
  outcome: (typeof DISCIPLINARY_OUTCOMES)[number];

  @DateTimeField()
  decidedAt: string;

  // The measures decided after the review, for the subject's lifelong record.
  @Optional()
  @MeasureList('individual', 1)
  measures?: Measure[];
}

export class OrganisationRecordDisciplinaryOutcomePayload implements PayloadOf<'RECORD_DISCIPLINARY_OUTCOME'> {
  @LabelledEnum(DISCIPLINARY_OUTCOMES)
  outcome: (typeof DISCIPLINARY_OUTCOMES)[number];

  @DateTimeField()
  decidedAt: string;

  @Optional()
  @MeasureList('organisation', 1)
  measures?: Measure[];
}

/** The payload classes of the events whose measures depend on the subject's kind. */
export const BY_SUBJECT_KIND = {
  PROPOSE_OPINION: {
    individual: IndividualProposeOpinionPayload,
    organisation: OrganisationProposeOpinionPayload,
  },
  DECIDE: { individual: IndividualDecidePayload, organisation: OrganisationDecidePayload },
  RESOLVE_APPEAL: {
    individual: IndividualResolveAppealPayload,
    organisation: OrganisationResolveAppealPayload,
  },
  RECORD_DISCIPLINARY_OUTCOME: {
    individual: IndividualRecordDisciplinaryOutcomePayload,
    organisation: OrganisationRecordDisciplinaryOutcomePayload,
  },
} as const satisfies Record<string, Record<Kind, new () => object>>;

export class DecideNoAccountabilityPayload implements PayloadOf<'DECIDE_NO_ACCOUNTABILITY'> {
  @TextField()
  grounds: string;
}

export class TransferPayload implements PayloadOf<'TRANSFER'> {
  @LabelledEnum(TRANSFER_TARGETS)
  to: (typeof TRANSFER_TARGETS)[number];

  @TextField(SHORT)
  reference: string;

  @Optional()
  @NestedList(() => AlsoInvestigateDto, 0)
  alsoInvestigate?: AlsoInvestigateDto[];
}

/** TRANSFER_JURISDICTION, TAKE_OVER: the unit that handles the case from now on, and why. */
export class JurisdictionPayload implements PayloadOf<'TRANSFER_JURISDICTION'> {
  /** A unit code (GET /units): any unit but the one that handles the case now. */
  @UnitCodeField({ scope: 'other' })
  unitId: string;

  @TextField()
  reason: string;
}

export class DeliverPayload implements PayloadOf<'DELIVER'> {
  @DateTimeField()
  deliveredAt: string;

  @NestedList(() => RecipientDto, 1)
  recipients: RecipientDto[];
}

export class RecordExecutionPayload implements PayloadOf<'RECORD_EXECUTION'> {
  @DateTimeField()
  completedAt: string;

  @TextField(SHORT)
  fileRef: string;
}

/** PROPOSE_DECLINE's counterpart: the leader sends a clue the officer proposed to decline on. */
export class SendOnPayload implements PayloadOf<'SEND_ON'> {
  @LabelledEnum(SEND_ON_TARGETS)
  to: (typeof SEND_ON_TARGETS)[number];

  @TextField()
  reason: string;
}

/** The subject's self-review at a Party meeting (2019 Art 19). */
export class RecordSelfReviewPayload implements PayloadOf<'RECORD_SELF_REVIEW'> {
  @LabelledEnum(SELF_REVIEW_MEETINGS)
  meeting: (typeof SELF_REVIEW_MEETINGS)[number];

  @DateTimeField()
  heldAt: string;

  @TextField()
  summary: string;
}

/** Publication of organisational handling or discipline (2019 Art 19): where and when. */
export class RecordPublicationPayload implements PayloadOf<'RECORD_PUBLICATION'> {
  @TextField(SHORT)
  where: string;

  @DateTimeField()
  publishedAt: string;
}

/** Filing in the personal file and with the next-level personnel department (2016 Art 9; 2009 Art 19). */
export class RecordFilingPayload implements PayloadOf<'RECORD_FILING'> {
  @TextField(SHORT)
  personalFileRef: string;

  @TextField(SHORT)
  personnelDepartment: string;

  @DateTimeField()
  filedAt: string;
}

export class FileAppealPayload implements PayloadOf<'FILE_APPEAL'> {
  @TextField()
  grounds: string;
}
