import { Type } from 'class-transformer';
import { IsIn, IsNotEmpty, IsObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { EngineErrorCode, UserInputError } from './errors';
import { problemsOf, validatePayload } from './payload.validator';
import type { WorkflowRegistry } from './workflow.registry';
import type { SubjectInput, WorkflowDefinition } from './workflow.types';

export class SubjectFields implements SubjectInput {
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  ref: string;

  @IsIn(['individual', 'organisation'])
  kind: 'individual' | 'organisation';

  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  organisation?: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  post?: string;
}

/** The fields of POST /cases every workflow shares; the rest of the body is the workflow's open payload. */
export class OpenCaseFields {
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  workflow: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  businessKey?: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  title: string;

  @IsObject()
  @ValidateNested()
  @Type(() => SubjectFields)
  subject: SubjectFields;
}

export const COMMON_OPEN_FIELDS = ['workflow', 'businessKey', 'title', 'subject'] as const;

export interface OpenCaseCommand {
  businessKey?: string;
  title: string;
  subject: SubjectInput;
  payload: Record<string, unknown>;
}

/** Splits and validates a POST /cases body: the common fields, then the workflow's own open payload. */
export async function validateOpenBody(
  registry: WorkflowRegistry,
  body: unknown,
): Promise<{ wf: WorkflowDefinition; command: OpenCaseCommand }> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new UserInputError(EngineErrorCode.PAYLOAD_INVALID, 'The body must be a JSON object');
  }
  const all = body as Record<string, unknown>;
  const common = Object.fromEntries(COMMON_OPEN_FIELDS.filter((k) => k in all).map((k) => [k, all[k]]));
  const rest = Object.fromEntries(
    Object.entries(all).filter(([k]) => !(COMMON_OPEN_FIELDS as readonly string[]).includes(k)),
  );
  const problems = await problemsOf(OpenCaseFields, common);
  if (problems.length) {
    throw new UserInputError(EngineErrorCode.PAYLOAD_INVALID, problems.join('; '), { problems });
  }
  const fields = common as unknown as OpenCaseFields;
  const wf = registry.latest(fields.workflow);
  const payload = await validatePayload(`opening a ${wf.name} case`, wf.open.payload, rest);
  const { businessKey, title, subject } = fields;
  return { wf, command: { ...(businessKey !== undefined && { businessKey }), title, subject, payload } };
}
