import type { AnyStateMachine } from 'xstate';
import type { DocumentDefinition } from './document.types';
import type { IndicesCatalogue } from './index.types';
import type { EffectType, SubjectInput, WorkflowEffect } from './effect.types';
export type { Label, MachineEvent } from './event.types';
export type { PathStep, Refusal, RuleModel, WorkflowRule, WorkflowRules } from './rule.types';
import type { ReportDefinition } from './report.types';
import type { Label, MachineEvent } from './event.types';
import type { Refusal, WorkflowRules } from './rule.types';
import type { Tally } from './tally/tally.types';
import type { AccessPolicy, CatalogueTerms, DevUser, UnitInput } from './catalogue.types';

export type { Tally } from './tally/tally.types';
export type { AccessPolicy, CatalogueTerms, DevUser, UnitInput } from './catalogue.types';

export type {
  EffectType,
  LiftMeasuresEffect,
  MeasureRecord,
  NotifyCaseEffect,
  OpenCaseEffect,
  RecordMeasuresEffect,
  SubjectInput,
  TransferUnitEffect,
  WorkflowEffect,
} from './effect.types';

/*
 * The workflow contract: everything a procedure declares, and the only engine types workflows/
 * may import. src/ carries out what a workflow declares and knows no procedure by name.
 */

/** A role a workflow's events and opening name; the catalogue's union is what tokens may carry. */
export interface RoleDeclaration {
  id: string;
  label: Label;
}

/** A class-validator decorated class; instances are validated with whitelist + forbidNonWhitelisted. */
export type PayloadClass<T extends object = object> = new () => T;

/**
 * An event whose payload rules depend on the case (e.g. which measures fit the subject's kind): one
 * class per variant, published as `anyOf` with each variant's name as the branch's `title`; the case
 * view says which variant applies to that case (`eventVariants`).
 */
export interface PayloadVariants<TContext = unknown> {
  variants: Record<string, PayloadClass>;
  /** The variant that applies to a case, from its machine context. */
  select(context: TContext): string;
}

/** A value a field may take for the caller, with what the user reads for it (e.g. a task's title). */
export type Choice = string | number | { value: string | number; label: Label };

export interface EventPolicy<TContext = unknown> {
  /** Roles that may send this event. */
  roles: readonly string[];
  /** Payload class (or per-case variants); omit for events that carry no payload. */
  payload?: PayloadClass | PayloadVariants<TContext>;
  description: string;
  /**
   * Who may send it, by unit: `unit` (the default) only users of the case's handling unit; `above`
   * also users of the units above it (e.g. a correction or a take-over by the higher organ).
   */
  reach?: 'unit' | 'above';
  /**
   * true: an optional side move (a take-over, a transfer, a correction) that the case may take but
   * does not wait for; the inbox (GET /inbox) does not count a case in which only such moves are open.
   */
  sideMove?: boolean;
  /**
   * An earlier event of the same workflow whose (latest) payload the form of this one shows beside
   * it, read-only — e.g. the decision's form shows the proposed opinion.
   */
  showBeside?: string;
  /**
   * Values the event's form starts with, from what the case holds (e.g. the decision prefilled with
   * the opinion's proposed measures); the user may change them. Published per case (`eventPrefill`).
   */
  prefill?(context: TContext, actor: string): Record<string, unknown> | null;
  /**
   * For the caller (`actor`: the `sub` of the signed-in user): the values each listed field of the
   * payload may take for them now — e.g. the side of a list the signed-in person is named for and has
   * not signed. A field with no value left means the event is not offered to them (not in yourEvents);
   * the machine's guards still decide. Published per case (`eventChoices`).
   */
  choices?(context: TContext, actor: string): Record<string, readonly Choice[]>;
  /**
   * What must have happened before the machine accepts this event where its state names it (a guard
   * on the case, e.g. the subject heard first), in both languages: shown to users who wait for it.
   */
  requires?: Label;
  /** Unit codes the payload names that must be units below the case's handling unit (checked on use). */
  units?(payload: object): readonly UnitReference[];
}

/**
 * A unit a payload names by its code: it must exist below the case's handling unit, and be of `kind`
 * when one is given; `field` says where in the payload (for the 400's message).
 */
export interface UnitReference {
  field: string;
  code: string;
  kind?: string;
}

/** Who may open a case of a workflow, and the payload its POST /cases body carries besides the common fields. */
export interface OpenPolicy {
  roles: readonly string[];
  /** Validated like an event payload; served as JSON schema (`open.schema` in GET /workflows/:name). */
  payload: PayloadClass;
  /** The kinds of subject its cases may be about (both when absent); published in `open.schema`. */
  subjectKinds?: readonly SubjectInput['kind'][];
  /** Unit codes the opening names that must be units below the case's handling unit (see UnitReference). */
  units?(payload: object): readonly UnitReference[];
}

/** Adds ISO 8601 durations (plus `PnWD`, working days) to instants. */
export interface BusinessCalendar {
  add(from: Date, duration: string): Date;
}

export interface DeadlineDueInput<TContext = unknown> {
  /** The machine context after the transition that scheduled the deadline. */
  context: TContext;
  /** The time stamped on the event that scheduled the deadline (ISO). */
  at: string;
  /** The policy duration after deployment overrides. */
  duration: string;
  calendar: BusinessCalendar;
}

export interface DeadlinePolicy<TContext = unknown> {
  /** The kind reported to users (e.g. the stage whose time limit it is). */
  kind: string;
  /** Default duration, ISO 8601 (P3M, P1M, P15D) or working days (P15WD). Overridable by DEADLINE_OVERRIDES. */
  duration: string;
  /** Due time when it is not `at + duration`, e.g. a due date set by an earlier event. */
  due?(input: DeadlineDueInput<TContext>): Date;
  /** true: when it passes, the case is flagged overdue until the work it guards is done. */
  flagsOverdue: boolean;
  /**
   * When the timeout moves the case on (e.g. to an escalation state) while the work is still not
   * done: the state paths (or prefixes) in which the fired limit still counts as overdue. Without
   * it, the limit is overdue until the case leaves the state that armed it.
   */
  overdueWhile?: readonly string[];
}

/** A link from the case that asked for another to be opened, kept both ways. */
export interface CaseLinkInput {
  caseId: string;
  relation: string;
}

/** What the engine hands a workflow when a case is opened; `input()` turns it into the machine's input. */
export interface OpenInput<TOpen extends object = Record<string, unknown>> {
  title: string;
  subject: SubjectInput;
  /** The workflow's own open payload, validated against `open.payload`. */
  payload: TOpen;
  /** When the case was opened because another case asked for it. */
  linkedFrom?: CaseLinkInput;
  at: string;
  actor: string;
}

export interface EffectsInput<TContext = unknown, TEvent extends MachineEvent = MachineEvent> {
  before: { value: unknown; context: TContext };
  after: { value: unknown; context: TContext };
  event: TEvent;
  calendar: BusinessCalendar;
  /** The deployment's language (LANGUAGE): the words a workflow writes into data, e.g. the titles of cases it opens. */
  language?: Language;
}

/** A deployment's language. */
export type Language = 'zh' | 'en';

export interface WorkflowDefinition<
  TContext = unknown,
  TEvent extends MachineEvent = MachineEvent,
  TOpen extends object = Record<string, unknown>,
  /** Event types only linked cases send (see linkedEvents). */
  TLinked extends string = never,
> {
  name: string;
  version: number;
  title: string;
  description: string;
  /**
   * The short label of the procedure in its cases' numbers (案件编号: the unit's short name, 〔year〕,
   * this label, n号 — e.g. 问责 in 县纪〔2026〕问责12号). Without it, the case number uses the title.
   */
  caseNumberLabel?: Label;
  /** A pure XState v5 machine: no I/O, no clock. Every event is a MachineEvent. */
  machine: AnyStateMachine;
  /** Every role this workflow names, with labels. */
  roles: readonly RoleDeclaration[];
  open: OpenPolicy;
  /** Every event a user or integration may send, keyed by type. */
  events: Record<Exclude<TEvent['type'], `xstate.${string}` | TLinked>, EventPolicy<TContext>>;
  /**
   * Events only another case sends (its `notifyCase` effect), never a user: e.g. a linked case
   * reporting that it closed. Keyed by type, with what they mean.
   */
  linkedEvents?: Record<TLinked, { description: string }>;
  /** Keyed by the delay name used in the machine's `after` blocks. */
  deadlines: Record<string, DeadlinePolicy<TContext>>;
  /** The effect types `effects()` may return; each needs a registered handler or the service refuses to start. */
  effectTypes: readonly EffectType[];
  /** Named read models over this workflow's cases, served by GET /stats. */
  reports?: Record<string, ReportDefinition>;
  /** Documents (文书) that may be printed from its cases, keyed by kind (see document.types.ts). */
  documents?: Record<string, DocumentDefinition<TContext>>;
  /** Turns the opening into the machine's input. */
  input(open: OpenInput<TOpen>): Record<string, unknown>;
  /**
   * The outcome once the case is concluded, read from the snapshot context; null until then. A case
   * with an outcome is listed as closed, even while its machine still accepts a late event (e.g. a
   * correction of the decision by the higher organ).
   */
  outcome(context: TContext): string | null;
  /** Effects of one transition, derived from before/after. */
  effects(input: EffectsInput<TContext, TEvent>): WorkflowEffect[];
  /**
   * Why the machine refuses an event its state accepts (a guard failed), in words for the user and,
   * when a named rule refused it, the rule's id; null when the workflow cannot tell.
   */
  explainRefusal?(context: TContext, event: TEvent): string | Refusal | null;
  /** The procedure's rules with their sources, proven over the machine's paths by `npm run rules`. */
  rules?: WorkflowRules<TContext>;
  /**
   * What a case holds that the indices count (a list's key tasks, a rectification's items), read from
   * its context: kept beside the case in \`case_tally\`, in the transaction of every change, so that a
   * unit's sums are read from an index instead of every case's snapshot.
   */
  tallies?(context: TContext): readonly Tally[];
}

/** Checks a workflow against the contract with its own context and event types, and erases them for the catalogue. */
export function defineWorkflow<
  TContext,
  TEvent extends MachineEvent,
  TOpen extends object,
  TLinked extends string = never,
>(definition: WorkflowDefinition<TContext, TEvent, TOpen, TLinked>): WorkflowDefinition {
  // The one erasure: the engine hands each workflow only its own machine's contexts, events and open
  // payloads (validated against its own classes), so the catalogue may hold them under one type.
  return definition as unknown as WorkflowDefinition;
}

/** What workflows/ hands the service: the procedures, who may use which capability, and demo users. */
export interface Catalogue {
  workflows: WorkflowDefinition[];
  access: AccessPolicy;
  /** Roles of the service itself (e.g. admin), beside those the workflows declare. */
  roles: readonly RoleDeclaration[];
  devUsers: DevUser[];
  /** The units the demo users work for, created at the first development sign-in. */
  devUnits?: UnitInput[];
  /** The per-unit, per-year figures served by GET /indices (none: the rows carry no rates and empty figures). */
  indices?: IndicesCatalogue;
  /** The kinds of file that may be attached to a case (none declared: only `other`). */
  attachmentKinds?: readonly string[];
  /** Names of the workflows' states, deadlines and values for what the service writes for readers (exports). */
  terms?: CatalogueTerms;
}
