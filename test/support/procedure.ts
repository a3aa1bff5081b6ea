/* Helpers for the end-to-end specs: the users of the procedure, opening cases, walking a case along. */
import { randomUUID } from 'node:crypto';
import { SAMPLE } from '../../machines/accountability.fixtures';
import type { AccountabilityEventType, Payloads } from '../../machines/accountability.types';
import { Client, type Reply } from './test-app';

/** One client per role of the procedure, each with its own token `sub`. */
export interface Users {
  integration: Client;
  officer: Client;
  leader: Client;
  committee: Client;
  supervisor: Client;
  admin: Client;
}

export const SUBS = {
  integration: 'petition-desk',
  officer: 'olivia-officer',
  leader: 'leo-leader',
  committee: 'carla-committee',
  supervisor: 'sam-supervisor',
  admin: 'ada-admin',
} as const satisfies Record<keyof Users, string>;

export async function users(baseUrl: string): Promise<Users> {
  const entries = await Promise.all(
    (Object.keys(SUBS) as (keyof Users)[]).map(
      async (role) => [role, await Client.as(baseUrl, SUBS[role], [role])] as const,
    ),
  );
  return Object.fromEntries(entries) as unknown as Users;
}

/** Who sends which event in the accountability procedure. */
export const SENDER: Record<AccountabilityEventType, keyof Users> = {
  ACCEPT: 'officer',
  DECLINE: 'officer',
  MERGE: 'officer',
  APPROVE_INVESTIGATION: 'leader',
  DECIDE_DIRECTLY: 'leader',
  REJECT_INVESTIGATION: 'leader',
  RECORD_STATEMENT: 'officer',
  WAIVE_STATEMENT: 'officer',
  EXTEND_INVESTIGATION: 'leader',
  SUBMIT_REPORT: 'officer',
  PROPOSE_OPINION: 'officer',
  DECIDE: 'committee',
  DECIDE_NO_ACCOUNTABILITY: 'committee',
  RETURN_FOR_INVESTIGATION: 'committee',
  TRANSFER: 'committee',
  DELIVER: 'officer',
  RECORD_EXECUTION: 'officer',
  SUBMIT_RECTIFICATION: 'officer',
  VERIFY_RECTIFICATION: 'officer',
  FILE_APPEAL: 'officer',
  RESOLVE_APPEAL: 'committee',
  CORRECT_DECISION: 'admin',
};

export interface SubjectView {
  id: string;
  ref: string;
  kind: 'individual' | 'organisation';
  name: string;
  organisation: string | null;
  post: string | null;
}

export interface DeadlineView {
  id: string;
  kind: string;
  dueAt: string;
  status: string;
  settledAt: string | null;
  overdue: boolean;
}

export interface LinkView {
  caseId: string;
  relation: string;
  direction: 'opened' | 'openedBy';
  title: string | null;
  state: string | null;
  status: string | null;
}

export interface CaseView {
  id: string;
  workflow: string;
  workflowVersion: number;
  businessKey: string;
  title: string;
  subject: SubjectView;
  state: string;
  states: string[];
  status: 'active' | 'closed';
  outcome: string | null;
  revision: number;
  context: Record<string, unknown>;
  allowedEvents: string[];
  deadlines: DeadlineView[];
  /** Deadlines that passed while the case is still in the state they guard. */
  overdue: DeadlineView[];
  links: LinkView[];
  createdAt: string;
  updatedAt: string;
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

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  code?: string;
  details?: Record<string, unknown> & { allowedEvents?: string[]; problems?: string[] };
}

/** A fresh, unique suffix so specs sharing one database do not collide. */
export function unique(prefix = ''): string {
  return `${prefix}${randomUUID().slice(0, 8)}`;
}

export interface OpenOptions {
  businessKey?: string;
  title?: string;
  subject?: Partial<SubjectView> & { ref: string };
  source?: string;
  facts?: string;
  situation?: string;
}

export function openBody(options: OpenOptions = {}) {
  const ref = options.subject?.ref ?? unique('p-');
  return {
    workflow: 'accountability',
    ...(options.businessKey !== undefined && { businessKey: options.businessKey }),
    title: options.title ?? `Landslide at the county road works ${ref}`,
    subject: {
      kind: 'individual' as const,
      name: 'Zhang San',
      organisation: 'County Transport Bureau',
      ...options.subject,
      ref,
    },
    source: options.source ?? 'incident',
    facts: options.facts ?? 'Slope collapsed after warnings were ignored',
    situation: options.situation ?? 'seriousAccident',
  };
}

/** Opens a case (as the integration user unless another client is given) and expects 201. */
export async function openCase(
  u: Users,
  options: OpenOptions = {},
  as: Client = u.integration,
): Promise<CaseView> {
  const reply = await as.post<CaseView>('/cases', openBody(options));
  expectStatus(reply, 201);
  return reply.body;
}

export function expectStatus<T>(reply: Reply<T>, status: number): Reply<T> {
  if (reply.status !== status) {
    throw new Error(`expected HTTP ${status}, got ${reply.status}: ${JSON.stringify(reply.body)}`);
  }
  return reply;
}

/** Sends one event as the user the procedure expects for it, with a sample payload unless given; expects 200. */
export async function step<K extends AccountabilityEventType>(
  u: Users,
  caseId: string,
  type: K,
  payload: Payloads[K] = SAMPLE[type],
): Promise<CaseView> {
  const client = u[SENDER[type]];
  const reply = await client.send<CaseView>(caseId, type, payload);
  expectStatus(reply, 200);
  return reply.body;
}

/** Sends events in order; each one must succeed. Returns the case after the last one. */
export async function steps(
  u: Users,
  caseId: string,
  ...events: AccountabilityEventType[]
): Promise<CaseView> {
  let last: CaseView | undefined;
  for (const type of events) last = await step(u, caseId, type);
  if (!last) return getCase(u.officer, caseId);
  return last;
}

export const TO_INVESTIGATION: AccountabilityEventType[] = ['ACCEPT', 'APPROVE_INVESTIGATION'];
export const TO_DECISION: AccountabilityEventType[] = [
  ...TO_INVESTIGATION,
  'RECORD_STATEMENT',
  'SUBMIT_REPORT',
  'PROPOSE_OPINION',
];

/** proposed → pendingApproval → investigation. */
export function walkToInvestigation(u: Users, caseId: string): Promise<CaseView> {
  return steps(u, caseId, ...TO_INVESTIGATION);
}

/** proposed → … → decision, with the subject heard and an opinion proposed. */
export function walkToDecision(u: Users, caseId: string): Promise<CaseView> {
  return steps(u, caseId, ...TO_DECISION);
}

/** Dates in the near future, so no time limit has passed by the time a test looks. */
export function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString();
}

export function deliverPayload(): Payloads['DELIVER'] {
  return { deliveredAt: new Date().toISOString(), recipients: [{ kind: 'subject', name: 'Zhang San' }] };
}

export function executionPayload(): Payloads['RECORD_EXECUTION'] {
  return { completedAt: new Date().toISOString(), fileRef: 'FILE-88' };
}

/** decision → notification → execution (delivered now). */
export async function decideAndDeliver(
  u: Users,
  caseId: string,
  decide: Payloads['DECIDE'] = SAMPLE.DECIDE,
): Promise<CaseView> {
  await step(u, caseId, 'DECIDE', decide);
  return step(u, caseId, 'DELIVER', deliverPayload());
}

export async function getCase(client: Client, caseId: string): Promise<CaseView> {
  return expectStatus(await client.get<CaseView>(`/cases/${caseId}`), 200).body;
}

export async function history(client: Client, caseId: string): Promise<HistoryEntry[]> {
  return expectStatus(await client.get<HistoryEntry[]>(`/cases/${caseId}/history`), 200).body;
}

/** Every item of a paginated list, following nextCursor to the end. */
export async function walkPages<T>(
  client: Client,
  path: string,
  limit: number,
): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const url = `${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page: Page<T> = expectStatus(await client.get<Page<T>>(url), 200).body;
    expect(page.items.length).toBeLessThanOrEqual(limit);
    items.push(...page.items);
    cursor = page.nextCursor;
    pages += 1;
    if (pages > 1000) throw new Error(`paging of ${path} does not end`);
  } while (cursor);
  return { items, pages };
}

/** `months` calendar months after `iso`, counted on the UTC+8 calendar (China), clamped to the month's end. */
export function addMonthsChina(iso: string, months: number): string {
  const offset = 8 * 3_600_000;
  const local = new Date(Date.parse(iso) + offset);
  const y = local.getUTCFullYear();
  const m = local.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const shifted = Date.UTC(
    y,
    m,
    Math.min(local.getUTCDate(), lastDay),
    local.getUTCHours(),
    local.getUTCMinutes(),
    local.getUTCSeconds(),
    local.getUTCMilliseconds(),
  );
  return new Date(shifted - offset).toISOString();
}
