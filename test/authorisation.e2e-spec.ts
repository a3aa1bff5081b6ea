/*
 * Who may do what, read from the workflow's own declaration (GET /workflows/accountability):
 *   - every event × every role × cases in every stage of the procedure: a role the workflow does not
 *     declare for the event gets 403 whatever the state, and writes nothing; a declared role never gets
 *     403 (200 when the state takes the event, else 422) — checked with ?dryRun=true so that the cases
 *     stay where they are, and once for real on a fresh case per event;
 *   - opening cases: exactly the openRoles may;
 *   - the role-restricted routes (audit, deadlines, stats, indices, metrics);
 *   - forged, expired, not-yet-valid and malformed tokens: 401 on every route, and nothing written.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { SAMPLE } from '../machines/accountability.fixtures';
import type { UserEventType } from '../machines/accountability.types';
import { base64url, claims, encodeJson, epoch, signJwt, unsignedJwt } from './support/jwt';
import {
  decideAndDeliver,
  deliverPayload,
  expectStatus,
  getCase,
  history,
  openBody,
  openCase,
  SENDER,
  step,
  steps,
  unique,
  users,
  walkToDecision,
  walkToInvestigation,
  type CaseView,
  type Users,
} from './support/procedure';
import { Client, startTestApp, TEST_SECRET, type Reply, type TestApp } from './support/test-app';

type Role = keyof Users;
const ROLES: Role[] = ['integration', 'officer', 'leader', 'committee', 'supervisor', 'admin'];

interface WorkflowView {
  openRoles: string[];
  events: { type: string; roles: string[] }[];
}

let app: TestApp;
let u: Users;
let wf: WorkflowView;
/** A case in each stage of the procedure, by stage name. */
const stages: Record<string, CaseView> = {};

async function count(table: string): Promise<number> {
  const [row] = await app.store.query<{ n: number | string }>(`SELECT COUNT(*) AS n FROM "${table}"`);
  return Number(row.n);
}

/** Runs `work` over `items`, `width` at a time. */
async function inBatches<T, R>(items: T[], width: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += width)
    out.push(...(await Promise.all(items.slice(i, i + width).map(work))));
  return out;
}

beforeAll(async () => {
  app = await startTestApp();
  u = await users(app.baseUrl);
  wf = expectStatus(await u.supervisor.get<WorkflowView>('/workflows/accountability'), 200).body;
  const make = async (name: string, walk: (id: string) => Promise<unknown>) => {
    const c = await openCase(u);
    await walk(c.id);
    stages[name] = await getCase(u.officer, c.id);
  };
  await Promise.all([
    make('proposed', async () => undefined),
    make('pendingApproval', (id) => steps(u, id, 'ACCEPT')),
    make('investigation', (id) => walkToInvestigation(u, id)),
    make('preliminaryOpinion', (id) => steps(u, id, 'ACCEPT', 'DECIDE_DIRECTLY', 'RECORD_STATEMENT')),
    make('decision', (id) => walkToDecision(u, id)),
    make('notification', async (id) => {
      await walkToDecision(u, id);
      await step(u, id, 'DECIDE');
    }),
    make('execution', async (id) => {
      await walkToDecision(u, id);
      await decideAndDeliver(u, id);
      await step(u, id, 'FILE_APPEAL');
    }),
    make('closed', (id) => steps(u, id, 'PROPOSE_DECLINE', 'APPROVE_DECLINE')),
  ]);
});

afterAll(async () => {
  await app?.close();
});

describe('the catalogue declares the roles', () => {
  it('every event of the procedure is declared, with the roles the procedure names', () => {
    const declared = Object.fromEntries(wf.events.map((e) => [e.type, e.roles]));
    expect(Object.keys(declared).sort()).toEqual(Object.keys(SENDER).sort());
    for (const [type, sender] of Object.entries(SENDER)) expect(declared[type]).toContain(sender);
    expect(wf.openRoles.length).toBeGreaterThan(0);
    // Supervisors watch; they never act.
    for (const e of wf.events) expect(e.roles).not.toContain('supervisor');
  });
});

describe('events × roles × states', () => {
  it('an undeclared role gets 403 in every state and writes nothing; a declared role is never 403', async () => {
    const before = await Promise.all(Object.values(stages).map((c) => history(u.supervisor, c.id)));
    const checks = Object.entries(stages).flatMap(([stage, c]) =>
      wf.events.flatMap((e) =>
        ROLES.map((role) => ({ stage, c, type: e.type, role, declared: e.roles.includes(role) })),
      ),
    );
    const failures: string[] = [];
    let accepted = 0;
    await inBatches(checks, 12, async ({ stage, c, type, role, declared }) => {
      // A delivery is dated between the decision and now (SAMPLE.DELIVER is dated in 2025).
      const payload = type === 'DELIVER' ? deliverPayload() : SAMPLE[type as UserEventType];
      if (declared) {
        const reply = await u[role].post(`/cases/${c.id}/events?dryRun=true`, { type, payload });
        const allowed = c.allowedEvents.includes(type);
        if (reply.status !== (allowed ? 200 : 422)) {
          failures.push(`${role} ${type} in ${stage} (declared, allowed=${allowed}): ${reply.status}`);
        }
        if (reply.status === 200) accepted++;
      } else {
        // For real, not a dry run: the refusal must come before anything is written.
        const reply = await u[role].send(c.id, type, payload);
        const message = (reply.body as { message?: string }).message ?? '';
        if (reply.status !== 403 || !message.includes(type)) {
          failures.push(`${role} ${type} in ${stage} (not declared): ${reply.status} ${message}`);
        }
      }
    });
    expect(failures).toEqual([]);
    expect(accepted).toBeGreaterThan(10);
    const after = await Promise.all(Object.values(stages).map((c) => history(u.supervisor, c.id)));
    expect(after).toEqual(before);
  });

  it('for real: the declared sender is accepted where the state takes the event, every other role is refused', async () => {
    // Each event once, on a fresh case in a state that takes it.
    const walks: Record<string, (id: string) => Promise<unknown>> = {
      proposed: async () => undefined,
      pendingApproval: (id) => steps(u, id, 'ACCEPT'),
      declineProposed: (id) => steps(u, id, 'PROPOSE_DECLINE'),
      merged: (id) => steps(u, id, 'MERGE'),
      investigation: (id) => walkToInvestigation(u, id),
      heard: (id) => steps(u, id, 'ACCEPT', 'APPROVE_INVESTIGATION', 'RECORD_STATEMENT'),
      // The fast path: the subject is heard before the opinion.
      preliminaryOpinion: (id) => steps(u, id, 'ACCEPT', 'DECIDE_DIRECTLY', 'RECORD_STATEMENT'),
      decision: (id) => walkToDecision(u, id),
      notification: async (id) => {
        await walkToDecision(u, id);
        await step(u, id, 'DECIDE');
      },
      execution: async (id) => {
        await walkToDecision(u, id);
        await decideAndDeliver(u, id);
      },
      underReview: async (id) => {
        await walkToDecision(u, id);
        await decideAndDeliver(u, id);
        await step(u, id, 'FILE_APPEAL');
      },
    };
    const where: Record<UserEventType, keyof typeof walks> = {
      ACCEPT: 'proposed',
      PROPOSE_DECLINE: 'proposed',
      APPROVE_DECLINE: 'declineProposed',
      SEND_ON: 'declineProposed',
      MERGE: 'proposed',
      RECORD_DISCIPLINARY_OUTCOME: 'merged',
      APPROVE_INVESTIGATION: 'pendingApproval',
      DECIDE_DIRECTLY: 'pendingApproval',
      REJECT_INVESTIGATION: 'pendingApproval',
      RECORD_STATEMENT: 'investigation',
      WAIVE_STATEMENT: 'investigation',
      EXTEND_INVESTIGATION: 'investigation',
      SUBMIT_REPORT: 'heard',
      PROPOSE_OPINION: 'preliminaryOpinion',
      DECIDE: 'decision',
      DECIDE_NO_ACCOUNTABILITY: 'decision',
      RETURN_FOR_INVESTIGATION: 'decision',
      TRANSFER: 'decision',
      DELIVER: 'notification',
      RECORD_EXECUTION: 'execution',
      RECORD_SELF_REVIEW: 'execution',
      RECORD_PUBLICATION: 'execution',
      RECORD_FILING: 'execution',
      FILE_APPEAL: 'execution',
      RESOLVE_APPEAL: 'underReview',
      CORRECT_DECISION: 'execution',
      TRANSFER_JURISDICTION: 'proposed',
      TAKE_OVER: 'investigation',
    };
    await inBatches(wf.events, 4, async (e) => {
      const type = e.type as UserEventType;
      const c = await openCase(u);
      await walks[where[type]](c.id);
      const revision = (await getCase(u.officer, c.id)).revision;
      const payload =
        type === 'DELIVER' ? { ...SAMPLE.DELIVER, deliveredAt: new Date().toISOString() } : SAMPLE[type];
      for (const role of ROLES.filter((r) => !e.roles.includes(r))) {
        expect({ role, type, status: (await u[role].send(c.id, type, payload)).status }).toEqual({
          role,
          type,
          status: 403,
        });
      }
      expect((await getCase(u.officer, c.id)).revision).toBe(revision);
      const sender = e.roles.find((r): r is Role => (ROLES as string[]).includes(r))!;
      const reply = await u[sender].send<CaseView>(c.id, type, payload);
      expect({ type, sender, status: reply.status }).toEqual({ type, sender, status: 200 });
      expect(reply.body.revision).toBe(revision + 1);
    });
  });

  it('timeout events are refused to every role, even with every role at once', async () => {
    const c = stages.investigation;
    const everyone = await Client.as(app.baseUrl, 'everyone', ROLES);
    for (const client of [...ROLES.map((r) => u[r]), everyone]) {
      const reply = await client.send(c.id, 'xstate.after.investigation.accountability.investigation', {});
      expect(reply.status).toBe(403);
      expect((reply.body as { message: string }).message).toMatch(/deadline timer/);
    }
    expect((await getCase(u.officer, c.id)).revision).toBe(c.revision);
  });

  it('an event only a linked case sends is refused to every role, even with every role at once', async () => {
    const c = stages.investigation;
    const everyone = await Client.as(app.baseUrl, 'everyone', ROLES);
    const closed = { relation: 'rectificationOrder', workflow: 'rectification', outcome: 'rectified' };
    for (const client of [...ROLES.map((r) => u[r]), everyone]) {
      const reply = await client.send(c.id, 'LINKED_CASE_CLOSED', closed);
      expect(reply.status).toBe(403);
      expect((reply.body as { message: string }).message).toMatch(/only by a linked case/);
    }
    expect((await getCase(u.officer, c.id)).revision).toBe(c.revision);
  });

  it('several roles in one token: one declared role is enough; unknown or mis-cased role names count for nothing', async () => {
    const c = stages.investigation;
    const both = await Client.as(app.baseUrl, 'sup-officer', ['supervisor', 'officer']);
    expectStatus(
      await both.post(`/cases/${c.id}/events?dryRun=true`, {
        type: 'RECORD_STATEMENT',
        payload: SAMPLE.RECORD_STATEMENT,
      }),
      200,
    );
    for (const roles of [['Officer'], ['OFFICER'], ['officer '], ['root', 'superuser'], ['*'], []]) {
      const client = await Client.as(app.baseUrl, 'pretender', roles);
      const reply = await client.send(c.id, 'RECORD_STATEMENT', SAMPLE.RECORD_STATEMENT);
      expect({ roles, status: reply.status }).toEqual({ roles, status: 403 });
    }
    expect((await getCase(u.officer, c.id)).revision).toBe(c.revision);
  });
});

describe('opening cases', () => {
  it('exactly the openRoles may open a case; the others get 403 and nothing is created', async () => {
    for (const role of ROLES) {
      const cases = await count('case');
      const subjects = await count('subject');
      const reply = await u[role].post<CaseView>(
        '/cases',
        openBody({ businessKey: unique(`open-${role}-`) }),
      );
      if (wf.openRoles.includes(role)) {
        expect({ role, status: reply.status }).toEqual({ role, status: 201 });
        expect(await count('case')).toBe(cases + 1);
      } else {
        expect({ role, status: reply.status }).toEqual({ role, status: 403 });
        expect((reply.body as unknown as { message: string }).message).toMatch(/may not open/);
        expect(await count('case')).toBe(cases);
        expect(await count('subject')).toBe(subjects);
      }
    }
  });
});

describe('role-restricted routes', () => {
  // Every route names its roles (the catalogue's access policy, workflows/index.ts).
  const RESTRICTED: Record<string, Role[]> = {
    '/audit': ['supervisor', 'admin'],
    '/access-log': ['supervisor', 'admin'],
    '/deadlines': ['supervisor', 'admin', 'leader', 'officer', 'committee'],
    '/stats': ['supervisor', 'admin', 'leader'],
    '/indices?year=2026': ['supervisor', 'admin', 'leader', 'committee'],
    // Operators only: the counts span every unit.
    '/metrics': ['admin'],
    // Integrations open cases and read them back; the records behind a case are not theirs to read.
    CASE_HISTORY: ['officer', 'leader', 'committee', 'supervisor', 'admin'],
    CASE_VERIFY: ['officer', 'leader', 'committee', 'supervisor', 'admin'],
    '/cases': [...ROLES],
    CASE: [...ROLES],
    '/workflows': [...ROLES],
    '/units': [...ROLES],
    '/me': [...ROLES],
  };

  it('each role gets 200 exactly where it is listed, else 403', async () => {
    const id = stages.decision.id;
    const paths: Record<string, string> = {
      CASE: `/cases/${id}`,
      CASE_HISTORY: `/cases/${id}/history`,
      CASE_VERIFY: `/cases/${id}/verify`,
    };
    const seen: { path: string; role: Role; status: number }[] = [];
    const expected: typeof seen = [];
    for (const [key, allowed] of Object.entries(RESTRICTED)) {
      const path = paths[key] ?? key;
      for (const role of ROLES) {
        seen.push({ path, role, status: (await u[role].get(path)).status });
        expected.push({ path, role, status: allowed.includes(role) ? 200 : 403 });
      }
    }
    expect(seen).toEqual(expected);
  });

  it('a token without any role of the service gets 403 on every route that needs one', async () => {
    const nobody = new Client(app.baseUrl, signJwt(claims('nobody', []), TEST_SECRET));
    for (const path of ['/cases', `/cases/${stages.decision.id}`, '/workflows', '/units', '/me', '/audit']) {
      expect({ path, status: (await nobody.get(path)).status }).toEqual({ path, status: 403 });
    }
    expect((await nobody.post('/cases', {})).status).toBe(403);
  });
});

describe('tokens the service must refuse', () => {
  const OTHER_KEY = 'someone-elses-secret-0123456789abcdef';
  const good = () => claims('olivia-officer', ['officer', 'admin', 'supervisor']);

  function withHeader(
    header: Record<string, unknown>,
    body: Record<string, unknown>,
    signature: string,
  ): string {
    return `${encodeJson(header)}.${encodeJson(body)}.${signature}`;
  }

  function hs256(
    header: Record<string, unknown>,
    body: Record<string, unknown>,
    secret = TEST_SECRET,
  ): string {
    const input = `${encodeJson(header)}.${encodeJson(body)}`;
    return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
  }

  const without = (key: string) => {
    const { [key]: _gone, ...rest } = good();
    return rest;
  };

  const BAD: Record<string, () => string> = {
    'wrong signature (another key)': () => signJwt(good(), OTHER_KEY),
    'signature of another token': () => {
      const [h, p] = signJwt(good(), TEST_SECRET).split('.');
      const other = signJwt(claims('mallory', ['officer']), TEST_SECRET).split('.')[2];
      return `${h}.${p}.${other}`;
    },
    'payload changed after signing': () => {
      const [h, , s] = signJwt(claims('olivia-officer', ['officer']), TEST_SECRET).split('.');
      return `${h}.${encodeJson({ ...good(), roles: ['admin'] })}.${s}`;
    },
    'HS512 with the right key': () => signJwt(good(), TEST_SECRET, { alg: 'HS512', typ: 'JWT' }),
    'HS384 with the right key': () => signJwt(good(), TEST_SECRET, { alg: 'HS384', typ: 'JWT' }),
    'RS256-looking header': () =>
      withHeader({ alg: 'RS256', typ: 'JWT', kid: 'k1' }, good(), base64url(randomBytes(256))),
    'ES256-looking header': () =>
      withHeader({ alg: 'ES256', typ: 'JWT' }, good(), base64url(randomBytes(64))),
    'alg none': () => unsignedJwt(good()),
    'alg None': () => withHeader({ alg: 'None', typ: 'JWT' }, good(), ''),
    'alg NONE with an HS256 signature': () => {
      const input = `${encodeJson({ alg: 'NONE' })}.${encodeJson(good())}`;
      return `${input}.${createHmac('sha256', TEST_SECRET).update(input).digest('base64url')}`;
    },
    'no alg': () => hs256({ typ: 'JWT' }, good()),
    'unknown critical header': () => hs256({ alg: 'HS256', crit: ['x-wenze'], 'x-wenze': 1 }, good()),
    expired: () => signJwt({ ...good(), iat: epoch(-7200), exp: epoch(-3600) }, TEST_SECRET),
    'not yet valid (nbf in the future)': () => signJwt({ ...good(), nbf: epoch(3600) }, TEST_SECRET),
    'exp not a number': () => signJwt({ ...good(), exp: 'tomorrow' }, TEST_SECRET),
    'missing sub': () => signJwt(without('sub'), TEST_SECRET),
    'empty sub': () => signJwt({ ...good(), sub: '' }, TEST_SECRET),
    'sub not a string': () => signJwt({ ...good(), sub: 42 }, TEST_SECRET),
    'sub longer than 200 characters': () => signJwt({ ...good(), sub: 's'.repeat(201) }, TEST_SECRET),
    'missing roles': () => signJwt(without('roles'), TEST_SECRET),
    'roles not an array (string)': () => signJwt({ ...good(), roles: 'officer' }, TEST_SECRET),
    'roles not an array (object)': () =>
      signJwt({ ...good(), roles: { 0: 'officer', length: 1 } }, TEST_SECRET),
    'roles with a non-string': () => signJwt({ ...good(), roles: ['officer', 7] }, TEST_SECRET),
    'payload not JSON': () => {
      const input = `${encodeJson({ alg: 'HS256', typ: 'JWT' })}.${base64url('not json')}`;
      return `${input}.${createHmac('sha256', TEST_SECRET).update(input).digest('base64url')}`;
    },
    'two parts only': () => signJwt(good(), TEST_SECRET).split('.').slice(0, 2).join('.'),
  };

  function routes(): { method: string; path: string; body?: unknown }[] {
    const id = stages.investigation.id;
    return [
      { method: 'GET', path: '/cases' },
      { method: 'GET', path: `/cases/${id}` },
      { method: 'GET', path: `/cases/${id}/history` },
      { method: 'GET', path: `/cases/${id}/verify` },
      { method: 'GET', path: `/cases/${id}/dossier` },
      { method: 'GET', path: `/subjects/${stages.investigation.subject.id}` },
      { method: 'GET', path: '/audit' },
      { method: 'GET', path: '/deadlines' },
      { method: 'GET', path: '/workflows' },
      { method: 'GET', path: '/workflows/accountability' },
      { method: 'GET', path: '/stats' },
      { method: 'GET', path: '/indices?year=2026' },
      { method: 'GET', path: '/indices/export?year=2026' },
      { method: 'GET', path: '/metrics' },
      { method: 'POST', path: '/cases', body: openBody() },
      {
        method: 'POST',
        path: `/cases/${id}/events`,
        body: { type: 'RECORD_STATEMENT', payload: SAMPLE.RECORD_STATEMENT },
      },
    ];
  }

  it('a good token works on every route (the control)', async () => {
    const client = new Client(app.baseUrl, signJwt(good(), TEST_SECRET));
    for (const r of routes()) {
      const reply = await client.request(r.method, r.path, r.body);
      expect({ route: `${r.method} ${r.path}`, ok: reply.status < 300 }).toEqual({
        route: `${r.method} ${r.path}`,
        ok: true,
      });
    }
  });

  it.each(Object.keys(BAD))('%s: 401 on every route, nothing written', async (name) => {
    const client = new Client(app.baseUrl, BAD[name]());
    const before = [await count('case'), await count('transition'), await count('subject')];
    const results: Reply<unknown>[] = [];
    for (const r of routes()) results.push(await client.request(r.method, r.path, r.body));
    expect(results.map((r, i) => `${routes()[i].method} ${routes()[i].path} ${r.status}`)).toEqual(
      routes().map((r) => `${r.method} ${r.path} 401`),
    );
    for (const r of results) {
      expect(r.body).toMatchObject({ statusCode: 401, error: 'Unauthorized', message: expect.any(String) });
    }
    expect([await count('case'), await count('transition'), await count('subject')]).toEqual(before);
  });
});
