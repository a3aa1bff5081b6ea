/*
 * The annual assessment (年度考核, version 2) over HTTP on the real service: the published plan and
 * limits, payloads refused with their reasons (weights not adding up to 100, a score above 100, dates
 * out of order, a grade off its band without a reason), a full run to the structured results applied
 * on the unit's record and on the record of the people a result names (within reach only), a failed unit whose principal leader and supervisory responsible person are
 * each pursued in an accountability case (倒查) and whose problems become a rectification case — linked
 * both ways, every chain verified — a version-1 case migrated to version 2 and carried on, and a
 * stage's time limit fired by the real BullMQ worker (DEADLINE_OVERRIDES).
 */
import { dropQueueKeys, queuePrefix, redisClient, timeoutsOf, waitFor } from './support/deadline-helpers';
import {
  expectStatus,
  getCase,
  history,
  openBody as accountabilityBody,
  unique,
  type CaseView,
  type ErrorBody,
} from './support/procedure';
import { claims, signJwt } from './support/jwt';
import { Client, startTestApp, TEST_SECRET, type TestApp } from './support/test-app';

const DAY_MS = 86_400_000;
const inMs = (ms: number) => new Date(Date.now() + ms).toISOString();
const now = () => new Date().toISOString();

const CODES = ['keyTasks', 'departmentResponsibility', 'integrity', 'problemCorrection', 'publicApproval'];
const scores = (...values: number[]) => Object.fromEntries(CODES.map((c, i) => [c, values[i] ?? values[0]]));

interface Roles {
  integration: Client;
  officer: Client;
  principal: Client;
  committee: Client;
  leader: Client;
  supervisor: Client;
  admin: Client;
}

async function roles(baseUrl: string, tag: string): Promise<Roles> {
  const as = (role: string) => Client.as(baseUrl, `assess-${tag}-${role}`, [role]);
  const [integration, officer, principal, committee, leader, supervisor, admin] = await Promise.all(
    ['integration', 'officer', 'principal', 'committee', 'leader', 'supervisor', 'admin'].map(as),
  );
  return { integration, officer, principal, committee, leader, supervisor, admin };
}

function openBody(extra: Record<string, unknown> = {}) {
  const ref = unique('unit-');
  return {
    workflow: 'assessment',
    title: `Annual assessment 2026: Township Office ${ref}`,
    subject: { ref, kind: 'organisation', name: `Township Office ${ref}` },
    year: 2026,
    unitLeader: { ref: unique('leader-'), name: 'Li Si 李四', post: 'Party secretary' },
    supervisor: { ref: unique('disc-'), name: 'Zhou Qi 周七', post: 'Discipline inspection secretary' },
    ...extra,
  };
}

const SELF = { report: 'Key tasks met; rules observed', scores: scores(90), evidenceRefs: ['ZP-1', 'ZP-2'] };

function onSitePayload(problems: { description: string; responsible: string; dueAt: string }[] = []) {
  return { heldAt: now(), scores: scores(80, 70, 90, 60, 100), approvalRate: 91.5, problems };
}

describe('assessment (年度考核) end to end', () => {
  let app: TestApp;
  /** The same service with the on-site limit shortened to 2 seconds. */
  let fast: TestApp;
  let u: Roles;
  let f: Roles;
  const prefix = queuePrefix('assessment');

  beforeAll(async () => {
    [app, fast] = await Promise.all([
      startTestApp(),
      startTestApp({ QUEUE_PREFIX: prefix, DEADLINE_OVERRIDES: JSON.stringify({ onSite: 'PT2S' }) }),
    ]);
    [u, f] = await Promise.all([roles(app.baseUrl, 'a'), roles(fast.baseUrl, 'f')]);
  }, 90_000);

  afterAll(async () => {
    await Promise.all([app?.close(), fast?.close()]);
    const redis = redisClient();
    await dropQueueKeys(redis, prefix).catch(() => undefined);
    redis.disconnect();
  });

  const send = async (as: Client, id: string, type: string, payload?: unknown) =>
    expectStatus(await as.send<CaseView>(id, type, payload), 200).body;
  const open = async (as: Client, extra: Record<string, unknown> = {}) =>
    expectStatus(await as.post<CaseView>('/cases', openBody(extra)), 201).body;
  const verify = async (as: Client, id: string) =>
    expectStatus(await as.get<{ ok: boolean; replayMatches: boolean }>(`/cases/${id}/verify`), 200).body;

  it('GET /workflows/assessment publishes the indicator plan, the roles and a limit per stage', async () => {
    const wf = expectStatus(await u.officer.get<Record<string, unknown>>('/workflows/assessment'), 200)
      .body as {
      roles: { id: string }[];
      open: {
        roles: string[];
        schema: { properties: Record<string, Record<string, unknown>>; required: string[] };
      };
      deadlines: { delay: string; kind: string; duration: string; flagsOverdue: boolean }[];
    };
    expect(wf.roles.map((r) => r.id).sort()).toEqual([
      'committee',
      'integration',
      'leader',
      'officer',
      'principal',
    ]);
    expect(wf.open.roles).toEqual(['integration', 'officer']);
    expect(wf.open.schema.required).toEqual(
      expect.arrayContaining(['title', 'subject', 'year', 'unitLeader', 'supervisor']),
    );
    expect(wf.open.schema.required).not.toContain('weights');
    const weights = wf.open.schema.properties.weights;
    expect(weights).toMatchObject({
      type: 'object',
      'x-sum': 100,
      required: CODES,
      additionalProperties: false,
    });
    expect((weights.properties as Record<string, unknown>).keyTasks).toMatchObject({
      type: 'integer',
      minimum: 0,
      maximum: 100,
    });
    expect(wf.deadlines.map((d) => [d.delay, d.kind, d.duration, d.flagsOverdue])).toEqual([
      ['selfAssessment', 'selfAssessment', 'P1M', true],
      ['onSite', 'onSite', 'P1M', true],
      ['grading', 'grading', 'P15WD', true],
      ['feedback', 'feedback', 'P15WD', true],
      ['application', 'application', 'P1M', true],
    ]);
  });

  it('refuses bad payloads with the reason: weights, scores, dates', async () => {
    // weights that do not add up to 100
    const off = await u.officer.post<ErrorBody>(
      '/cases',
      openBody({
        weights: {
          keyTasks: 30,
          departmentResponsibility: 20,
          integrity: 20,
          problemCorrection: 15,
          publicApproval: 10,
        },
      }),
    );
    expect(off.status).toBe(400);
    expect(off.body.message).toContain(
      'weights must add up to 100: keyTasks 30 + departmentResponsibility 20',
    );
    expect(off.body.message).toContain('= 95');
    // an indicator missing from the weights, and one that is not in the plan
    const keys = await u.officer.post<ErrorBody>(
      '/cases',
      openBody({ weights: { keyTasks: 100, ghost: 0 } }),
    );
    expect(keys.status).toBe(400);
    expect(keys.body.message).toContain('missing: departmentResponsibility');
    expect(keys.body.message).toContain('unknown: ghost');

    const c = await open(u.officer);
    // a score above 100
    const high = await u.principal.send<ErrorBody>(c.id, 'SUBMIT_SELF_ASSESSMENT', {
      ...SELF,
      scores: { ...scores(90), keyTasks: 120 },
    });
    expect(high.status).toBe(400);
    expect(high.body.message).toContain('scores.keyTasks must be a score from 0 to 100 (got 120)');
    // no evidence
    expect(
      (await u.principal.send(c.id, 'SUBMIT_SELF_ASSESSMENT', { ...SELF, evidenceRefs: [] })).status,
    ).toBe(400);
    // only the unit (or the officer) submits the self-assessment
    expect((await u.committee.send(c.id, 'SUBMIT_SELF_ASSESSMENT', SELF)).status).toBe(403);
    await send(u.principal, c.id, 'SUBMIT_SELF_ASSESSMENT', SELF);

    // an on-site assessment held in the future, or before the self-assessment: explained 422
    const future = await u.officer.send<ErrorBody>(c.id, 'RECORD_ON_SITE', {
      ...onSitePayload(),
      heldAt: inMs(DAY_MS),
    });
    expect(future.status).toBe(422);
    expect(future.body.message).toContain('heldAt');
    expect(future.body.message).toContain('is in the future');
    const before = await u.officer.send<ErrorBody>(c.id, 'RECORD_ON_SITE', {
      ...onSitePayload(),
      heldAt: inMs(-DAY_MS),
    });
    expect(before.status).toBe(422);
    expect(before.body.message).toContain('before the self-assessment was submitted');
    // a problem due in the past, an approval rate above 100: 400
    const pastDue = await u.officer.send<ErrorBody>(
      c.id,
      'RECORD_ON_SITE',
      onSitePayload([{ description: 'd', responsible: 'r', dueAt: inMs(-DAY_MS) }]),
    );
    expect(pastDue.status).toBe(400);
    expect(pastDue.body.message).toContain('dueAt must be in the future');
    const rate = await u.officer.send<ErrorBody>(c.id, 'RECORD_ON_SITE', {
      ...onSitePayload(),
      approvalRate: 101,
    });
    expect(rate.status).toBe(400);
    expect(rate.body.message).toContain('approvalRate');
    // nothing was written by the refusals
    expect((await getCase(u.officer, c.id)).state).toBe('onSite');
  });

  it('a full run: mid-year check, self-assessment, on-site, the grade of the band (seeds: grade bands), feedback, structured results on the unit record', async () => {
    const c = await open(u.integration);
    expect(c).toMatchObject({ workflow: 'assessment', state: 'selfAssessment', status: 'active' });
    // the deployment's default weights (config/assessment-indicators.json)
    expect(c.context.indicators).toEqual([
      { code: 'keyTasks', weight: 30 },
      { code: 'departmentResponsibility', weight: 20 },
      { code: 'integrity', weight: 20 },
      { code: 'problemCorrection', weight: 15 },
      { code: 'publicApproval', weight: 15 },
    ]);
    // the self-assessment limit: a month after the end of 2026 in Beijing time
    expect(c.deadlines).toMatchObject([{ kind: 'selfAssessment', status: 'pending' }]);
    expect(c.deadlines[0].dueAt).toBe('2027-01-31T16:00:00.000Z');

    const checked = await send(u.officer, c.id, 'RECORD_MID_YEAR_CHECK', {
      summary: 'Half the key tasks done',
    });
    expect(checked.state).toBe('selfAssessment');
    const again = await u.officer.send<ErrorBody>(c.id, 'RECORD_MID_YEAR_CHECK', { summary: 'again' });
    expect(again.status).toBe(422);
    expect(again.body.message).toContain('already recorded');

    const self = await send(u.principal, c.id, 'SUBMIT_SELF_ASSESSMENT', SELF);
    expect(self.state).toBe('onSite');
    expect(self.context.selfAssessment).toMatchObject({ total: 90, evidenceRefs: ['ZP-1', 'ZP-2'] });
    expect(self.deadlines.filter((d) => d.status === 'pending')).toMatchObject([{ kind: 'onSite' }]);

    const site = await send(u.officer, c.id, 'RECORD_ON_SITE', onSitePayload());
    expect(site.state).toBe('grading');
    expect(site.context.onSite).toMatchObject({ total: 80, approvalRate: 91.5, problems: [] });
    // no problems found: no rectification case
    expect(site.links).toEqual([]);

    expect((await u.officer.send(c.id, 'DECIDE_GRADE', { grade: 'good', basis: 'b' })).status).toBe(403);
    // the total 80 falls in the band good: excellent needs a reason, good refuses one (seeds: grade bands)
    const off = await u.committee.send<ErrorBody>(c.id, 'DECIDE_GRADE', { grade: 'excellent', basis: 'b' });
    expect(off.status).toBe(422);
    expect(off.body.details).toMatchObject({ rule: { id: 'gradeFollowsScore' } });
    expect(off.body.message).toContain('the on-site total 80 falls in the band good');
    const needless = await u.committee.send<ErrorBody>(c.id, 'DECIDE_GRADE', {
      grade: 'good',
      basis: 'b',
      departureReason: 'none really',
    });
    expect(needless.status).toBe(422);
    expect(needless.body.details).toMatchObject({ rule: { id: 'gradeFollowsScore' } });
    const graded = await send(u.committee, c.id, 'DECIDE_GRADE', {
      grade: 'good',
      basis: 'Weighted total 80',
    });
    expect(graded.state).toBe('feedback');
    expect(graded.context.grade).toMatchObject({ grade: 'good', band: 'good', departureReason: null });
    expect(graded.links).toEqual([]);
    const delivered = await send(u.officer, c.id, 'DELIVER_FEEDBACK', {
      deliveredAt: now(),
      feedback: 'Good; keep the canteen accounts in order',
    });
    expect(delivered.state).toBe('application');
    const secretary = { ref: unique('p-'), name: 'Li Si 李四', post: 'Party secretary' };
    const closed = await send(u.leader, c.id, 'APPLY_RESULTS', {
      results: [
        { kind: 'reward', what: 'Commended in the county bulletin' },
        { kind: 'talk', people: [secretary], what: 'Talk on the canteen accounts' },
      ],
      fileRef: 'KH-2026-1',
    });
    expect(closed).toMatchObject({ state: 'closed', status: 'closed', outcome: 'good' });
    // the results go on the unit's record, typed as results applied, with no impact period
    const record = expectStatus(
      await u.officer.get<{
        measures: { type: string; detail: string; impactUntil: string | null }[];
        restricted: boolean;
      }>(`/subjects/${encodeURIComponent(c.subject.ref)}`),
      200,
    ).body;
    // (recorded in one step, at the same time: ordered here by type)
    const entries = record.measures.map((m) => [m.type, m.detail, m.impactUntil]).sort();
    expect(entries).toEqual([
      ['assessmentResult.reward', '本单位：Commended in the county bulletin', null],
      ['assessmentResult.talk', `Li Si 李四（${secretary.ref}）：Talk on the canteen accounts`, null],
    ]);
    expect(record.restricted).toBe(false);
    expect(closed.deadlines.every((d) => d.status === 'cancelled')).toBe(true);
    expect((await history(u.supervisor, c.id)).map((h) => h.type)).toEqual([
      'OPEN',
      'RECORD_MID_YEAR_CHECK',
      'SUBMIT_SELF_ASSESSMENT',
      'RECORD_ON_SITE',
      'DECIDE_GRADE',
      'DELIVER_FEEDBACK',
      'APPLY_RESULTS',
    ]);
    expect(await verify(u.supervisor, c.id)).toMatchObject({ ok: true, replayMatches: true });
  }, 60_000);

  it('a result naming a person goes on their record too, with the assessment case: within reach only, never a restriction, not counted in the stats', async () => {
    const admin = new Client(
      app.baseUrl,
      signJwt(claims('assess-units-admin', ['admin'], 3600, null), TEST_SECRET),
    );
    const [home, other] = [unique('assess-home-'), unique('assess-other-')];
    for (const code of [home, other]) {
      expectStatus(await admin.post('/units', { code, name: code }), 201);
    }
    const as = (unit: string, role: string) =>
      new Client(app.baseUrl, signJwt(claims(`${unit}-${role}`, [role], 3600, unit), TEST_SECRET));
    const c = await open(as(home, 'integration'), { unitId: home });
    await send(as(home, 'principal'), c.id, 'SUBMIT_SELF_ASSESSMENT', SELF);
    await send(as(home, 'officer'), c.id, 'RECORD_ON_SITE', onSitePayload());
    await send(as(home, 'committee'), c.id, 'DECIDE_GRADE', { grade: 'good', basis: 'Weighted total 80' });
    await send(as(home, 'officer'), c.id, 'DELIVER_FEEDBACK', { deliveredAt: now(), feedback: 'Good' });
    const deputy = { ref: unique('p-'), name: 'Zhao Liu 赵六', post: 'Deputy head' };
    const closed = await send(as(home, 'leader'), c.id, 'APPLY_RESULTS', {
      results: [
        { kind: 'reward', what: 'Commended in the county bulletin' },
        { kind: 'talk', people: [deputy], what: 'Talk on the canteen accounts' },
        { kind: 'other', people: [deputy], what: 'Training on the financial rules' },
      ],
      fileRef: 'KH-2026-P',
    });
    expect(closed).toMatchObject({ status: 'closed', outcome: 'good' });

    type PersonRecord = {
      ref: string;
      kind: string;
      name: string;
      organisation: string | null;
      post: string | null;
      versions: { caseId: string; post: string | null }[];
      measures: {
        type: string;
        caseId: string;
        detail: string;
        impactUntil: string | null;
        post: string | null;
      }[];
      impactPeriods: unknown[];
      restricted: boolean;
      restrictedUntil: string | null;
    };
    const path = `/subjects/${encodeURIComponent(deputy.ref)}`;
    const record = expectStatus(await as(home, 'officer').get<PersonRecord>(path), 200).body;
    expect(record).toMatchObject({
      ref: deputy.ref,
      kind: 'individual',
      name: deputy.name,
      organisation: c.subject.name,
      post: deputy.post,
      // one record of theirs for the case, however many of its results name them
      versions: [{ caseId: c.id }],
      impactPeriods: [],
      restricted: false,
      restrictedUntil: null,
    });
    // (recorded in one step, at the same time: ordered here by type)
    const entries = record.measures
      .map((m) => [m.type, m.caseId, m.detail, m.impactUntil, m.post])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    expect(entries).toEqual([
      ['assessmentResult.other', c.id, 'Training on the financial rules', null, deputy.post],
      ['assessmentResult.talk', c.id, 'Talk on the canteen accounts', null, deputy.post],
    ]);
    // a user of another unit learns nothing of it
    const outside = await as(other, 'officer').get<ErrorBody>(path);
    expect(outside.status).toBe(404);
    expect(JSON.stringify(outside.body)).not.toContain(deputy.name);
    // a case of their own opened later (another record of theirs): the record lists both, oldest first,
    // asked for by the reference or by the id of either record
    const own = expectStatus(
      await as(home, 'integration').post<CaseView>('/cases', {
        ...accountabilityBody({ subject: { ref: deputy.ref, name: deputy.name, post: 'Head' } }),
        unitId: home,
      }),
      201,
    ).body;
    const both = expectStatus(await as(home, 'officer').get<PersonRecord>(path), 200).body;
    expect(both.versions.map((v) => [v.caseId, v.post])).toEqual([
      [c.id, deputy.post],
      [own.id, 'Head'],
    ]);
    expect(both.post).toBe('Head');
    const byOwnId = `/subjects/${own.subject.id}`;
    expect(expectStatus(await as(home, 'officer').get<PersonRecord>(byOwnId), 200).body.versions).toEqual(
      both.versions,
    );
    expect((await as(other, 'officer').get(byOwnId)).status).toBe(404);
    // the unit keeps its own entries, one per result
    const unit = expectStatus(
      await as(home, 'officer').get<PersonRecord>(`/subjects/${encodeURIComponent(c.subject.ref)}`),
      200,
    ).body;
    expect(unit.measures.map((m) => m.type).sort()).toEqual([
      'assessmentResult.other',
      'assessmentResult.reward',
      'assessmentResult.talk',
    ]);
    // the stats count the unit's entries only (the unit's only case): the person's is not another measure
    const stats = expectStatus(
      await as(home, 'supervisor').get<{ measuresByType: { type: string; count: number }[] }>(
        '/stats?workflow=assessment',
      ),
      200,
    ).body;
    expect(stats.measuresByType.map((m) => [m.type, m.count]).sort()).toEqual([
      ['assessmentResult.other', 1],
      ['assessmentResult.reward', 1],
      ['assessmentResult.talk', 1],
    ]);
  }, 60_000);

  it('fail (2019 Art 6; seeds: 主体责任 and 监督责任): the problems become a rectification case, the principal leader and the supervisory responsible person each an accountability case; linked both ways', async () => {
    const weights = {
      keyTasks: 40,
      departmentResponsibility: 20,
      integrity: 20,
      problemCorrection: 10,
      publicApproval: 10,
    };
    const c = await open(u.officer, { weights });
    expect(c.context.indicators).toEqual(
      CODES.map((code) => ({ code, weight: weights[code as keyof typeof weights] })),
    );
    await send(u.principal, c.id, 'SUBMIT_SELF_ASSESSMENT', SELF);
    const due1 = inMs(30 * DAY_MS);
    const due2 = inMs(60 * DAY_MS);
    const site = await send(
      u.officer,
      c.id,
      'RECORD_ON_SITE',
      onSitePayload([
        { description: 'Canteen funds used for banquets', responsible: 'Wang Wu', dueAt: due1 },
        { description: 'Key task 3 not started', responsible: 'Zhao Liu', dueAt: due2 },
      ]),
    );
    // 80·40 + 70·20 + 90·20 + 60·10 + 100·10, over 100
    expect(site.context.onSite).toMatchObject({ total: 80 });
    expect(site.links).toHaveLength(1);
    expect(site.links[0]).toMatchObject({ direction: 'opened', relation: 'assessmentProblems' });
    const rectId = site.links[0].caseId;

    // the total 80 falls in the band good: a fail departs from it, only with a recorded reason
    const bare = await u.committee.send<ErrorBody>(c.id, 'DECIDE_GRADE', { grade: 'fail', basis: 'b' });
    expect(bare.status).toBe(422);
    expect(bare.body.details).toMatchObject({ rule: { id: 'gradeFollowsScore' } });
    expect((await getCase(u.officer, c.id)).links).toHaveLength(1);
    const failed = await send(u.committee, c.id, 'DECIDE_GRADE', {
      grade: 'fail',
      basis: 'Key tasks not met',
      departureReason: 'Canteen funds used for banquets: a serious breach of the integrity rules',
    });
    expect(failed.state).toBe('feedback');
    const view = await getCase(u.officer, c.id);
    expect(view.links).toHaveLength(3);
    const accLink = view.links.find((l) => l.relation === 'assessmentFailed')!;
    expect(accLink).toMatchObject({ direction: 'opened', state: 'proposed' });
    const supLink = view.links.find((l) => l.relation === 'assessmentFailedSupervision')!;
    expect(supLink).toMatchObject({ direction: 'opened', state: 'proposed' });
    expect(view.links.find((l) => l.relation === 'assessmentProblems')).toMatchObject({ caseId: rectId });

    // the rectification case: the unit, its leader, the problems as items with their due dates
    const rect = await getCase(u.officer, rectId);
    expect(rect).toMatchObject({ workflow: 'rectification', state: 'issued' });
    expect(rect.subject).toMatchObject({ ref: c.subject.ref, kind: 'organisation' });
    expect(rect.context).toMatchObject({
      source: 'assessment',
      unitLeader: c.context.unitLeader,
      linkedFrom: { caseId: c.id, relation: 'assessmentProblems' },
    });
    const items = rect.context.items as { description: string; dueAt: string }[];
    expect(items.map((i) => [i.description, i.dueAt])).toEqual([
      ['Canteen funds used for banquets', due1],
      ['Key task 3 not started', due2],
    ]);
    expect(rect.links).toMatchObject([
      { caseId: c.id, direction: 'openedBy', relation: 'assessmentProblems' },
    ]);

    // the accountability case: the unit's principal leader, main leadership responsibility
    const acc = await getCase(u.officer, accLink.caseId);
    const leader = c.context.unitLeader as { ref: string };
    expect(acc).toMatchObject({ workflow: 'accountability', state: 'proposed' });
    expect(acc.subject).toMatchObject({ ref: leader.ref, kind: 'individual', name: 'Li Si 李四' });
    expect(acc.context).toMatchObject({
      source: 'superiorInstruction',
      linkedFrom: { caseId: c.id, relation: 'assessmentFailed' },
    });
    // the workflow's words in the deployment's language (Chinese by default), the users' as written
    expect(String(acc.context.facts)).toContain('评定为不合格');
    expect(String(acc.context.facts)).toContain('问题1：Canteen funds used for banquets');
    expect(acc.links).toMatchObject([{ caseId: c.id, direction: 'openedBy', relation: 'assessmentFailed' }]);
    expect(acc.context).toMatchObject({ responsibility: 'mainLeadership', situation: 'dutiesNotCarriedOut' });
    expect(String(acc.context.facts)).toContain('主体责任');

    // and the supervisory responsible person (监督责任), in a case of their own, linked both ways
    const sup = await getCase(u.officer, supLink.caseId);
    const disc = c.context.supervisor as { ref: string };
    expect(sup).toMatchObject({ workflow: 'accountability', state: 'proposed' });
    expect(sup.subject).toMatchObject({ ref: disc.ref, kind: 'individual', name: 'Zhou Qi 周七' });
    expect(sup.context).toMatchObject({
      responsibility: 'mainLeadership',
      situation: 'dutiesNotCarriedOut',
      linkedFrom: { caseId: c.id, relation: 'assessmentFailedSupervision' },
    });
    expect(String(sup.context.facts)).toContain('监督责任');
    expect(sup.links).toMatchObject([
      { caseId: c.id, direction: 'openedBy', relation: 'assessmentFailedSupervision' },
    ]);

    // each opening is in the same commit as the event that asked for it
    const rows = await history(u.supervisor, c.id);
    expect((await history(u.supervisor, rectId))[0]).toMatchObject({
      type: 'OPEN',
      at: rows.find((r) => r.type === 'RECORD_ON_SITE')!.at,
    });
    expect((await history(u.supervisor, accLink.caseId))[0]).toMatchObject({
      type: 'OPEN',
      at: rows.find((r) => r.type === 'DECIDE_GRADE')!.at,
    });

    await send(u.officer, c.id, 'DELIVER_FEEDBACK', {
      deliveredAt: now(),
      feedback: 'Fail: rectify, leader referred',
    });
    // a failed unit gets no reward (seeds: 考核结果运用)
    const reward = await u.leader.send<ErrorBody>(c.id, 'APPLY_RESULTS', {
      results: [{ kind: 'reward', what: 'Commended' }],
      fileRef: 'KH-9',
    });
    expect(reward.status).toBe(422);
    expect(reward.body.details).toMatchObject({ rule: { id: 'noRewardOnFail' } });
    const closed = await send(u.leader, c.id, 'APPLY_RESULTS', {
      results: [
        {
          kind: 'adjustment',
          people: [{ ref: (c.context.unitLeader as { ref: string }).ref, name: 'Li Si 李四' }],
          what: 'Not considered for promotion this year',
        },
      ],
      fileRef: 'KH-9',
    });
    expect(closed).toMatchObject({ status: 'closed', outcome: 'fail' });
    for (const id of [c.id, rectId, accLink.caseId, supLink.caseId]) {
      expect(await verify(u.supervisor, id)).toMatchObject({ ok: true, replayMatches: true });
    }
  }, 60_000);

  it('a case on version 1 moves to version 2 with POST /cases/:id/migrate (same states) and carries on under its rules', async () => {
    // New cases open on version 2; a case on version 1 (as main stored it) is made by moving one back.
    const opened = await open(u.officer);
    expect(opened.workflowVersion).toBe(2);
    const migrate = (toVersion: number) =>
      u.admin.post<CaseView>(`/cases/${opened.id}/migrate`, { toVersion, stateMapping: {} });
    expect(expectStatus(await migrate(1), 200).body).toMatchObject({
      workflowVersion: 1,
      state: 'selfAssessment',
    });
    // version 1 as deployed: its own payloads, its own machine
    await send(u.principal, opened.id, 'SUBMIT_SELF_ASSESSMENT', SELF);
    const onV1 = await send(u.officer, opened.id, 'RECORD_ON_SITE', onSitePayload());
    expect(onV1).toMatchObject({ workflowVersion: 1, state: 'grading' });
    expect(onV1.allowedEvents).not.toContain('NAME_SUPERVISOR');
    const limit = onV1.deadlines.find((d) => d.status === 'pending')!;

    const moved = expectStatus(await migrate(2), 200).body;
    expect(moved).toMatchObject({ workflowVersion: 2, state: 'grading' });
    // the grading limit moved with the case, its due time unchanged
    expect(moved.deadlines.find((d) => d.status === 'pending')).toMatchObject({
      kind: 'grading',
      dueAt: limit.dueAt,
    });
    // version 2's rules now hold: the total 80 is in the band good
    const off = await u.committee.send<ErrorBody>(opened.id, 'DECIDE_GRADE', { grade: 'pass', basis: 'b' });
    expect(off.status).toBe(422);
    expect(off.body.details).toMatchObject({ rule: { id: 'gradeFollowsScore' } });
    await send(u.committee, opened.id, 'DECIDE_GRADE', { grade: 'good', basis: 'Weighted total 80' });
    await send(u.officer, opened.id, 'DELIVER_FEEDBACK', { deliveredAt: now(), feedback: 'Good' });
    const closed = await send(u.leader, opened.id, 'APPLY_RESULTS', {
      results: [{ kind: 'other', what: 'Weighed in next year’s budget' }],
      fileRef: 'KH-M',
    });
    expect(closed).toMatchObject({ workflowVersion: 2, status: 'closed', outcome: 'good' });
    const types = (await history(u.supervisor, opened.id)).map((h) => h.type);
    expect(types).toEqual([
      'OPEN',
      'MIGRATE',
      'SUBMIT_SELF_ASSESSMENT',
      'RECORD_ON_SITE',
      'MIGRATE',
      'DECIDE_GRADE',
      'DELIVER_FEEDBACK',
      'APPLY_RESULTS',
    ]);
    expect(await verify(u.supervisor, opened.id)).toMatchObject({ ok: true, replayMatches: true });
  }, 60_000);

  it('past the on-site limit (fired by the worker) the case is overdue and waits on; the assessment still goes on', async () => {
    const c = await open(f.officer);
    const self = await send(f.principal, c.id, 'SUBMIT_SELF_ASSESSMENT', SELF);
    const limit = self.deadlines.find((d) => d.kind === 'onSite' && d.status === 'pending')!;
    const row = (await history(f.supervisor, c.id)).at(-1)!;
    expect(Date.parse(limit.dueAt) - Date.parse(row.at)).toBe(2000);

    const fired = await waitFor(
      'the on-site limit to fire',
      async () => {
        const v = await getCase(f.officer, c.id);
        return v.deadlines.some((d) => d.id === limit.id && d.status === 'fired') && v;
      },
      30_000,
      200,
    );
    expect(fired.state).toBe('onSite');
    expect(fired.overdue).toMatchObject([{ id: limit.id, kind: 'onSite', overdue: true }]);
    expect(fired.context.lapses).toEqual([{ stage: 'onSite', at: limit.dueAt }]);
    const timeouts = await timeoutsOf(f.supervisor, c.id, 'onSite');
    expect(timeouts).toHaveLength(1);
    expect(timeouts[0]).toMatchObject({ at: limit.dueAt, from: 'onSite', to: 'onSite' });

    const site = await send(f.officer, c.id, 'RECORD_ON_SITE', onSitePayload());
    expect(site.state).toBe('grading');
    expect(site.overdue).toEqual([]);
    expect(site.deadlines.filter((d) => d.status === 'pending')).toMatchObject([{ kind: 'grading' }]);
    expect(await verify(f.supervisor, c.id)).toMatchObject({ ok: true, replayMatches: true });
  }, 60_000);
});
