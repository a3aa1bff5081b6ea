/*
 * Issue 19, finding 2: opening a case with a subject `ref` another unit uses must not rewrite that
 * unit's record (name, kind, organisation, post) nor reveal it (its createdAt told that the person is
 * under a case elsewhere). A case keeps its subject as given at opening; the lifelong record
 * (GET /subjects/:id, by ref or id) lists the cases, measures and versions within reach only. And the
 * migration gives existing cases that shared one record each their own, as they were opened.
 * SQLite, or PostgreSQL with WENZE_TEST_PG_URL. Units: s-city > { s-county-a, s-county-b }.
 */
import type { components } from '../web/src/api/schema';
import { claims, signJwt } from './support/jwt';
import { expectStatus, openBody, unique, type CaseView } from './support/procedure';
import { createTestStore, type TestStore } from './support/test-store';
import { Client, startTestApp, TEST_SECRET, type TestApp } from './support/test-app';

type SubjectRecord = components['schemas']['SubjectRecord'];
type Page = { items: CaseView[] };

const CITY = 's-city';
const A = 's-county-a';
const B = 's-county-b';

let store: TestStore;
let app: TestApp;

const client = (sub: string, roles: string[], unit: string | null) =>
  new Client(app.baseUrl, signJwt(claims(sub, roles, 3600, unit), TEST_SECRET));
const as = {
  a: () => client('a-officer', ['officer', 'integration'], A),
  b: () => client('b-officer', ['officer', 'integration'], B),
  city: () => client('city-supervisor', ['supervisor'], CITY),
};

async function start(): Promise<void> {
  app = await startTestApp({}, { store });
}

beforeAll(async () => {
  store = await createTestStore();
  await start();
  const admin = client('s-admin', ['admin'], null);
  for (const [code, parentCode] of [
    [CITY, undefined],
    [A, CITY],
    [B, CITY],
  ] as const) {
    expectStatus(await admin.post('/units', { code, name: code, ...(parentCode && { parentCode }) }), 201);
  }
}, 90_000);

afterAll(async () => {
  await app?.close();
  await store?.drop();
});

type Given = { ref: string; name: string; organisation: string; post: string };

async function open(by: Client, unitId: string, subject: Given): Promise<CaseView> {
  const body = { ...openBody({ subject }), unitId };
  return expectStatus(await by.post<CaseView>('/cases', body), 201).body;
}

/** County A's integrity (廉洁自律) denominator this year: the cadres on its register (issue 20), not its cases' people. */
async function peopleOfCountyA(): Promise<number> {
  const year = new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(
    new Date(),
  );
  type Report = { rows: { unit: { code: string }; rates: Record<string, { denominator: number }> }[] };
  const report = expectStatus(await as.city().get<Report>(`/indices?year=${year}&unit=${CITY}`), 200).body;
  return report.rows.find((r) => r.unit.code === A)!.rates.integrity.denominator;
}

const shown = (s: { name: string; organisation: string | null; post: string | null }) => ({
  name: s.name,
  organisation: s.organisation,
  post: s.post,
});

describe('subject records across units', () => {
  it('another unit opening a case about the same person rewrites and reveals nothing of this one', async () => {
    const ref = unique('cadre-');
    const asA = { ref, name: '王五', organisation: '甲县交通运输局', post: '局长' };
    const asB = { ref, name: '王五（乙）', organisation: '乙县水利局', post: '副局长' };
    const a1 = await open(as.a(), A, asA);
    const b1 = await open(as.b(), B, asB);

    const a1Now = expectStatus(await as.a().get<CaseView>(`/cases/${a1.id}`), 200).body;
    expect(shown(a1Now.subject)).toEqual(shown(asA));
    const listed = expectStatus(await as.a().get<Page>(`/cases?subjectId=${a1.subject.id}`), 200).body;
    expect(listed.items.map((c) => [c.id, shown(c.subject)])).toEqual([[a1.id, shown(asA)]]);

    const recordA = expectStatus(await as.a().get<SubjectRecord>(`/subjects/${ref}`), 200).body;
    expect({ ...shown(recordA), createdAt: recordA.createdAt }).toEqual({
      ...shown(asA),
      createdAt: a1.createdAt,
    });
    expect(recordA.cases.map((c) => c.id)).toEqual([a1.id]);
    expect(recordA.versions.map((v) => v.caseId)).toEqual([a1.id]);

    // County B's record begins with its own case: nothing tells that county A opened one first.
    const recordB = expectStatus(await as.b().get<SubjectRecord>(`/subjects/${ref}`), 200).body;
    expect({ ...shown(recordB), createdAt: recordB.createdAt, id: recordB.id }).toEqual({
      ...shown(asB),
      createdAt: b1.createdAt,
      id: b1.subject.id,
    });
    expect(JSON.stringify(recordB)).not.toContain(a1.id);
    expect(JSON.stringify(recordB)).not.toContain('甲县');
    // County A's record id is not county B's to ask for.
    expect((await as.b().get(`/subjects/${a1.subject.id}`)).status).toBe(404);

    // The city reads both: one person, two versions.
    const recordCity = expectStatus(
      await as.city().get<SubjectRecord>(`/subjects/${b1.subject.id}`),
      200,
    ).body;
    expect(recordCity.versions.map((v) => [v.caseId, v.organisation])).toEqual([
      [a1.id, asA.organisation],
      [b1.id, asB.organisation],
    ]);
    expect(recordCity.cases.map((c) => c.id).sort()).toEqual([a1.id, b1.id].sort());
  });

  it('a case keeps its subject as given at opening; a later case records the change, within reach', async () => {
    const ref = unique('cadre-');
    const first = { ref, name: '赵六', organisation: '甲县财政局', post: '副局长' };
    const promoted = { ...first, organisation: '甲县人民政府', post: '县长助理' };
    const people = await peopleOfCountyA();
    const a1 = await open(as.a(), A, first);
    const a2 = await open(as.a(), A, promoted);
    // Two cases about a person not on the register: the integrity rate counts the register's cadres, so
    // cases (one or two, whatever their records say) neither add to nor double its denominator.
    expect(await peopleOfCountyA()).toBe(people);
    expect(shown(expectStatus(await as.a().get<CaseView>(`/cases/${a1.id}`), 200).body.subject)).toEqual(
      shown(first),
    );
    const record = expectStatus(await as.a().get<SubjectRecord>(`/subjects/${a1.subject.id}`), 200).body;
    expect({ id: record.id, ...shown(record), updatedAt: record.updatedAt }).toEqual({
      id: a1.subject.id,
      ...shown(promoted),
      updatedAt: a2.createdAt,
    });
    expect(record.versions.map((v) => [v.caseId, v.post])).toEqual([
      [a1.id, first.post],
      [a2.id, promoted.post],
    ]);
    const bySubject = expectStatus(await as.a().get<Page>(`/cases?subjectId=${a2.subject.id}`), 200).body;
    expect(bySubject.items.map((c) => c.id).sort()).toEqual([a1.id, a2.id].sort());
  });
});

describe('the migration to one subject record per case', () => {
  it('gives cases that shared a record (rewritten by the last opening) each their own, as opened', async () => {
    const ref = unique('legacy-');
    const asA = { ref, name: '钱七', organisation: '甲县教育局', post: '局长' };
    const asB = { ref, name: '钱七', organisation: '乙县教育局', post: '科员' };
    const a1 = await open(as.a(), A, asA);
    const b1 = await open(as.b(), B, asB);
    await app.close();

    // The shape before the migration: one row per ref, shared, holding what the last opening wrote.
    const pg = (sql: string) => {
      let n = 0;
      return store.kind === 'postgres' ? sql.replace(/\?/g, () => `$${++n}`) : sql;
    };
    await store.exec(
      `UPDATE "case" SET subject_id = (SELECT s2.id FROM subject s2
         WHERE s2.ref = (SELECT s1.ref FROM subject s1 WHERE s1.id = "case".subject_id)
         ORDER BY s2.created_at, s2.id LIMIT 1)`,
    );
    await store.exec('DELETE FROM subject WHERE id NOT IN (SELECT subject_id FROM "case")');
    await store.exec(pg('UPDATE subject SET organisation = ?, post = ? WHERE id = ?'), [
      asB.organisation,
      asB.post,
      a1.subject.id,
    ]);
    await store.exec('DROP INDEX "IDX_subject_ref"');
    await store.exec('CREATE UNIQUE INDEX "UQ_subject_ref" ON "subject" ("ref")');
    await store.exec(pg('DELETE FROM migrations WHERE name = ?'), ['SubjectPerCase1764719000000']);

    await start();
    const views = await Promise.all([
      as.a().get<CaseView>(`/cases/${a1.id}`),
      as.b().get<CaseView>(`/cases/${b1.id}`),
    ]);
    const [viewA, viewB] = views.map((v) => expectStatus(v, 200).body);
    expect(shown(viewA.subject)).toEqual(shown(asA));
    expect(shown(viewB.subject)).toEqual(shown(asB));
    expect(viewA.subject.id).toBe(a1.subject.id);
    expect(viewB.subject.id).not.toBe(a1.subject.id);
    const recordB = expectStatus(await as.b().get<SubjectRecord>(`/subjects/${ref}`), 200).body;
    expect({ ...shown(recordB), createdAt: recordB.createdAt }).toEqual({
      ...shown(asB),
      createdAt: b1.createdAt,
    });
    const verify = expectStatus(await as.city().get<{ ok: boolean }>(`/cases/${b1.id}/verify`), 200).body;
    expect(verify.ok).toBe(true);
  });
});
