import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  registerDecorator,
  ValidateIf,
  ValidateNested,
  type ValidationArguments,
} from 'class-validator';
import {
  APPEAL_OUTCOMES,
  MEASURE_DETAILS,
  MEASURE_TYPES,
  MITIGATIONS,
  RECIPIENT_KINDS,
  RESPONSIBILITIES,
  TRANSFER_TARGETS,
  type MeasureType,
  type Mitigation,
  type PayloadOf,
  type Responsibility,
} from '../machines/accountability.types';
import type { SubjectInput } from '../src/engine/workflow.types';

const SHORT = 200;
const LONG = 20_000;
const MAX_ITEMS = 50;

/** `detail` is required, and must be one of the allowed values, exactly for the types that have details. */
function IsMeasureDetail(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isMeasureDetail',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: 'detail must match the measure type' },
      validator: {
        validate(value: unknown, args: ValidationArguments) {
          const type = (args.object as { type?: string }).type;
          const allowed: readonly string[] | undefined =
            MEASURE_DETAILS[type as keyof typeof MEASURE_DETAILS];
          return allowed ? typeof value === 'string' && allowed.includes(value) : value === undefined;
        },
      },
    });
}

function TextField(max = LONG): PropertyDecorator {
  return (target, key) => {
    IsString()(target, key);
    IsNotEmpty()(target, key);
    MaxLength(max)(target, key);
  };
}

/** DECLINE, DECIDE_DIRECTLY, REJECT_INVESTIGATION, WAIVE_STATEMENT, RETURN_FOR_INVESTIGATION, CORRECT_DECISION. */
export class ReasonPayload implements PayloadOf<'DECLINE'> {
  @TextField()
  reason: string;
}

export class MeasureDto {
  @IsIn(MEASURE_TYPES)
  type: MeasureType;

  @IsMeasureDetail()
  detail?: string;

  @IsOptional()
  @IsIn(RESPONSIBILITIES)
  responsibility?: Responsibility;
}

export class SubjectDto implements SubjectInput {
  @TextField(SHORT)
  ref: string;

  @IsIn(['individual', 'organisation'])
  kind: 'individual' | 'organisation';

  @TextField(SHORT)
  name: string;

  @IsOptional()
  @TextField(SHORT)
  organisation?: string;

  @IsOptional()
  @TextField(SHORT)
  post?: string;
}

export class AlsoInvestigateDto {
  @ValidateNested()
  @Type(() => SubjectDto)
  subject: SubjectDto;

  @IsIn(RESPONSIBILITIES)
  responsibility: Responsibility;

  @IsOptional()
  @TextField(SHORT)
  title?: string;
}

export class RectificationDto {
  @TextField()
  requirement: string;

  @IsISO8601({ strict: true })
  dueAt: string;
}

export class RecipientDto {
  @IsIn(RECIPIENT_KINDS)
  kind: (typeof RECIPIENT_KINDS)[number];

  @TextField(SHORT)
  name: string;
}

function MeasureList(min: number): PropertyDecorator {
  return (target, key) => {
    IsArray()(target, key);
    ArrayMinSize(min)(target, key);
    ArrayMaxSize(MAX_ITEMS)(target, key);
    ValidateNested({ each: true })(target, key);
    Type(() => MeasureDto)(target, key);
  };
}

export class MergePayload implements PayloadOf<'MERGE'> {
  @TextField(SHORT)
  disciplinaryCaseRef: string;
}

export class RecordStatementPayload implements PayloadOf<'RECORD_STATEMENT'> {
  @TextField()
  statement: string;
}

export class ExtendInvestigationPayload implements PayloadOf<'EXTEND_INVESTIGATION'> {
  @IsInt()
  @Min(1)
  @Max(365)
  days: number;

  @TextField()
  reason: string;
}

export class SubmitReportPayload implements PayloadOf<'SUBMIT_REPORT'> {
  @TextField()
  findings: string;

  @IsIn(RESPONSIBILITIES)
  responsibility: Responsibility;

  @TextField()
  situation: string;
}

export class ProposeOpinionPayload implements PayloadOf<'PROPOSE_OPINION'> {
  // Empty when the opinion is to exempt (2019 Art 17).
  @MeasureList(0)
  measures: MeasureDto[];

  @IsIn(MITIGATIONS)
  mitigation: Mitigation;

  @TextField()
  basis: string;
}

export class DecidePayload implements PayloadOf<'DECIDE'> {
  @TextField(SHORT)
  decisionNo: string;

  @MeasureList(1)
  measures: MeasureDto[];

  @IsOptional()
  @ValidateNested()
  @Type(() => RectificationDto)
  rectification?: RectificationDto;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_ITEMS)
  @ValidateNested({ each: true })
  @Type(() => AlsoInvestigateDto)
  alsoInvestigate?: AlsoInvestigateDto[];
}

export class DecideNoAccountabilityPayload implements PayloadOf<'DECIDE_NO_ACCOUNTABILITY'> {
  @TextField()
  grounds: string;
}

export class TransferPayload implements PayloadOf<'TRANSFER'> {
  @IsIn(TRANSFER_TARGETS)
  to: (typeof TRANSFER_TARGETS)[number];

  @TextField(SHORT)
  reference: string;
}

export class DeliverPayload implements PayloadOf<'DELIVER'> {
  @IsISO8601({ strict: true })
  deliveredAt: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_ITEMS)
  @ValidateNested({ each: true })
  @Type(() => RecipientDto)
  recipients: RecipientDto[];
}

export class RecordExecutionPayload implements PayloadOf<'RECORD_EXECUTION'> {
  @IsISO8601({ strict: true })
  completedAt: string;

  @TextField(SHORT)
  fileRef: string;
}

export class SubmitRectificationPayload implements PayloadOf<'SUBMIT_RECTIFICATION'> {
  @TextField()
  report: string;
}

export class VerifyRectificationPayload implements PayloadOf<'VERIFY_RECTIFICATION'> {
  @IsBoolean()
  passed: boolean;

  @IsOptional()
  @IsISO8601({ strict: true })
  newDueAt?: string;

  @IsOptional()
  @TextField()
  notes?: string;
}

export class FileAppealPayload implements PayloadOf<'FILE_APPEAL'> {
  @TextField()
  grounds: string;
}

export class ResolveAppealPayload implements PayloadOf<'RESOLVE_APPEAL'> {
  @IsIn(APPEAL_OUTCOMES)
  outcome: (typeof APPEAL_OUTCOMES)[number];

  // Required when amended, so the new measures are known.
  @ValidateIf((o: ResolveAppealPayload) => o.outcome === 'amended' || o.measures !== undefined)
  @MeasureList(1)
  measures?: MeasureDto[];
}

export const SOURCES = [
  'inspectionTour',
  'audit',
  'report',
  'incident',
  'caseInvestigation',
  'transfer',
  'superiorInstruction',
] as const;

/** What POST /cases carries for an accountability case besides the common fields. */
export class AccountabilityOpenPayload {
  @IsIn(SOURCES)
  source: (typeof SOURCES)[number];

  @IsOptional()
  @IsString()
  @MaxLength(LONG)
  facts?: string;

  @IsOptional()
  @IsString()
  @MaxLength(SHORT)
  situation?: string;
}
