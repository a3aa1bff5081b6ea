/*
 * Issue 19, findings 2–4 and its "also", over real HTTP (SQLite, or PostgreSQL with WENZE_TEST_PG_URL):
 *   - subject records: opening a case never rewrites or reveals another unit's record of the same
 *     person; a case keeps its subject as given at opening; the lifelong record lists the cases,
 *     measures and changes within reach;
 *   - the access log: an idempotent re-open (businessKey, Idempotency-Key) and reading the access log
 *     itself are logged;
 *   - records from above: attachments and documents only by the handling unit (like its events),
 *     urgings also from above; a document is numbered and signed by its issuing unit;
 *   - documents rendered outside the write transaction: issued at once on cases of one unit, the
 *     numbers are unique and gapless, and each recorded hash is that of the stored PDF.
 * The unit tree: x-city (市纪委) > { x-county-a (甲县纪委), x-county-b (乙县纪委) }.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { components } from '../web/src/api/schema';
import { claims, signJwt } from './support/jwt';
import { pdfText } from './support/pdf-text';
import { expectStatus, history, openBody, unique, type CaseView, type ErrorBody } from './support/procedure';
import { Client, startTestApp, TEST_SECRET, type TestApp } from './support/test-app';

type Issued = components['schemas']['IssuedDocument'];
type CaseDocuments = components['schemas']['CaseDocuments'];
type AccessEntry = components['schemas']['AccessLogItemDto'];

const CITY = 'x-city';
const COUNTY_A = 'x-county-a';
const COUNTY_B = 'x-county-b';

let app: TestApp;
let files: string;
const tokens = new Map<Client, string>();

function user(sub: string, roles: string[], unit: string): Client {
  const bearer = signJwt(claims(sub, roles, 3600, unit), TEST_SECRET);
  const client = new Client(app.baseUrl, bearer);
  tokens.set(client, bearer);
  return client;
}

const subs = (unit: string) => ({
  integration: `${unit}-desk`,
  officer: `${unit}-officer`,
  leader: `${unit}-leader`,
  supervisor: `${unit}-supervisor`,
});
function usersOf(unit: string) {
  const s = subs(unit);
  return {
    integration: user(s.integration, ['integration'], unit),
    officer: user(s.officer, ['officer'], unit),
    leader: user(s.leader, ['leader'], unit),
    supervisor: user(s.supervisor, ['supervisor'], unit),
  };
}
let city: ReturnType<typeof usersOf>;
let countyA: ReturnType<typeof usersOf>;
let countyB: ReturnType<typeof usersOf>;

beforeAll(async () => {
  files = mkdtempSync(join(tmpdir(), 'wenze-cross-unit-'));
  app = await startTestApp({ FILES_DIR: files });
  const admin = new Client(app.baseUrl, signJwt(claims('x-admin', ['admin'], 3600, null), TEST_SECRET));
  for (const [code, name, parentCode] of [
    [CITY, '市纪委 City Commission', undefined],
    [COUNTY_A, '甲县纪委 County A Commission', CITY],
    [COUNTY_B, '乙县纪委 County B Commission', CITY],
  ] as const) {
    expectStatus(await admin.post('/units', { code, name, ...(parentCode && { parentCode }) }), 201);
  }
  city = usersOf(CITY);
  countyA = usersOf(COUNTY_A);
  countyB = usersOf(COUNTY_B);
}, 90_000);

afterAll(async () => {
  await app?.close();
  rmSync(files, { recursive: true, force: true });
});

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function bytesOf(as: Client, path: string): Promise<{ status: number; bytes: Buffer }> {
  const res = await fetch(`${app.baseUrl}${path}`, {
    headers: { authorization: `Bearer ${tokens.get(as)}` },
  });
  return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()) };
}

function storedFiles(): string[] {
  return readdirSync(files, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => e.name);
}

async function upload(as: Client, caseId: string, bytes: Buffer) {
  const form = new FormData();
  form.append('kind', 'other');
  form.append('file', new Blob([bytes], { type: 'application/pdf' }), 'evidence.pdf');
  const res = await fetch(`${app.baseUrl}/cases/${caseId}/attachments`, {
    method: 'POST',
    headers: { authorization: `Bearer ${tokens.get(as)}` },
    body: form,
  });
  return { status: res.status, body: (await res.json()) as ErrorBody };
}

/** A rectification case of the unit: its 整改通知书 may be issued at once. */
async function rectification(by: Client, unitId: string): Promise<CaseView> {
  const body = {
    workflow: 'rectification',
    unitId,
    title: '食堂经费用于公务接待',
    subject: { ref: unique('org-'), kind: 'organisation', name: '青龙镇人民政府' },
    source: 'inspectionTour',
    unitLeader: { ref: unique('leader-'), name: '孙八', post: '党委书记' },
    items: [
      {
        description: '清退违规列支的接待费用',
        responsible: '镇财政所',
        dueAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      },
    ],
  };
  return expectStatus(await by.post<CaseView>('/cases', body), 201).body;
}

const issue = (as: Client, caseId: string, kind = 'notice', again?: { confirm: true; reason: string }) =>
  as.post<Issued & ErrorBody>(`/cases/${caseId}/documents`, { kind, ...again });

async function accessLog(as: Client, query: string): Promise<AccessEntry[]> {
  return expectStatus(await as.get<{ items: AccessEntry[] }>(`/access-log?limit=100&${query}`), 200).body
    .items;
}

describe('the access log (finding 3)', () => {
  it('an idempotent re-open answers the full case view and is logged as a read of that case', async () => {
    const body = { ...openBody({ businessKey: unique('bk-') }), unitId: COUNTY_A };
    const opened = expectStatus(await countyA.integration.post<CaseView>('/cases', body), 201).body;
    const again = expectStatus(await countyA.integration.post<CaseView>('/cases', body), 200).body;
    expect(again.id).toBe(opened.id);

    const keyed = { ...openBody(), unitId: COUNTY_A };
    const key = { 'idempotency-key': unique('key-') };
    const first = expectStatus(await countyA.integration.post<CaseView>('/cases', keyed, key), 201).body;
    expect(expectStatus(await countyA.integration.post<CaseView>('/cases', keyed, key), 200).body.id).toBe(
      first.id,
    );

    const reopens = await accessLog(
      countyA.supervisor,
      `actor=${subs(COUNTY_A).integration}&action=case.reopen`,
    );
    expect(reopens.map((e) => ({ caseId: e.caseId, unitId: e.unitId })).reverse()).toEqual([
      { caseId: opened.id, unitId: COUNTY_A },
      { caseId: first.id, unitId: COUNTY_A },
    ]);
  });

  it('reading the access log is itself logged (who, with which filters, how many entries)', async () => {
    const seen = await accessLog(countyA.supervisor, 'action=case.reopen');
    const reads = await accessLog(
      city.supervisor,
      `actor=${subs(COUNTY_A).supervisor}&action=accessLog.read`,
    );
    expect(reads[0]).toMatchObject({
      action: 'accessLog.read',
      actor: { sub: subs(COUNTY_A).supervisor, unit: COUNTY_A },
      resultCount: seen.length,
      query: { action: 'case.reopen', limit: 100 },
    });
    // And the city supervisor's own read just now is there too, for the province or an admin to see.
    expect(
      await accessLog(city.supervisor, `actor=${subs(CITY).supervisor}&action=accessLog.read`),
    ).not.toEqual([]);
  });
});

describe('records from above (finding 4)', () => {
  it('attachments and documents only by the handling unit, as its events; an urging also from above', async () => {
    const c = await rectification(countyA.integration, COUNTY_A);
    const filesBefore = storedFiles().sort();
    const bytes = Buffer.from(`%PDF-1.4\n% from the city ${c.id}\n%%EOF\n`);

    const attach = await upload(city.officer, c.id, bytes);
    expect({ status: attach.status, code: attach.body.code }).toEqual({ status: 403, code: 'NOT_OWN_UNIT' });
    const doc = await issue(city.officer, c.id);
    expect({ status: doc.status, code: doc.body.code }).toEqual({ status: 403, code: 'NOT_OWN_UNIT' });
    expect((await history(countyA.officer, c.id)).map((h) => h.type)).toEqual(['OPEN']);
    expect(storedFiles().sort()).toEqual(filesBefore);

    const asCity = expectStatus(
      await city.officer.get<{ mayAttach: boolean }>(`/cases/${c.id}/attachments`),
      200,
    );
    expect(asCity.body.mayAttach).toBe(false);
    const docsAsCity = expectStatus(await city.officer.get<CaseDocuments>(`/cases/${c.id}/documents`), 200);
    expect(docsAsCity.body.mayIssue).toBe(false);
    const docsAsCounty = expectStatus(
      await countyA.officer.get<CaseDocuments>(`/cases/${c.id}/documents`),
      200,
    );
    expect(docsAsCounty.body.mayIssue).toBe(true);

    // Those reads are on record, and the access log filters by every action it records.
    const docReads = await accessLog(city.supervisor, `action=case.documents&caseId=${c.id}`);
    expect(docReads.map((e) => e.actor.sub).sort()).toEqual(
      [subs(CITY).officer, subs(COUNTY_A).officer].sort(),
    );

    const urged = await city.supervisor.post(`/cases/${c.id}/urge`, { message: '请按期完成整改' });
    expect(urged.status).toBe(201);
    expect((await upload(countyA.officer, c.id, bytes)).status).toBe(201);
    expect((await history(countyA.officer, c.id)).map((h) => [h.type, h.actor.sub])).toEqual([
      ['OPEN', subs(COUNTY_A).integration],
      ['record.urge', subs(CITY).supervisor],
      ['record.attachment', subs(COUNTY_A).officer],
    ]);
  });

  it('a document is numbered from, and signed by, its issuing unit', async () => {
    const [a, b] = [
      await rectification(countyA.integration, COUNTY_A),
      await rectification(countyB.integration, COUNTY_B),
    ];
    const fromA = expectStatus(await issue(countyA.officer, a.id), 201).body;
    const fromB = expectStatus(await issue(countyB.officer, b.id), 201).body;
    const year = new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(
      new Date(),
    );
    // The city issued nothing above: each county's counter starts at 1 (the first finding's refusals took none).
    expect(fromA.number).toMatch(new RegExp(`^整改〔${year}〕\\d+号$`));
    expect(fromB.number).toBe(`整改〔${year}〕1号`);
    const text = async (as: Client, caseId: string, hash: string) =>
      (await pdfText((await bytesOf(as, `/cases/${caseId}/documents/${hash}`)).bytes)).text.replace(
        /\s+/g,
        '',
      );
    const textA = await text(countyA.officer, a.id, fromA.sha256);
    expect(textA).toContain('甲县纪委');
    expect(textA).not.toContain('市纪委');
    expect(await text(countyB.officer, b.id, fromB.sha256)).toContain('乙县纪委');
  });
});

describe('documents rendered outside the write transaction (also)', () => {
  it('issued at once on cases of one unit: unique, gapless numbers; each recorded hash is the stored PDF', async () => {
    const cases = await Promise.all([1, 2, 3].map(() => rectification(countyB.integration, COUNTY_B)));
    const before = expectStatus(await issue(countyB.officer, cases[0].id), 201).body;
    const first = Number(/〕(\d+)号$/.exec(before.number)![1]);
    const issued = await Promise.all(
      [...cases, ...cases].map(async (c) => ({
        c,
        // each case's notice issued again at once: confirmed, with a reason (one in force already for cases[0])
        doc: expectStatus(
          await issue(countyB.officer, c.id, 'notice', { confirm: true, reason: 'reissued under load' }),
          201,
        ).body,
      })),
    );
    const numbers = issued.map(({ doc }) => Number(/〕(\d+)号$/.exec(doc.number)![1])).sort((x, y) => x - y);
    expect(numbers).toEqual([1, 2, 3, 4, 5, 6].map((n) => first + n));
    for (const { c, doc } of issued) {
      const { status, bytes } = await bytesOf(countyB.officer, `/cases/${c.id}/documents/${doc.sha256}`);
      expect({ status, hash: sha256(bytes) }).toEqual({ status: 200, hash: doc.sha256 });
      expect((await pdfText(bytes)).text.replace(/\s+/g, '')).toContain(doc.number);
      const row = (await history(countyB.officer, c.id)).find((h) => h.seq === doc.seq);
      expect(row?.payload).toMatchObject({ number: doc.number, sha256: doc.sha256 });
    }
    for (const c of cases) {
      const verify = expectStatus(
        await countyB.supervisor.get<{ ok: boolean }>(`/cases/${c.id}/verify`),
        200,
      );
      expect(verify.body.ok).toBe(true);
    }
  });
});
