import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { SubjectSummaryDto } from './case-subject.dto';
import { NextDeadlineDto } from './next-deadline.dto';

export { SubjectCadreDto, SubjectCadreUnitDto, SubjectSummaryDto } from './case-subject.dto';
export { CaseMinimalDto, DryRunResultDto, ScheduledDeadlineDto } from './event-result.dto';

/** The response bodies of /cases, as CasesQuery (cases.query.ts, case.views.ts) builds them. */

type LabelText = { zh: string; en: string };

@ApiSchema({ name: 'Deadline' })
export class DeadlineViewDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ description: 'The deadline kind its workflow declares' })
  kind: string;

  @ApiProperty({ format: 'date-time' })
  dueAt: string;

  @ApiProperty({ enum: ['pending', 'fired', 'cancelled'] })
  status: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  firedAt: string | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When the state it guarded was left (or it was cancelled)',
  })
  settledAt: string | null;

  @ApiProperty({
    description:
      'Its due time counts working days of a year without an official holiday schedule (computed from the ' +
      'statutory holidays); it is re-planned, with a history row, when the official schedule arrives',
  })
  provisional: boolean;

  @ApiProperty({ description: 'Fired and still in the state it guards' })
  overdue: boolean;

  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: 'How late, when overdue, at the time of the request (ms)',
  })
  lateByMs: number | null;
}

@ApiSchema({ name: 'CaseLink' })
export class CaseLinkDto {
  @ApiProperty({ format: 'uuid', description: 'The other case' })
  caseId: string;

  @ApiProperty({ description: 'As the workflow that opened the other case names it' })
  relation: string;

  @ApiProperty({
    enum: ['opened', 'openedBy'],
    description: 'opened: this case opened the other; openedBy: the other opened this one',
  })
  direction: string;

  @ApiProperty({ description: "The other case's workflow (its states are named by it)" })
  workflow: string;

  @ApiProperty({ type: String, nullable: true })
  title: string | null;

  @ApiProperty({ type: String, nullable: true })
  state: string | null;

  @ApiProperty({ type: String, enum: ['active', 'closed'], nullable: true })
  status: 'active' | 'closed' | null;
}

@ApiSchema({ name: 'CaseSummary' })
export class CaseSummaryDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiPropertyOptional({
    description:
      'true on the case list when the case’s hash chain does not verify (a history row changed, missing or ' +
      'added outside the service); GET /cases/:id/verify says which',
  })
  chainBroken?: boolean;

  @ApiProperty()
  workflow: string;

  @ApiProperty({ type: 'integer' })
  workflowVersion: number;

  @ApiProperty()
  businessKey: string;

  @ApiProperty()
  title: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'The readable case number given at opening (e.g. 县纪〔2026〕问责12号); null for cases opened before numbering',
  })
  caseNo: string | null;

  @ApiProperty({ description: 'The handling unit (a unit code, GET /units)' })
  unitId: string;

  @ApiProperty({ type: SubjectSummaryDto, nullable: true })
  subject: SubjectSummaryDto | null;

  @ApiProperty({ description: 'Comma-joined dotted state paths (one per parallel region)' })
  state: string;

  @ApiProperty({ type: [String], description: 'The dotted state paths of `state`' })
  states: string[];

  @ApiProperty({ enum: ['active', 'closed'] })
  status: 'active' | 'closed';

  @ApiProperty({ type: String, nullable: true, description: 'Set once the case is closed' })
  outcome: string | null;

  @ApiProperty({ type: 'integer', description: 'Seq of the last history row; send it back as If-Match' })
  revision: number;

  @ApiProperty({ type: [DeadlineViewDto], description: 'The overdue deadlines (list: fired ones only)' })
  overdue: DeadlineViewDto[];

  @ApiProperty({ type: NextDeadlineDto, nullable: true, description: 'The earliest pending time limit' })
  nextDeadline: NextDeadlineDto | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
}

@ApiSchema({ name: 'CaseView' })
export class CaseViewDto extends CaseSummaryDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: "The machine's context; its shape is the workflow's",
  })
  context: unknown;

  @ApiProperty({ type: [String], description: 'Events the current state accepts' })
  allowedEvents: string[];

  @ApiProperty({ type: [String], description: 'Those of allowedEvents the caller’s roles may send' })
  yourEvents: string[];

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'For events with per-case payload variants: the variant (anyOf branch title) that applies',
  })
  eventVariants: Record<string, string>;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'object', additionalProperties: true },
    description:
      'For events of yourEvents whose form the workflow prefills from the case (e.g. the decision from the ' +
      'opinion’s proposed measures): the starting values, by event type; the user may change them',
  })
  eventPrefill: Record<string, Record<string, unknown>>;

  @ApiProperty({
    type: 'object',
    additionalProperties: {
      type: 'object',
      additionalProperties: {
        type: 'array',
        items: {
          type: 'object',
          required: ['value'],
          properties: {
            value: { oneOf: [{ type: 'string' }, { type: 'number' }] },
            label: {
              type: 'object',
              required: ['zh', 'en'],
              properties: { zh: { type: 'string' }, en: { type: 'string' } },
            },
          },
        },
      },
    },
    description:
      'For events of yourEvents whose payload values the workflow narrows for the caller (e.g. the side of a ' +
      'list the signed-in person is named for and has not signed; the open tasks, by title): the values left, ' +
      'by event type and field. An event with no value left for a field is not in yourEvents',
  })
  eventChoices: Record<
    string,
    Record<string, { value: string | number; label?: { zh: string; en: string } }[]>
  >;

  @ApiProperty({
    type: 'array',
    items: {
      type: 'object',
      required: ['type'],
      properties: {
        type: { type: 'string' },
        rule: {
          type: 'object',
          required: ['id', 'source', 'text'],
          properties: {
            id: { type: 'string' },
            source: {
              type: 'object',
              required: ['zh', 'en'],
              properties: { zh: { type: 'string' }, en: { type: 'string' } },
            },
            text: {
              type: 'object',
              required: ['zh', 'en'],
              properties: { zh: { type: 'string' }, en: { type: 'string' } },
            },
          },
        },
        requires: {
          type: 'object',
          required: ['zh', 'en'],
          properties: { zh: { type: 'string' }, en: { type: 'string' } },
        },
      },
    },
    description:
      'Events of the caller’s roles that the current state names but a guard refuses now, with why: the named ' +
      'rule whose guard refused it (id, source, text) and what the workflow says must happen first (requires)',
  })
  blockedEvents: {
    type: string;
    rule?: { id: string; source: LabelText; text: LabelText };
    requires?: LabelText;
  }[];

  @ApiPropertyOptional({
    description: 'Why the machine cannot say more (e.g. the case’s workflow version is no longer deployed)',
  })
  problem?: string;

  @ApiProperty({ type: [DeadlineViewDto] })
  deadlines: DeadlineViewDto[];

  @ApiProperty({ type: [CaseLinkDto] })
  links: CaseLinkDto[];
}

@ApiSchema({ name: 'CasePage' })
export class CasePageDto {
  @ApiProperty({ type: [CaseSummaryDto] })
  items: CaseSummaryDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as cursor for the next page; null on the last',
  })
  nextCursor: string | null;
}
