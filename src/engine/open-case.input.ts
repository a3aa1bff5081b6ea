import { EngineErrorCode, UserInputError } from './errors';
import { Labelled, Nested, Optional, TextField, UnitCodeField } from './payload-fields';
import { problemsOf, validatePayload } from './payload.validator';
import type { WorkflowRegistry } from './workflow.registry';
import type { SubjectInput, WorkflowDefinition } from './workflow.types';

const SUBJECT_KINDS = ['individual', 'organisation'] as const;

export class SubjectFields implements SubjectInput {
  /** Stable across posts: a personnel number, an organisation code. */
  @TextField(200)
  ref: string;

  @Labelled(SUBJECT_KINDS, {
    individual: { zh: '个人', en: 'Individual' },
    organisation: { zh: '组织', en: 'Organisation' },
  })
  kind: (typeof SUBJECT_KINDS)[number];

  @TextField(200)
  name: string;

  @Optional()
  @TextField(200)
  organisation?: string;

  @Optional()
  @TextField(200)
  post?: string;
}

/** The fields of POST /cases every workflow shares; the rest of the body is the workflow's open payload. */
export class OpenCaseFields {
  @TextField(64)
  workflow: string;

  /** Unique per workflow: opening the same key again returns the existing case. */
  @Optional()
  @TextField(200)
  businessKey?: string;

  @TextField(500)
  title: string;

  @Nested(() => SubjectFields)
  subject: SubjectFields;

  /** The handling unit's code: the caller's own unit or one below it. By default the caller's unit. */
  @Optional()
  @UnitCodeField()
  unitId?: string;
}

export const COMMON_OPEN_FIELDS = ['workflow', 'businessKey', 'title', 'subject', 'unitId'] as const;

export interface OpenCaseCommand {
  businessKey?: string;
  unitId?: string;
  title: string;
  subject: SubjectInput;
  payload: Record<string, unknown>;
}

/** A subject of a kind the workflow's cases are never about (a responsibility list of a person). */
function subjectKindProblems(wf: WorkflowDefinition, fields: OpenCaseFields): string[] {
  const kinds = wf.open.subjectKinds;
  const kind = (fields.subject as Partial<SubjectInput> | undefined)?.kind;
  if (!kinds || kind === undefined || kinds.includes(kind)) return [];
  return [`subject.kind must be ${kinds.join(' or ')}: a ${wf.name} case is not about an ${kind}`];
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
  const fields = common as unknown as OpenCaseFields;
  // Every problem at once: the common fields', and the workflow's own once the workflow is known.
  const problems = await problemsOf(OpenCaseFields, common);
  const wf = typeof fields.workflow === 'string' ? registry.find(fields.workflow) : undefined;
  if (wf) problems.push(...(await problemsOf(wf.open.payload, rest)), ...subjectKindProblems(wf, fields));
  if (problems.length) {
    throw new UserInputError(EngineErrorCode.PAYLOAD_INVALID, problems.join('; '), { problems });
  }
  if (!wf) throw registry.unknown(fields.workflow);
  const payload = await validatePayload(`opening a ${wf.name} case`, wf.open.payload, rest);
  const { businessKey, title, subject, unitId } = fields;
  return {
    wf,
    command: {
      ...(businessKey !== undefined && { businessKey }),
      ...(unitId !== undefined && { unitId }),
      title,
      subject,
      payload,
    },
  };
}
