/*
 * Readable case numbers (issue 22, defect 9), end to end against the real service (SQLite, and
 * PostgreSQL with WENZE_TEST_PG_URL): every case opened gets its unit's short name, the year, the
 * workflow's label and the next number of that unit, year and workflow — 测纪〔2026〕问责3号 —
 * assigned in the opening's transaction, so cases opened at once get distinct consecutive numbers.
 * The number is on the case and in the list, and the list's search finds a case by it.
 */
import { claims, signJwt } from './support/jwt';
import {
  expectStatus,
  openBody,
  unique,
  type CaseView,
  type ErrorBody,
  type Page,
} from './support/procedure';
import { Client, startTestApp, TEST_SECRET, type TestApp } from './support/test-app';

let app: TestApp;
let admin: Client;

const beijingYear = () =>
  Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));

/** A fresh unit (with or without a short name) and an officer of it. */
async function unitWithOfficer(shortName?: string): Promise<{ code: string; officer: Client }> {
  const code = unique('cn-');
  const body = { code, name: `测试县纪委监委 ${code}`, ...(shortName && { shortName }) };
  const created = expectStatus(await admin.post<{ shortName: string | null }>('/units', body), 201);
  expect(created.body.shortName).toBe(shortName ?? null);
  const officer = new Client(
    app.baseUrl,
    signJwt(claims(`cn-${code}`, ['officer'], 3600, code), TEST_SECRET),
  );
  return { code, officer };
}

beforeAll(async () => {
  app = await startTestApp();
  admin = new Client(app.baseUrl, signJwt(claims('cn-admin', ['admin'], 3600, null), TEST_SECRET));
});

afterAll(async () => {
  await app?.close();
});

describe('case numbers', () => {
  it('gives cases opened at once in one unit distinct consecutive numbers, shown on the case and in the list', async () => {
    const { code, officer } = await unitWithOfficer('测纪');
    const replies = await Promise.all(
      Array.from({ length: 8 }, () => officer.post<CaseView>('/cases', { ...openBody(), unitId: code })),
    );
    const numbers = replies
      .map((r) => expectStatus(r, 201).body.caseNo)
      .sort((a, b) => {
        const n = (s: string | null) => Number(/(\d+)号$/.exec(s ?? '')?.[1]);
        return n(a) - n(b);
      });
    const year = beijingYear();
    expect(numbers).toEqual(Array.from({ length: 8 }, (_, i) => `测纪〔${year}〕问责${i + 1}号`));

    const one = replies[3].body;
    const read = expectStatus(await officer.get<CaseView>(`/cases/${one.id}`), 200);
    expect(read.body.caseNo).toBe(one.caseNo);
    const listed = expectStatus(await officer.get<Page<CaseView>>(`/cases?limit=50`), 200);
    expect(listed.body.items.map((c) => c.caseNo).sort()).toEqual([...numbers].sort());

    // The list's search finds the case by its number, and only it.
    const found = expectStatus(
      await officer.get<Page<CaseView>>(`/cases?q=${encodeURIComponent(one.caseNo!)}`),
      200,
    );
    expect(found.body.items.map((c) => c.id)).toEqual([one.id]);

    // The cross-case audit finds the case's history by its number (or its title), not only by its id.
    const audit = expectStatus(
      await admin.get<Page<{ caseId: string; type: string }>>(`/audit?q=${encodeURIComponent(one.caseNo!)}`),
      200,
    );
    expect(audit.body.items.map((h) => [h.caseId, h.type])).toEqual([[one.id, 'OPEN']]);
  });

  it('counts per workflow, and heads the number with the unit’s name when it has no short name', async () => {
    const { code, officer } = await unitWithOfficer();
    const year = beijingYear();
    const first = expectStatus(
      await officer.post<CaseView>('/cases', { ...openBody(), unitId: code }),
      201,
    ).body;
    expect(first.caseNo).toBe(`测试县纪委监委 ${code}〔${year}〕问责1号`);
    const inquiry = expectStatus(
      await officer.post<CaseView>('/cases', {
        workflow: 'inquiry',
        unitId: code,
        title: `函询 ${code}`,
        subject: { kind: 'individual', ref: unique('p-'), name: '张三' },
        source: 'report',
        clue: '群众反映',
      }),
      201,
    ).body;
    expect(inquiry.caseNo).toBe(`测试县纪委监委 ${code}〔${year}〕函询1号`);
  });

  it('another unit’s counter is its own', async () => {
    const a = await unitWithOfficer('甲纪');
    const b = await unitWithOfficer('乙纪');
    const year = beijingYear();
    const ca = expectStatus(await a.officer.post<CaseView>('/cases', { ...openBody(), unitId: a.code }), 201);
    const cb = expectStatus(await b.officer.post<CaseView>('/cases', { ...openBody(), unitId: b.code }), 201);
    expect([ca.body.caseNo, cb.body.caseNo]).toEqual([`甲纪〔${year}〕问责1号`, `乙纪〔${year}〕问责1号`]);
  });

  it('refuses a short name that is too long, and creates no unit', async () => {
    const code = unique('cn-');
    const reply = await admin.post<ErrorBody>('/units', { code, name: '某单位', shortName: '长'.repeat(65) });
    expect(reply.status).toBe(400);
    expect(JSON.stringify(reply.body.message)).toContain('shortName');
    const units = expectStatus(await admin.get<{ items: { code: string }[] }>('/units'), 200);
    expect(units.body.items.map((x) => x.code)).not.toContain(code);
  });
});
