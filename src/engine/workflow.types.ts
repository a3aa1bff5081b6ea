import type { AnyStateMachine } from 'xstate';
import type { ReportDefinition } from './report.types';

/** Text in both languages of the workbench. */
export interface Label {
  zh: string;
  en: string;
}

/** A role a workflow's events and opening name; the catalogue's union is what tokens may carry. */
export interface RoleDeclaration {
  id: string;
  label: Label;
}

/** Who may open a case of a workflow, and the payload its POST /cases body carries besides the common fields. */
export interface OpenPolicy {
  roles: readonly string[];
  /** Validated like an event payload; served as JSON schema (`open.schema` in GET /workflows/:name). */
  payload: PayloadClass;
}

/** Roles carried in the JWT `roles` claim. */
export const ROLES = ['integration', 'officer', 'leader', 'committee', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** A class-validator decorated class; instances are validated with whitelist + forbidNonWhitelisted. */
export type PayloadClass = new () => object;

/**
 * An event whose payload rules depend on the case (e.g. which measures fit the subject's kind): one
 * class per variant, published as `oneOf` with each variant's name as the branch's `title`; the case
 * view says which variant applies to that case (`eventVariants`).
 */
export interface PayloadVariants {
  variants: Record<string, PayloadClass>;
  /** The variant that applies to a case, from its machine context. */
  select(context: unknown): string;
}

export interface EventPolicy {
  /** Roles that may send this event. */
  roles: readonly Role[];
  /** Payload class (or per-case variants); omit for events that carry no payload. */
  payload?: PayloadClass | PayloadVariants;
  description: string;
}

/** Adds ISO 8601 durations (plus `PnWD`, working days) to instants. */
export interface BusinessCalendar {
  add(from: Date, duration: string): Date;
}

export interface DeadlineDueInput {
  /** The machine context after the transition that scheduled the deadline. */
  context: unknown;
  /** The time stamped on the event that scheduled the deadline (ISO). */
  at: string;
  /** The policy duration after deployment overrides. */
  duration: string;
  calendar: BusinessCalendar;
}

export interface DeadlinePolicy {
  /** The kind reported to users: investigation, delivery, execution, rectification, appealWindow, appealReview. */
  kind: string;
  /** Default duration, ISO 8601 (P3M, P1M, P15D) or working days (P15WD). Overridable by DEADLINE_OVERRIDES. */
  duration: string;
  /** Due time when it is not `at + duration`, e.g. the rectification due date set in the decision. */
  due?: (input: DeadlineDueInput) => Date;
  /** true: when it passes, the case is only flagged overdue (it stays where it is). */
  flagsOverdue: boolean;
}

/** The subject a case is about: a person or an organisation, identified across posts by `ref`. */
export interface SubjectInput {
  ref: string;
  kind: 'individual' | 'organisation';
  name: string;
  organisation?: string;
  post?: string;
}

/** What the engine knows when a case is opened; becomes the machine's input. */
export interface OpenCaseInput {
  title: string;
  subject: SubjectInput;
  source: string;
  facts?: string;
  situation?: string;
  /** When the case was opened because another case asked for it (一案双查). */
  linkedFrom?: { caseId: string; relation: string };
  at: string;
  actor: string;
}

/** A measure held against a subject, with the period during which it restricts them. */
export interface MeasureRecord {
  type: string;
  detail?: string;
  decidedAt: string;
  impactUntil?: string;
}

/** Side effects a workflow asks the engine to carry out in the same transaction as the transition. */
export type WorkflowEffect =
  | {
      type: 'openLinkedCase';
      relation: string;
      title: string;
      subject: SubjectInput;
      source: string;
      facts?: string;
    }
  | { type: 'recordMeasures'; measures: MeasureRecord[] }
  | { type: 'liftMeasures'; reason: string };

export interface EffectsInput {
  before: { value: unknown; context: unknown };
  after: { value: unknown; context: unknown };
  event: { type: string; at: string; actor: string; payload: Record<string, unknown> };
  calendar: BusinessCalendar;
}

export interface WorkflowDefinition {
  name: string;
  version: number;
  title: string;
  description: string;
  /** A pure XState v5 machine: no I/O, no clock. Every event is a MachineEvent. */
  machine: AnyStateMachine;
  /** Every event a user or integration may send, keyed by type. */
  events: Record<string, EventPolicy>;
  /** Keyed by the delay name used in the machine's `after` blocks. */
  deadlines: Record<string, DeadlinePolicy>;
  /** Roles that may open a case of this workflow. */
  openRoles: readonly Role[];
  /** Turns the POST /cases body into the machine's input. */
  input(open: OpenCaseInput): Record<string, unknown>;
  /** The outcome once the case is closed, read from the snapshot context. */
  outcome(context: unknown): string | null;
  /** Effects of one transition (linked cases, measures), derived from before/after. */
  effects(input: EffectsInput): WorkflowEffect[];
  /**
   * Why the machine refuses an event its state accepts (a guard on the payload failed), in words
   * for the user; null when the workflow cannot tell.
   */
  explainRefusal?(context: unknown, event: MachineEvent): string | null;
  /** Roles this workflow names (transitional: becomes required). */
  roles?: readonly RoleDeclaration[];
  /** Opening policy (transitional: becomes required and replaces openRoles). */
  open?: OpenPolicy;
  /** Named read models over this workflow's cases, served by GET /stats. */
  reports?: Record<string, ReportDefinition>;
}

/**
 * The shape of every event the engine hands a machine. `at` and `actor` are stamped by the
 * engine, never by the client; deadline timeouts arrive as `xstate.after.<delay>.<stateId>`
 * with actor `system:deadline` and `at` = the due time.
 */
export interface MachineEvent {
  type: string;
  payload: Record<string, unknown>;
  at: string;
  actor: string;
}
