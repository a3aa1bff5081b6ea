import { isOverdue } from '../engine/persistence/overdue';
import type { CaseEntity } from '../engine/persistence/case.entity';
import type { DeadlineEntity } from '../engine/persistence/deadline.entity';
import type { SubjectEntity } from '../engine/persistence/subject.entity';

export interface DeadlineView {
  id: string;
  kind: string;
  dueAt: string;
  status: string;
  firedAt: string | null;
  settledAt: string | null;
  /** Counted on a provisional holiday calendar: re-planned when the official schedule arrives. */
  provisional: boolean;
  /** Fired and still in the state it guards. */
  overdue: boolean;
  /** How late, when overdue, at the time of the request. */
  lateByMs: number | null;
}

export function deadlineView(d: DeadlineEntity, now: Date): DeadlineView {
  const overdue = isOverdue(d);
  return {
    id: d.id,
    kind: d.kind,
    dueAt: d.dueAt,
    status: d.status,
    firedAt: d.firedAt,
    settledAt: d.settledAt,
    provisional: d.provisional,
    overdue,
    lateByMs: overdue ? now.getTime() - Date.parse(d.dueAt) : null,
  };
}

export function subjectSummary(s: SubjectEntity | null) {
  return s
    ? { id: s.id, ref: s.ref, kind: s.kind, name: s.name, organisation: s.organisation, post: s.post }
    : null;
}

export function caseSummary(c: CaseEntity, subject: SubjectEntity | null, deadlines: DeadlineView[]) {
  return {
    id: c.id,
    workflow: c.workflow,
    workflowVersion: c.workflowVersion,
    businessKey: c.businessKey,
    title: c.title,
    caseNo: c.caseNo ?? null,
    unitId: c.unitId,
    subject: subjectSummary(subject),
    state: c.state,
    states: c.state.split(','),
    status: c.status,
    outcome: c.outcome,
    revision: c.revision,
    overdue: deadlines.filter((d) => d.overdue),
    nextDeadline: nextDeadline(deadlines),
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}

/** The earliest pending time limit (its kind and due time), or null. */
export function nextDeadline(deadlines: DeadlineView[]): { kind: string; dueAt: string } | null {
  let next: DeadlineView | null = null;
  for (const d of deadlines) if (d.status === 'pending' && (!next || d.dueAt < next.dueAt)) next = d;
  return next ? { kind: next.kind, dueAt: next.dueAt } : null;
}

/** RFC 7240: `Prefer: return=minimal` asks for the outcome, not the whole representation. */
export function prefersMinimal(prefer: string | undefined): boolean {
  return (prefer ?? '').split(',').some((p) => p.trim().toLowerCase() === 'return=minimal');
}

/** What a sender needs to go on: the new state and the revision to send as If-Match next. */
export function minimalView(c: CaseEntity) {
  return {
    id: c.id,
    state: c.state,
    states: c.state.split(','),
    status: c.status,
    outcome: c.outcome,
    revision: c.revision,
    updatedAt: c.updatedAt,
  };
}
