/** The shapes the API returns (see DESIGN.md, "HTTP API"). */

export interface Subject {
  id: string;
  ref: string;
  kind: 'individual' | 'organisation';
  name: string;
  organisation: string | null;
  post: string | null;
}

export interface Deadline {
  id: string;
  kind: string;
  dueAt: string;
  status: 'pending' | 'fired' | 'cancelled' | string;
  firedAt: string | null;
  settledAt: string | null;
  overdue: boolean;
  lateByMs: number | null;
}

export interface CaseLink {
  caseId: string;
  relation: string;
  direction: 'opened' | 'openedBy';
  title: string | null;
  state: string | null;
  status: string | null;
}

export interface CaseSummary {
  id: string;
  workflow: string;
  workflowVersion: number;
  businessKey: string;
  title: string;
  subject: Subject | null;
  state: string;
  states: string[];
  status: 'active' | 'closed';
  outcome: string | null;
  revision: number;
  overdue: Deadline[];
  createdAt: string;
  updatedAt: string;
}

export interface CaseView extends CaseSummary {
  context: Record<string, unknown>;
  allowedEvents: string[];
  yourEvents: string[];
  /** For events whose payload rules depend on the case: the variant of the published schema that applies. */
  eventVariants: Record<string, string>;
  deadlines: Deadline[];
  links: CaseLink[];
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface HistoryEntry {
  seq: number;
  caseId: string;
  type: string;
  payload: Record<string, unknown>;
  actor: { sub: string; roles: string[] };
  from: string | null;
  to: string;
  at: string;
  prevHash: string;
  hash: string;
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  brokenAtSeq?: number;
  replayMatches: boolean;
  problems: string[];
}

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

export interface WorkflowStateNode {
  id: string;
  path: string;
  key: string;
  type: 'atomic' | 'compound' | 'parallel' | 'final' | 'history' | string;
  parent: string | null;
}

export interface WorkflowTransition {
  source: string;
  event: string;
  targets: string[];
  reenter: boolean;
}

export interface WorkflowEvent {
  type: string;
  roles: string[];
  description: string;
  schema: JsonSchema;
}

export interface Workflow {
  name: string;
  version: number;
  title: string;
  description: string;
  openRoles: string[];
  machine: {
    id: string;
    initial: string | null;
    states: WorkflowStateNode[];
    transitions: WorkflowTransition[];
  };
  events: WorkflowEvent[];
  deadlines: { delay: string; kind: string; duration: string; flagsOverdue: boolean }[];
}

export interface Measure {
  id: string;
  caseId: string;
  type: string;
  detail: string | null;
  decidedAt: string;
  impactUntil: string | null;
  organisation: string | null;
  post: string | null;
  lifted: boolean;
  liftedAt: string | null;
  liftedReason: string | null;
}

export interface SubjectRecord extends Subject {
  cases: CaseSummary[];
  measures: Measure[];
  impactPeriods: {
    measureId: string;
    caseId: string;
    type: string;
    detail: string | null;
    from: string;
    until: string;
    running: boolean;
  }[];
  restricted: boolean;
  restrictedUntil: string | null;
}

export interface DemoUser {
  sub: string;
  name: string;
  roles: string[];
}

export interface Stats {
  workflow: string;
  generatedAt: string;
  stages: string[];
  casesByStage: { stage: string; count: number; overdue: number }[];
  outcomes: { outcome: string; count: number }[];
  overdueByKind: { kind: string; overdue: number; lapsed: number; pending: number }[];
  measuresByType: { type: string; count: number; lifted: number }[];
  timeInStage: { stage: string; cases: number; totalMs: number; averageMs: number }[];
  /** The reports the workflow declares, keyed by report name; `data` is whatever the report returns. */
  reports: Record<string, StatsReport>;
}

export interface StatsReport {
  title: { zh: string; en: string };
  data: unknown;
}

/** Every error body: { statusCode, error, message, code?, details? }. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  code?: string;
  details?: {
    problems?: string[];
    allowedEvents?: string[];
    revision?: number;
    state?: string;
    [key: string]: unknown;
  };
}
