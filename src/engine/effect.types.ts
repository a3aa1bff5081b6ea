/*
 * The effects a workflow may ask for (part of the workflow contract, re-exported by
 * workflow.types.ts), and the subject they name.
 */

/** The subject a case is about: a person or an organisation, identified across posts by `ref`. */
export interface SubjectInput {
  ref: string;
  kind: 'individual' | 'organisation';
  name: string;
  organisation?: string;
  post?: string;
}

/** A measure held against a subject, with the period during which it restricts them. */
export interface MeasureRecord {
  type: string;
  detail?: string;
  decidedAt: string;
  impactUntil?: string;
  /**
   * Another subject the entry goes to instead of the case's own (e.g. a person a decision about the
   * case's subject names): recorded on a subject row of theirs tied to this case, so their record
   * (GET /subjects/:ref) lists it to whoever has the case within reach. Never counted in the case's stats.
   */
  subject?: SubjectInput;
}

/** Open a case in any deployed workflow, in the same transaction, linked both ways with `relation`. */
export interface OpenCaseEffect {
  type: 'openCase';
  workflow: string;
  relation: string;
  title: string;
  subject: SubjectInput;
  /** The target workflow's open payload; validated against its `open.payload` like a client's. */
  payload: Record<string, unknown>;
  /** The handling unit of the new case (a unit code); by default the asking case's unit. */
  unit?: string;
}

/** Move the case to another handling unit (移送管辖, 提级管辖), in the transition's transaction. */
export interface TransferUnitEffect {
  type: 'transferUnit';
  unit: string;
}

/** Add measures to the lifelong record of the case's subject (or of the subject a measure names). */
export interface RecordMeasuresEffect {
  type: 'recordMeasures';
  measures: MeasureRecord[];
}

/** Lift the measures this case recorded (revoked, corrected). */
export interface LiftMeasuresEffect {
  type: 'liftMeasures';
  reason: string;
}

/**
 * Send an event to another case, as the system, in the same transaction: how a case opened by another
 * reports back to it. The target's workflow must declare the event in `linkedEvents`; a target that
 * declares no such event, is closed, or does not take the event in its state is left as it is.
 */
export interface NotifyCaseEffect {
  type: 'notifyCase';
  caseId: string;
  event: string;
  payload: Record<string, unknown>;
}

/** Side effects a workflow asks for, carried out by registered handlers in the transition's transaction. */
export type WorkflowEffect =
  OpenCaseEffect | RecordMeasuresEffect | LiftMeasuresEffect | TransferUnitEffect | NotifyCaseEffect;
export type EffectType = WorkflowEffect['type'];
