import type { Filters } from './CaseFilters';

/** The filters as the page's address holds them (so that a filtered list can be linked to). */
export function filtersFrom(search: URLSearchParams): Filters {
  const v = (key: string) => search.get(key) ?? '';
  return {
    workflow: v('workflow'),
    state: v('state'),
    status: v('status'),
    overdue: search.get('overdue') === 'true',
    subject: v('subject'),
    q: v('q'),
    subjectName: v('name'),
    organisation: v('organisation'),
    actor: v('actor'),
    openedFrom: v('openedFrom'),
    openedTo: v('openedTo'),
    dueWithinDays: v('dueWithinDays'),
  };
}

/** The address's query for these filters (empty ones left out). */
export function searchOf(f: Filters): Record<string, string | boolean> {
  return {
    workflow: f.workflow,
    state: f.state,
    status: f.status,
    overdue: f.overdue,
    subject: f.subject,
    q: f.q,
    name: f.subjectName,
    organisation: f.organisation,
    actor: f.actor,
    openedFrom: f.openedFrom,
    openedTo: f.openedTo,
    dueWithinDays: f.dueWithinDays,
  };
}

/** The filters as GET /cases (and GET /cases/export) take them; `subjectId` from the reference. */
export function apiFilters(f: Filters, subjectId: string): Record<string, string | boolean | undefined> {
  return {
    workflow: f.workflow || undefined,
    state: f.workflow ? f.state : undefined,
    status: f.status,
    overdue: f.overdue,
    subjectId,
    q: f.q,
    subject: f.subjectName.trim(),
    organisation: f.organisation.trim(),
    actor: f.actor.trim(),
    openedFrom: f.openedFrom,
    openedTo: f.openedTo,
    dueWithinDays: f.dueWithinDays,
  };
}
