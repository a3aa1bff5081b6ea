/*
 * What operators rely on: the queue board for admins only, Prometheus metrics, health for
 * readiness and liveness, request ids, and dossiers that can be checked offline.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectStatus, openCase, users, walkToInvestigation, type Users } from './support/procedure';
import { queuePrefix } from './support/deadline-helpers';
import { startTestApp, token, type TestApp } from './support/test-app';

let app: TestApp;
let u: Users;
let origin: string;

beforeAll(async () => {
  app = await startTestApp({ QUEUE_PREFIX: queuePrefix('ops') });
  u = await users(app.baseUrl);
  origin = app.baseUrl.replace('/api/v1', '');
});

afterAll(async () => {
  await app?.close();
});

describe('queue board at /admin/queues', () => {
  it('refuses anonymous callers and non-admins, page and API alike', async () => {
    for (const path of ['/admin/queues', '/admin/queues/api/queues']) {
      expect((await fetch(origin + path)).status).toBe(401);
      const officer = await token('olivia', ['officer']);
      const refused = await fetch(origin + path, { headers: { authorization: `Bearer ${officer}` } });
      expect(refused.status).toBe(403);
      expect(await refused.json()).toMatchObject({
        message: 'The queue board needs one of the roles: admin',
      });
      // A cookie that is not even percent-decodable is a bad token (401), not a server fault.
      for (const cookie of ['wenze_board=%', 'wenze_board=%E0%A4%A', 'wenze_token=%']) {
        const bad = await fetch(origin + path, { headers: { cookie } });
        expect(bad.status).toBe(401);
      }
    }
  });

  it('shows the deadline queue to an admin, by bearer token or by the board cookie', async () => {
    const admin = await token('ada', ['admin']);
    const page = await fetch(`${origin}/admin/queues`, { headers: { cookie: `wenze_board=${admin}` } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html');
    const api = await fetch(`${origin}/admin/queues/api/queues`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(api.status).toBe(200);
    const body = (await api.json()) as { queues: { name: string }[] };
    expect(body.queues.map((q) => q.name)).toEqual(['deadlines']);
  });
});

describe('metrics, health, request ids', () => {
  it('counts transitions and deadlines in Prometheus format, for operators (admins) only', async () => {
    const opened = await openCase(u);
    await walkToInvestigation(u, opened.id);
    expect((await u.officer.get('/metrics')).status).toBe(403);
    expect((await u.supervisor.get('/metrics')).status).toBe(403);
    const scrape = await fetch(`${app.baseUrl}/metrics`, {
      headers: { authorization: `Bearer ${await token('ada', ['admin'])}` },
    });
    expect(scrape.status).toBe(200);
    expect(scrape.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await scrape.text();
    expect(text).toMatch(
      /wenze_transitions_total\{workflow="accountability",event="APPROVE_INVESTIGATION"\} [1-9]/,
    );
    expect(text).toMatch(/wenze_deadlines\{status="pending"\} [1-9]/);
    expect(text).toMatch(/wenze_apply_duration_seconds_count\{workflow="accountability"\} [1-9]/);
    expect(text).toContain('wenze_deadline_queue_lag_seconds');
  });

  it('readiness checks the database and Redis; liveness answers without them; both without a token', async () => {
    const ready = await fetch(`${app.baseUrl}/health`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      status: 'ok',
      info: { database: { status: 'up' }, redis: { status: 'up' } },
    });
    const live = await fetch(`${app.baseUrl}/health/live`);
    expect(live.status).toBe(200);
  });

  it('echoes the caller’s X-Request-Id, or makes one', async () => {
    const given = await fetch(`${app.baseUrl}/health/live`, { headers: { 'x-request-id': 'trace-abc.123' } });
    expect(given.headers.get('x-request-id')).toBe('trace-abc.123');
    const made = await fetch(`${app.baseUrl}/health/live`);
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('signed dossier', () => {
  it('verifies offline with the documented command, and fails once a byte of it is changed', async () => {
    const opened = await openCase(u);
    await walkToInvestigation(u, opened.id);
    const dossier = expectStatus(
      await u.supervisor.get<{ dossier: { case: { id: string } } }>(`/cases/${opened.id}/dossier`),
      200,
    );
    expect(dossier.body.dossier.case.id).toBe(opened.id);
    const key = await (await fetch(`${app.baseUrl}/dossier-key`)).text();
    expect(key).toContain('BEGIN PUBLIC KEY');

    const dir = mkdtempSync(join(tmpdir(), 'wenze-dossier-'));
    try {
      writeFileSync(join(dir, 'key.pem'), key);
      writeFileSync(join(dir, 'dossier.json'), JSON.stringify(dossier.body));
      const check = (): { status: number; out: string } => {
        try {
          const out = execFileSync(
            process.execPath,
            ['scripts/verify-dossier.mjs', join(dir, 'dossier.json'), join(dir, 'key.pem')],
            { encoding: 'utf8' },
          );
          return { status: 0, out };
        } catch (error) {
          const failed = error as { status: number; stdout: string };
          return { status: failed.status, out: failed.stdout };
        }
      };
      expect(check()).toEqual({
        status: 0,
        out: expect.stringMatching(/^signature valid .*chain and replay verified/),
      });
      const forged = JSON.stringify(dossier.body).replace('Zhang San', 'Li Si');
      expect(forged).not.toBe(JSON.stringify(dossier.body));
      writeFileSync(join(dir, 'dossier.json'), forged);
      expect(check()).toEqual({ status: 1, out: expect.stringMatching(/^signature INVALID/) });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
