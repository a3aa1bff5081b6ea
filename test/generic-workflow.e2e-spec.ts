/*
 * One engine, many procedures: a workflow that lives only in test/ (test/fixtures/inspection.workflow.ts),
 * deployed with WORKFLOW_MODULES, runs end to end over HTTP on the real service — its own roles in
 * tokens, its own open payload and event schemas, a time limit fired by the real BullMQ worker, an
 * `openCase` effect that opens an accountability case in the same commit, linked both ways, and a
 * report under /stats — while no line of src/ names any of it.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import {
  FINDING_CODES,
  FINDING_ROLES,
  FINDING_WORKFLOW,
  type FindingEventType,
  type FindingsBySeverityRow,
} from './fixtures/inspection.workflow';
import {
  dropQueueKeys,
  queuePrefix,
  redisClient,
  timeoutsOf,
  waitFor,
  DEADLINE_SUB,
} from './support/deadline-helpers';
import {
  expectStatus,
  getCase,
  history,
  unique,
  type CaseView,
  type ErrorBody,
  type Page,
} from './support/procedure';
import { Client, startTestApp, type TestApp } from './support/test-app';
import { WORKFLOWS } from '../workflows';

const ROOT = resolve(__dirname, '..');
const MODULE = 'test/fixtures/inspection.workflow.ts';
const FIX_LIMIT = 'PT3S';
const FIX_LIMIT_MS = 3000;

const EVENT_TYPES: FindingEventType[] = [
  'ASSIGN_FINDING_OWNER',
  'SUBMIT_FINDING_FIX',
  'ACCEPT_FINDING_FIX',
  'REJECT_FINDING_FIX',
  'ESCALATE_FINDING',
  'DISMISS_FINDING',
];

type Schema = Record<string, unknown> & { properties?: Record<string, Schema>; required?: string[] };

interface WorkflowDescription {
  name: string;
  version: number;
  roles: { id: string; label: { zh: string; en: string } }[];
  openRoles: string[];
  open: { roles: string[]; schema: Schema };
  events: { type: string; roles: string[]; description: string; schema: Schema }[];
  deadlines: {
    delay: string;
    kind: string;
    duration: string;
    defaultDuration: string;
    flagsOverdue: boolean;
  }[];
}

interface VerifyResult {
  ok: boolean;
  replayMatches: boolean;
}

interface Stats {
  workflow: string;
  stages: string[];
  casesByStage: { stage: string; count: number; overdue: number }[];
  outcomes: { outcome: string; count: number }[];
  overdueByKind: { kind: string; overdue: number; lapsed: number; pending: number }[];
  reports: Record<string, { title: { zh: string; en: string }; data: unknown }>;
}

interface People {
  inspector: Client;
  lead: Client;
  /** A role of the accountability procedure: it may not open a finding. */
  officer: Client;
  /** A role no workflow declares: the service drops it from the token. */
  stranger: Client;
  supervisor: Client;
}

const SUBS = {
  inspector: 'ines-inspector',
  lead: 'liu-inspection-lead',
  officer: 'olivia-officer',
  stranger: 'sid-stranger',
  supervisor: 'sam-supervisor',
};

function findingBody(overrides: Record<string, unknown> = {}) {
  const ref = unique('unit-');
  return {
    workflow: FINDING_WORKFLOW,
    title: `Canteen funds used for banquets ${ref}`,
    subject: { ref, kind: 'organisation', name: `Township Office ${ref}` },
    findingCode: 'fundsMisuse',
    severity: 2,
    fixBy: new Date(Date.now() + 90 * 86_400_000).toISOString(),
    ...overrides,
  };
}

function without(body: Record<string, unknown>, key: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([k]) => k !== key));
}

async function send(
  as: Client,
  caseId: string,
  type: FindingEventType,
  payload?: unknown,
): Promise<CaseView> {
  return expectStatus(await as.send<CaseView>(caseId, type, payload), 200).body;
}

async function verify(as: Client, caseId: string): Promise<VerifyResult> {
  return expectStatus(await as.get<VerifyResult>(`/cases/${caseId}/verify`), 200).body;
}

async function overdueIds(as: Client): Promise<string[]> {
  const page = expectStatus(
    await as.get<Page<{ id: string }>>(`/cases?overdue=true&workflow=${FINDING_WORKFLOW}&limit=100`),
    200,
  ).body;
  return page.items.map((c) => c.id);
}

/** `git grep` exits with 1 when nothing matches, 0 with the matches on stdout. */
function grepSrc(words: string[]): string {
  try {
    return execFileSync('git', ['grep', '-n', '-F', ...words.flatMap((w) => ['-e', w]), '--', 'src/'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
  } catch (error) {
    if ((error as { status?: number }).status === 1) return '';
    throw error;
  }
}

describe('a workflow deployed from test/ with WORKFLOW_MODULES runs end to end', () => {
  let app: TestApp;
  let p: People;
  const prefix = queuePrefix('generic');
  /** A: severity 3, left past its limit, escalated. B: severity 1, fixed in time. C: severity 2, dismissed. */
  const cases: Record<'a' | 'b' | 'c', CaseView> = {} as Record<'a' | 'b' | 'c', CaseView>;
  let accountabilityId: string;

  beforeAll(async () => {
    app = await startTestApp({
      WORKFLOW_MODULES: MODULE,
      QUEUE_PREFIX: prefix,
      DEADLINE_OVERRIDES: JSON.stringify({ findingFixLimit: FIX_LIMIT }),
    });
    const as = (who: keyof typeof SUBS, roles: string[]) => Client.as(app.baseUrl, SUBS[who], roles);
    p = {
      inspector: await as('inspector', ['inspector']),
      lead: await as('lead', ['inspectionLead']),
      officer: await as('officer', ['officer']),
      stranger: await as('stranger', ['janitor']),
      supervisor: await as('supervisor', ['supervisor']),
    };
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    const redis = redisClient();
    await dropQueueKeys(redis, prefix).catch(() => undefined);
    redis.disconnect();
  });

  it('src/ names nothing of the procedure', () => {
    const words = [
      FINDING_WORKFLOW,
      ...FINDING_ROLES.map((r) => r.id),
      ...EVENT_TYPES,
      ...FINDING_CODES,
      'findingCode',
      'fixBy',
      'findingFix',
      'findingsBySeverity',
      'FindingOpenPayload',
      'rectifying',
    ];
    expect(grepSrc(words)).toBe('');
    // the probe itself finds what is there
    expect(grepSrc(['WORKFLOW_MODULES'])).toMatch(/src\/catalogue\/workflow\.loader\.ts/);
  });

  it('GET /workflows lists it, and GET /workflows/:name publishes its roles, open schema, events and limit', async () => {
    const list = expectStatus(
      await p.inspector.get<{ name: string; version: number }[]>('/workflows'),
      200,
    ).body;
    // beside the catalogue's own procedures (workflows/index.ts), each once (its latest version)
    expect(list.map((w) => w.name).sort()).toEqual(
      [...new Set(WORKFLOWS.map((w) => w.name)), FINDING_WORKFLOW].sort(),
    );

    const wf = expectStatus(
      await p.inspector.get<WorkflowDescription>(`/workflows/${FINDING_WORKFLOW}`),
      200,
    ).body;
    expect(wf).toMatchObject({ name: FINDING_WORKFLOW, version: 1, openRoles: ['inspector'] });
    expect(wf.roles).toEqual(FINDING_ROLES);
    expect(wf.open.roles).toEqual(['inspector']);

    const schema = wf.open.schema;
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(
      expect.arrayContaining(['title', 'subject', 'findingCode', 'severity', 'fixBy']),
    );
    expect(Object.keys(schema.properties!).sort()).toEqual(
      ['workflow', 'businessKey', 'title', 'subject', 'unitId', 'findingCode', 'severity', 'fixBy'].sort(),
    );
    expect(schema.properties!.workflow.const).toBe(FINDING_WORKFLOW);
    expect(schema.properties!.findingCode).toMatchObject({ enum: [...FINDING_CODES] });
    expect(schema.properties!.findingCode['x-enumLabels']).toMatchObject({
      fundsMisuse: { zh: '违规使用资金', en: 'Misuse of funds' },
    });
    expect(schema.properties!.severity).toMatchObject({ type: 'integer', minimum: 1, maximum: 3 });
    expect(schema.properties!.fixBy).toMatchObject({ type: 'string', format: 'date-time' });

    expect(wf.events.map((e) => e.type).sort()).toEqual([...EVENT_TYPES].sort());
    const byType = Object.fromEntries(wf.events.map((e) => [e.type, e]));
    expect(byType.ASSIGN_FINDING_OWNER.roles).toEqual(['inspectionLead']);
    expect(byType.ASSIGN_FINDING_OWNER.schema).toMatchObject({
      properties: { owner: { type: 'string', minLength: 1, maxLength: 200 } },
      required: ['owner'],
      additionalProperties: false,
    });
    expect(byType.ESCALATE_FINDING.roles).toEqual(['inspectionLead']);
    expect(byType.SUBMIT_FINDING_FIX.roles).toEqual(['inspector']);
    expect(byType.SUBMIT_FINDING_FIX.schema.required).toEqual(['evidence']);

    expect(wf.deadlines).toEqual([
      {
        delay: 'findingFixLimit',
        kind: 'findingFix',
        duration: FIX_LIMIT,
        defaultDuration: 'P30D',
        flagsOverdue: true,
      },
    ]);
  });

  it('POST /cases opens findings with its own payload; its own rules give 400 and 403', async () => {
    const body = findingBody({ severity: 3, findingCode: 'safetyLapse' });
    const opened = expectStatus(await p.inspector.post<CaseView>('/cases', body), 201).body;
    expect(opened).toMatchObject({
      workflow: FINDING_WORKFLOW,
      workflowVersion: 1,
      state: 'reported',
      status: 'active',
      outcome: null,
      deadlines: [],
      links: [],
    });
    expect(opened.context).toMatchObject({
      findingCode: 'safetyLapse',
      severity: 3,
      fixBy: body.fixBy,
      openedBy: SUBS.inspector,
      overdueSince: null,
    });
    expect([...opened.allowedEvents].sort()).toEqual(['ASSIGN_FINDING_OWNER', 'DISMISS_FINDING']);
    // The service kept the workflow's own role in the token.
    const [openRow] = await history(p.supervisor, opened.id);
    expect(openRow).toMatchObject({ type: 'OPEN', actor: { sub: SUBS.inspector, roles: ['inspector'] } });
    cases.a = opened;
    cases.b = expectStatus(
      await p.inspector.post<CaseView>('/cases', findingBody({ severity: 1 })),
      201,
    ).body;
    cases.c = expectStatus(
      await p.inspector.post<CaseView>('/cases', findingBody({ severity: 2 })),
      201,
    ).body;

    const refused = async (as: Client, b: unknown, status: number, message?: RegExp) => {
      const reply = await as.post<ErrorBody>('/cases', b);
      expect({ status: reply.status, body: reply.body }).toMatchObject({ status });
      if (message) expect(reply.body.message).toMatch(message);
    };
    await refused(p.inspector, without(findingBody(), 'findingCode'), 400, /findingCode/);
    await refused(p.inspector, without(findingBody(), 'severity'), 400, /severity/);
    await refused(p.inspector, without(findingBody(), 'fixBy'), 400, /fixBy/);
    await refused(p.inspector, findingBody({ colour: 'red' }), 400, /colour/);
    // accountability's own open field is unknown here
    await refused(p.inspector, findingBody({ source: 'inspectionTour' }), 400, /source/);
    await refused(p.inspector, findingBody({ findingCode: 'gossip' }), 400, /findingCode/);
    await refused(p.inspector, findingBody({ severity: 4 }), 400, /severity/);
    await refused(p.inspector, findingBody({ severity: 2.5 }), 400, /severity/);
    await refused(p.inspector, findingBody({ fixBy: '2025-02-30T10:00:00Z' }), 400, /fixBy/);

    await refused(p.lead, findingBody(), 403, /inspector/);
    await refused(p.officer, findingBody(), 403, /inspector/);
    await refused(p.stranger, findingBody(), 403, /none/);
    // and its roles give nothing in the other workflow
    const accountabilityBody = {
      workflow: 'accountability',
      title: 'x',
      subject: { ref: unique('s-'), kind: 'individual', name: 'Zhang San' },
      source: 'inspectionTour',
    };
    await refused(p.inspector, accountabilityBody, 403);

    const listed = expectStatus(
      await p.inspector.get<Page<{ id: string }>>(`/cases?workflow=${FINDING_WORKFLOW}&limit=100`),
      200,
    ).body.items;
    expect(listed.map((c) => c.id).sort()).toEqual([cases.a.id, cases.b.id, cases.c.id].sort());
  });

  it('its events go by its roles and payloads; the fix limit is armed on assignment', async () => {
    const forbidden = await p.inspector.send<ErrorBody>(cases.a.id, 'ASSIGN_FINDING_OWNER', { owner: 'x' });
    expect(forbidden.status).toBe(403);
    const noOwner = await p.lead.send<ErrorBody>(cases.a.id, 'ASSIGN_FINDING_OWNER', {});
    expect(noOwner.status).toBe(400);
    expect(noOwner.body.message).toMatch(/owner/);
    const extra = await p.lead.send<ErrorBody>(cases.a.id, 'ASSIGN_FINDING_OWNER', {
      owner: 'x',
      colour: 'red',
    });
    expect(extra.status).toBe(400);
    const early = await p.inspector.send<ErrorBody>(cases.a.id, 'ACCEPT_FINDING_FIX');
    expect(early.status).toBe(422);
    expect(early.body.details?.allowedEvents?.sort()).toEqual(['ASSIGN_FINDING_OWNER', 'DISMISS_FINDING']);

    const a = await send(p.lead, cases.a.id, 'ASSIGN_FINDING_OWNER', { owner: 'Deputy head Wu' });
    const b = await send(p.lead, cases.b.id, 'ASSIGN_FINDING_OWNER', { owner: 'Canteen manager' });
    // B is fixed at once, well inside its limit.
    await send(p.inspector, cases.b.id, 'SUBMIT_FINDING_FIX', { evidence: 'Refund receipts' });
    cases.b = await send(p.inspector, cases.b.id, 'ACCEPT_FINDING_FIX');
    cases.c = await send(p.lead, cases.c.id, 'DISMISS_FINDING', { reason: 'Banquet was an approved event' });

    expect(a).toMatchObject({ state: 'rectifying', revision: 2 });
    expect(a.context.owner).toBe('Deputy head Wu');
    const assigned = (await history(p.supervisor, a.id)).at(-1)!;
    expect(assigned).toMatchObject({ type: 'ASSIGN_FINDING_OWNER', actor: { roles: ['inspectionLead'] } });
    const limit = a.deadlines.find((d) => d.kind === 'findingFix');
    expect(limit).toMatchObject({ status: 'pending', overdue: false });
    expect(Date.parse(limit!.dueAt) - Date.parse(assigned.at)).toBe(FIX_LIMIT_MS);
    cases.a = a;

    expect(b.deadlines).toHaveLength(1);
    expect(cases.b).toMatchObject({ state: 'resolved', status: 'closed', outcome: 'resolved' });
    expect(cases.b.deadlines).toMatchObject([{ kind: 'findingFix', status: 'cancelled', overdue: false }]);
    expect(cases.c).toMatchObject({
      state: 'dismissed',
      status: 'closed',
      outcome: 'dismissed',
      deadlines: [],
    });
  });

  it('the fix limit fires through the real worker and flags the finding overdue', async () => {
    const limit = cases.a.deadlines.find((d) => d.kind === 'findingFix')!;
    const fired = await waitFor(
      'the findingFix limit of A to fire',
      async () => {
        const c = await getCase(p.inspector, cases.a.id);
        return c.deadlines.some((d) => d.id === limit.id && d.status === 'fired') && c;
      },
      30_000,
      200,
    );
    expect(fired.state).toBe('rectifying');
    expect(fired.context.overdueSince).toBe(limit.dueAt);
    expect(fired.overdue).toMatchObject([{ id: limit.id, kind: 'findingFix', overdue: true }]);
    const timeouts = await timeoutsOf(p.supervisor, cases.a.id, 'findingFixLimit');
    expect(timeouts).toHaveLength(1);
    expect(timeouts[0]).toMatchObject({ actor: { sub: DEADLINE_SUB }, at: limit.dueAt, from: 'rectifying' });

    const overdue = await overdueIds(p.supervisor);
    expect(overdue).toEqual([cases.a.id]);
    // B's limit was cancelled with the fix and never fires
    const b = await getCase(p.inspector, cases.b.id);
    expect(b.deadlines).toMatchObject([{ status: 'cancelled', overdue: false }]);
    expect(await timeoutsOf(p.supervisor, cases.b.id)).toEqual([]);
    cases.a = fired;
  });

  it('escalating opens an accountability case in the same commit, linked both ways', async () => {
    const denied = await p.inspector.send<ErrorBody>(cases.a.id, 'ESCALATE_FINDING', { reason: 'x' });
    expect(denied.status).toBe(403);

    const reason = 'Still no guard rail on the stairwell after the fix-by date';
    const escalated = await send(p.lead, cases.a.id, 'ESCALATE_FINDING', { reason });
    expect(escalated).toMatchObject({ state: 'escalated', status: 'active' });
    expect(escalated.context.escalation).toMatchObject({ by: SUBS.lead, reason });
    expect(escalated.links).toHaveLength(1);
    const link = escalated.links[0];
    expect(link).toMatchObject({
      direction: 'opened',
      relation: 'escalation',
      state: 'proposed',
      status: 'active',
    });
    accountabilityId = link.caseId;
    // still overdue: the work the limit guards is not done (overdueWhile)
    expect(escalated.overdue).toHaveLength(1);
    expect(await overdueIds(p.supervisor)).toEqual([cases.a.id]);

    const opened = await getCase(p.officer, accountabilityId);
    expect(opened).toMatchObject({
      workflow: 'accountability',
      state: 'proposed',
      status: 'active',
      title: `Accountability for an unfixed finding: ${cases.a.title}`,
      // Derived (hashed) from the asking case's id, so it tells nothing about that case.
      businessKey: expect.stringMatching(/^escalation\/[0-9a-f]{64}$/),
      subject: { ref: cases.a.subject.ref, kind: 'organisation' },
    });
    expect(opened.context).toMatchObject({
      source: 'inspectionTour',
      linkedFrom: { caseId: cases.a.id, relation: 'escalation' },
    });
    expect(opened.context.facts).toBe(
      `Safety lapse (severity 3), not fixed by ${String(cases.a.context.fixBy)}: ${reason}`,
    );
    expect(opened.links).toMatchObject([
      { caseId: cases.a.id, direction: 'openedBy', relation: 'escalation', state: 'escalated' },
    ]);

    // One commit: the accountability case was opened at the instant of the escalation, by its sender.
    const escalation = (await history(p.supervisor, cases.a.id)).at(-1)!;
    expect(escalation).toMatchObject({ type: 'ESCALATE_FINDING', from: 'rectifying', to: 'escalated' });
    const accountabilityHistory = await history(p.supervisor, accountabilityId);
    expect(accountabilityHistory).toHaveLength(1);
    expect(accountabilityHistory[0]).toMatchObject({
      type: 'OPEN',
      at: escalation.at,
      actor: { sub: SUBS.lead, roles: ['inspectionLead'] },
      to: 'proposed',
    });
    expect(opened.createdAt).toBe(escalation.at);

    // it is a real accountability case: its own procedure takes it on
    const accepted = expectStatus(await p.officer.send<CaseView>(accountabilityId, 'ACCEPT'), 200).body;
    expect(accepted.state).toBe('pendingApproval');

    for (const id of [cases.a.id, cases.b.id, cases.c.id, accountabilityId]) {
      expect(await verify(p.supervisor, id)).toMatchObject({ ok: true, replayMatches: true });
    }
  });

  it('GET /stats?workflow= serves its report with the right numbers', async () => {
    // The module grants its lead the figures (ACCESS); its inspectors have no such grant.
    const denied = await p.inspector.get<ErrorBody>(`/stats?workflow=${FINDING_WORKFLOW}`);
    expect(denied.status).toBe(403);
    const byLead = expectStatus(await p.lead.get<Stats>(`/stats?workflow=${FINDING_WORKFLOW}`), 200).body;

    const stats = expectStatus(
      await p.supervisor.get<Stats>(`/stats?workflow=${FINDING_WORKFLOW}`),
      200,
    ).body;
    expect(byLead.reports).toEqual(stats.reports);
    expect(stats.workflow).toBe(FINDING_WORKFLOW);
    expect(stats.stages).toEqual([
      'reported',
      'rectifying',
      'escalated',
      'verifying',
      'resolved',
      'dismissed',
    ]);
    const stage = Object.fromEntries(stats.casesByStage.map((s) => [s.stage, s]));
    expect(stage.escalated).toEqual({ stage: 'escalated', count: 1, overdue: 1 });
    expect(stage.resolved).toEqual({ stage: 'resolved', count: 1, overdue: 0 });
    expect(stage.dismissed).toEqual({ stage: 'dismissed', count: 1, overdue: 0 });
    expect(stats.outcomes.sort((x, y) => x.outcome.localeCompare(y.outcome))).toEqual([
      { outcome: 'dismissed', count: 1 },
      { outcome: 'resolved', count: 1 },
    ]);
    expect(stats.overdueByKind).toEqual([{ kind: 'findingFix', overdue: 1, lapsed: 1, pending: 0 }]);

    expect(Object.keys(stats.reports)).toEqual(['findingsBySeverity']);
    const report = stats.reports.findingsBySeverity;
    expect(report.title).toEqual({ zh: '巡察问题按严重程度统计', en: 'Findings by severity' });
    const zero = { active: 0, escalated: 0, resolved: 0, dismissed: 0, overdue: 0, linkedCases: 0 };
    expect(report.data as FindingsBySeverityRow[]).toEqual([
      { ...zero, severity: 1, total: 1, resolved: 1 },
      { ...zero, severity: 2, total: 1, dismissed: 1 },
      { ...zero, severity: 3, total: 1, active: 1, escalated: 1, overdue: 1, linkedCases: 1 },
    ]);

    // the other workflow's figures do not count the findings, and its report is its own
    const other = expectStatus(await p.supervisor.get<Stats>('/stats?workflow=accountability'), 200).body;
    expect(other.casesByStage.reduce((n, s) => n + s.count, 0)).toBe(1);
    expect(Object.keys(other.reports)).not.toContain('findingsBySeverity');
  });

  it('the fix after escalation settles the limit; the finding closes resolved', async () => {
    const fixing = await send(p.inspector, cases.a.id, 'SUBMIT_FINDING_FIX', { evidence: 'Rail installed' });
    expect(fixing.state).toBe('verifying');
    expect(fixing.overdue).toEqual([]);
    expect(fixing.deadlines).toMatchObject([{ kind: 'findingFix', status: 'fired', overdue: false }]);
    expect(await overdueIds(p.supervisor)).toEqual([]);
    const done = await send(p.inspector, cases.a.id, 'ACCEPT_FINDING_FIX');
    expect(done).toMatchObject({ state: 'resolved', status: 'closed', outcome: 'resolved' });
    expect(done.links).toMatchObject([{ caseId: accountabilityId, direction: 'opened' }]);

    const stats = expectStatus(
      await p.supervisor.get<Stats>(`/stats?workflow=${FINDING_WORKFLOW}`),
      200,
    ).body;
    const rows = stats.reports.findingsBySeverity.data as FindingsBySeverityRow[];
    expect(rows[2]).toMatchObject({
      severity: 3,
      active: 0,
      escalated: 1,
      resolved: 1,
      overdue: 0,
      linkedCases: 1,
    });
    expect(await verify(p.supervisor, cases.a.id)).toMatchObject({ ok: true, replayMatches: true });
  });
});
