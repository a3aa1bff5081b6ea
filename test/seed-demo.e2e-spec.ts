/*
 * `npm run seed:demo` against a fresh store: what a newcomer sees afterwards, over HTTP on the real
 * service — the units, cases of every workflow in every county, every case's history verifying,
 * the city's supervisor reading the three counties — and that a second run adds nothing.
 */
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { claims, signJwt } from './support/jwt';
import { expectStatus, type CaseView, type Page } from './support/procedure';
import { Client, startTestApp, TEST_SECRET, TS_REGISTER, type TestApp } from './support/test-app';
import { createTestStore, type TestStore } from './support/test-store';

const ROOT = resolve(__dirname, '..');
const COUNTIES = ['county', 'hexi', 'nanling'];
const TOWNSHIPS = ['qs-qingshi', 'qs-baiyun', 'hx-liushu', 'hx-shaping', 'nl-songlin', 'nl-dahe'];
const WORKFLOWS = ['accountability', 'rectification', 'inquiry', 'responsibilityList', 'assessment'];

/** Latin letters left in a text once its codes (DEMO-2026-QS-INQ-1, P-QS-301, ORG-QS-TRANSPORT) are taken out. */
const latin = (text: string | null | undefined) =>
  (text ?? '').replace(/\b(?:DEMO|P|ORG)-[A-Z0-9-]+/g, '').match(/[A-Za-z]+/g) ?? [];
/** Chinese characters in a text, leaving out those a workflow's label adds as a gloss in brackets ("(倒查)"). */
const han = (text: string | null | undefined) =>
  (text ?? '')
    .replace(/\([^()]*\)/g, (gloss) => gloss.replace(/[\u3400-\u9fff]+/g, ''))
    .match(/[\u3400-\u9fff]+/g) ?? [];

/** Runs the seed as `npm run seed:demo` does, on the given store; resolves with its exit code and output. */
function seed(
  store: TestStore,
  env: Record<string, string> = {},
): Promise<{ code: number | null; out: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['-r', TS_REGISTER, join(ROOT, 'scripts/seed-demo.ts')], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'warn', LANGUAGE: 'zh', ...store.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.once('error', fail);
    child.once('exit', (code) => {
      clearTimeout(timer);
      done({ code, out });
    });
  });
}

async function as(baseUrl: string, sub: string, roles: string[], unit: string | null): Promise<Client> {
  return new Client(baseUrl, await signJwt(claims(sub, roles, 3600, unit), TEST_SECRET));
}

async function allCases(client: Client): Promise<CaseView[]> {
  const cases: CaseView[] = [];
  for (let cursor: string | null = ''; cursor !== null;) {
    const page: Page<CaseView> = expectStatus(
      await client.get<Page<CaseView>>(
        `/cases?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      ),
      200,
    ).body;
    cases.push(...page.items);
    cursor = page.nextCursor;
  }
  return cases;
}

describe('npm run seed:demo', () => {
  let store: TestStore;
  let app: TestApp | undefined;

  beforeAll(async () => {
    store = await createTestStore();
  });

  afterAll(async () => {
    await app?.close();
    await store?.drop();
  });

  it('seeds a province through the engine, every case verifies, and a second run adds nothing', async () => {
    const first = await seed(store);
    expect({ code: first.code, out: first.out }).toMatchObject({ code: 0 });
    expect(first.out).toContain('Cases per workflow:');

    app = await startTestApp({}, { store });
    const admin = await as(app.baseUrl, 'seed-admin', ['admin'], null);
    const units = expectStatus(
      await admin.get<{ items: { code: string; name: string; kind?: string; parentCode: string | null }[] }>(
        '/units',
      ),
      200,
    ).body.items;
    const parent = Object.fromEntries(units.map((u) => [u.code, u.parentCode]));
    expect(parent).toMatchObject({
      province: null,
      city: 'province',
      county: 'city',
      hexi: 'city',
      nanling: 'city',
    });
    for (const t of TOWNSHIPS) expect(COUNTIES).toContain(parent[t]);

    // The registers (干部名册): a few hundred people; each county's departments with their 分管领导, on its register.
    let registered = 0;
    for (const code of [...COUNTIES, ...TOWNSHIPS]) {
      registered += expectStatus(
        await admin.get<{ activeCount: number }>(`/units/${code}/cadres?limit=1`),
        200,
      ).body.activeCount;
    }
    expect(registered).toBeGreaterThan(300);
    const departments = (
      units as { code: string; kind?: string; parentCode: string | null; leader?: unknown }[]
    ).filter((u) => u.kind === 'department');
    expect(departments.length).toBeGreaterThanOrEqual(COUNTIES.length * 5);
    for (const d of departments) {
      expect(COUNTIES).toContain(d.parentCode);
      expect({ department: d.code, leader: d.leader }).toEqual({
        department: d.code,
        leader: expect.objectContaining({ name: expect.any(String), status: 'active' }),
      });
    }

    const cases = await allCases(admin);
    // In the deployment's language (Chinese, the default) alone: no English in a case's title, in the
    // name of whom it is about, in a unit's name — only codes.
    const english = [
      ...cases.flatMap((c) => [c.title, c.subject.name, c.subject.organisation, c.subject.post]),
      ...units
        .filter(
          (u) => ['province', 'city', ...COUNTIES, ...TOWNSHIPS].includes(u.code) || u.kind === 'department',
        )
        .map((u) => u.name),
    ].filter((text) => latin(text).length);
    expect(english).toEqual([]);
    expect(cases.map((c) => c.title)).toEqual(
      expect.arrayContaining([
        '大河乡巡察反馈问题整改',
        '整改逾期倒查问责：大河乡巡察反馈问题整改（农经站）',
      ]),
    );
    for (const county of COUNTIES) {
      for (const workflow of WORKFLOWS) {
        const n = cases.filter((c) => c.unitId === county && c.workflow === workflow).length;
        expect({ county, workflow, seeded: n > 0 }).toEqual({ county, workflow, seeded: true });
      }
    }
    // An inquiry that found a problem went to preliminary verification, which referred it to accountability.
    const verifications = cases.filter((c) => c.workflow === 'preliminaryVerification');
    expect(verifications.map((c) => c.outcome)).toContain('toAccountability');
    // The history is dated through the year, not all today.
    const opened = cases.map((c) => Date.parse(c.createdAt)).sort((a, b) => a - b);
    expect(opened.at(-1)! - opened[0]).toBeGreaterThan(200 * 86_400_000);

    for (const c of cases) {
      const verify = expectStatus(await admin.get<{ ok: boolean }>(`/cases/${c.id}/verify`), 200).body;
      expect({ id: c.id, workflow: c.workflow, ok: verify.ok }).toEqual({
        id: c.id,
        workflow: c.workflow,
        ok: true,
      });
    }

    // A case about a person on the register shows who they are there.
    const aboutCadre = cases.find(
      (c) => c.workflow === 'accountability' && /^P-[A-Z]+-\d+$/.test(c.subject?.ref ?? ''),
    );
    const view = expectStatus(
      await admin.get<{ subject: { cadre: { name: string; post: string | null } | null } }>(
        `/cases/${aboutCadre!.id}`,
      ),
      200,
    ).body;
    expect(view.subject.cadre).toEqual(expect.objectContaining({ name: expect.any(String) }));

    // The dev sign-in's supervisor of the city reads the three counties.
    const supervisor = await as(app.baseUrl, 'chen.jing', ['supervisor'], 'city');
    const seen = await allCases(supervisor);
    expect(new Set(seen.map((c) => c.unitId))).toEqual(new Set(COUNTIES));
    expect(seen).toHaveLength(cases.length);
    // … and the dashboard's figures (GET /stats) count them, per workflow.
    for (const workflow of WORKFLOWS) {
      const stats = expectStatus(
        await supervisor.get<{ casesByStage: { count: number }[] }>(`/stats?workflow=${workflow}`),
        200,
      ).body;
      const counted = stats.casesByStage.reduce((sum, s) => sum + s.count, 0);
      expect({ workflow, counted }).toEqual({
        workflow,
        counted: cases.filter((c) => c.workflow === workflow).length,
      });
    }

    await app.close();
    app = undefined;
    const second = await seed(store);
    expect(second.code).toBe(0);
    expect(second.out).toContain('already there');
    const [{ n }] = await store.query<{ n: number | string }>('SELECT COUNT(*) AS n FROM "case"');
    expect(Number(n)).toBe(cases.length);
  }, 240_000);

  it('in an English deployment (LANGUAGE=en), writes its titles, names and texts in English', async () => {
    const english = await createTestStore();
    try {
      const run = await seed(english, { LANGUAGE: 'en' });
      expect({ code: run.code, out: run.out }).toMatchObject({ code: 0 });
      const rows = await english.query<{ title: string; name: string; organisation: string | null }>(
        'SELECT c.title, s.name, s.organisation FROM "case" c JOIN subject s ON s.id = c.subject_id',
      );
      expect(rows.length).toBeGreaterThan(50);
      expect(rows.filter((r) => [r.title, r.name, r.organisation].some((t) => han(t).length))).toEqual([]);
      expect(rows.map((r) => r.title)).toEqual(
        expect.arrayContaining([
          "Dahe Township: rectifying the inspection tour's findings",
          'A clue about Zhou Ming (Nanling County Finance Bureau)',
        ]),
      );
      // The registers too: names in pinyin, posts and departments in English.
      const cadres = await english.query<{ name: string; post: string | null }>(
        'SELECT name, post FROM cadre',
      );
      expect(cadres.length).toBeGreaterThan(300);
      expect(cadres.filter((c) => han(c.name).length || han(c.post).length)).toEqual([]);
      const units = await english.query<{ name: string }>('SELECT name FROM unit');
      expect(units.filter((u) => han(u.name).length)).toEqual([]);
    } finally {
      await english.drop();
    }
  }, 240_000);
});
