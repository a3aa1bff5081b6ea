/**
 * The shapes the API returns, generated from the service's OpenAPI document (npm run openapi, then
 * npm run openapi:types): the names the workbench uses, as aliases onto schema.d.ts. Only JSON
 * Schema values the API serves as data (a workflow's payload schemas) are typed here by hand.
 */
import type { components } from './schema';

type Schemas = components['schemas'];

export type Subject = Schemas['SubjectSummary'];
export type Deadline = Schemas['Deadline'];
export type CaseLink = Schemas['CaseLink'];
export type CaseSummary = Schemas['CaseSummary'];
export type CaseView = Schemas['CaseView'];
export type DryRunResult = Schemas['DryRunResult'];

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type HistoryEntry = Schemas['HistoryEntry'];
export type VerifyResult = Schemas['VerifyResult'];
export type Attachment = Schemas['Attachment'];
export type AttachmentList = Schemas['AttachmentList'];
export type AttachmentCreated = Schemas['AttachmentCreated'];
export type CaseDocuments = Schemas['CaseDocuments'];
export type IssuedDocument = Schemas['IssuedDocument'];
export type Cadre = Schemas['Cadre'];
export type CadrePage = Schemas['CadrePage'];
export type CadreImportResult = Schemas['CadreImportResult'];
export type Unit = Schemas['UnitDto'];
export type Profile = Schemas['ProfileDto'];

/** A JSON schema, as far as the forms need one. */
export interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: (string | number | boolean)[];
  oneOf?: JsonSchema[];
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  additionalProperties?: boolean;
}

export type WorkflowStateNode = Schemas['MachineState'];
export type WorkflowTransition = Schemas['MachineTransition'];

/** The published payload schema, typed as the forms read it. */
export type WorkflowEvent = Omit<Schemas['WorkflowEvent'], 'schema'> & { schema: JsonSchema };

export type Workflow = Omit<Schemas['Workflow'], 'events' | 'open'> & {
  events: WorkflowEvent[];
  open: Omit<Schemas['OpenPolicy'], 'schema'> & { schema: JsonSchema };
};

export type Measure = Schemas['Measure'];
export type SubjectRecord = Schemas['SubjectRecord'];
export type DemoUser = Schemas['DevUser'];
export type Stats = Schemas['Stats'];
export type StatsReport = Schemas['StatsReport'];

/** Every error body: { statusCode, error, message, code?, details? }. */
export type ErrorBody = Omit<Schemas['ErrorBody'], 'details' | 'messageCode' | 'params'> & {
  /** What the message is rendered from in the reader's language (absent when the service did not answer). */
  messageCode?: string;
  params?: Record<string, unknown>;
  details?: {
    problems?: string[];
    allowedEvents?: string[];
    revision?: number;
    state?: string;
    [key: string]: unknown;
  };
};
