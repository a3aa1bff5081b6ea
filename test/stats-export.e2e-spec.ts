/*
 * GET /stats/export end to end (SQLite, or PostgreSQL when WENZE_TEST_PG_URL is set): the dashboard's
 * figures of one workflow as an Excel workbook read back from its zip, and as CSV; the same numbers
 * GET /stats answers, the read logged, bad formats refused.
 */
import { claims, signJwt } from './support/jwt';
import { expectStatus, openCase, steps, users, type Users } from './support/procedure';
import { startTestApp, TEST_SECRET, type TestApp } from './support/test-app';
import { unzip } from './support/unzip';

interface Stats {
  casesByStage: { stage: string; count: number; overdue: number }[];
  reports: Record<string, { title: { zh: string; en: string }; data: unknown }>;
}

describe('GET /stats/export', () => {
  let app: TestApp;
  let u: Users;

  beforeAll(async () => {
    app = await startTestApp();
    u = await users(app.baseUrl);
    const a = await openCase(u);
    const b = await openCase(u);
    await openCase(u);
    await steps(u, a.id, 'ACCEPT', 'APPROVE_INVESTIGATION');
    await steps(u, b.id, 'ACCEPT');
  }, 60_000);

  afterAll(async () => {
    await app?.close();
  });

  const download = async (query: string) => {
    const res = await fetch(`${app.baseUrl}/stats/export?${query}`, {
      headers: { authorization: `Bearer ${signJwt(claims('sam-supervisor', ['supervisor']), TEST_SECRET)}` },
    });
    return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()), headers: res.headers };
  };

  /** The rows of the first sheet, each as its cells' texts and numbers in order. */
  const sheetRows = (bytes: Buffer) => {
    const sheet = unzip(bytes).get('xl/worksheets/sheet1.xml')!.toString('utf8');
    return [...sheet.matchAll(/<row r="\d+">(.*?)<\/row>/g)].map((m) =>
      [
        ...m[1].matchAll(
          /<c r="[A-Z]+\d+"(?: t="inlineStr")?>(?:<v>([^<]*)<\/v>|<is><t[^>]*>([^<]*)<\/t><\/is>)<\/c>/g,
        ),
      ].map((c) => (c[1] !== undefined ? Number(c[1]) : c[2])),
    );
  };

  it('gives the figures GET /stats answers as an Excel workbook, one section per figure and report', async () => {
    const stats = expectStatus(await u.supervisor.get<Stats>('/stats?workflow=accountability'), 200).body;
    const { status, bytes, headers } = await download('workflow=accountability&format=xlsx');
    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(decodeURIComponent(headers.get('content-disposition')!.split("''")[1])).toMatch(
      /^统计台账-accountability-\d{12}\.xlsx$/,
    );
    const rows = sheetRows(bytes);
    expect(rows[0][0]).toBe('统计台账');
    const at = rows.findIndex((r) => r[0] === '各阶段案件数');
    expect(rows[at + 1]).toEqual(['阶段', '案件数', '其中逾期']);
    const byStage = rows.slice(at + 2, at + 2 + stats.casesByStage.length);
    expect(byStage).toEqual(stats.casesByStage.map((s) => [s.stage, s.count, s.overdue]));
    const count = (stage: string) => byStage.find((r) => r[0] === stage)?.[1];
    expect(count('investigation')).toBe(1);
    expect(count('pendingApproval')).toBe(1);
    expect(count('proposed')).toBe(1);
    for (const title of ['期限逾期情况', '处理措施', '各阶段平均用时', '办结结果']) {
      expect(rows.some((r) => r[0] === title)).toBe(true);
    }
    for (const report of Object.values(stats.reports)) {
      expect(rows.some((r) => r[0] === report.title.zh)).toBe(true);
    }
  });

  it('gives the same as CSV, logs the read, and refuses a bad format or an unknown workflow (as GET /stats does)', async () => {
    const { status, bytes } = await download('workflow=accountability&format=csv');
    expect(status).toBe(200);
    const lines = bytes
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .split('\r\n');
    expect(lines[0].startsWith('统计台账,')).toBe(true);
    expect(lines).toContain('investigation,1,0');
    expect((await download('format=pdf')).status).toBe(400);
    expect((await download('workflow=nosuch')).status).toBe(400);
    const log = expectStatus(
      await u.supervisor.get<{ items: { action: string }[] }>(
        '/access-log?action=stats.export&actor=sam-supervisor',
      ),
      200,
    ).body;
    expect(log.items.length).toBeGreaterThanOrEqual(2);
  });
});
