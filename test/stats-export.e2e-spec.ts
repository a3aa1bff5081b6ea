/*
 * GET /stats/export end to end (SQLite, or PostgreSQL when WENZE_TEST_PG_URL is set): the dashboard's
 * figures of one workflow as an Excel workbook opened as a spreadsheet program would (exceljs), and as
 * CSV; the same numbers GET /stats answers, named in Chinese, the read logged, bad formats refused.
 */
import ExcelJS from 'exceljs';
import { claims, signJwt } from './support/jwt';
import { expectStatus, openCase, steps, users, type Users } from './support/procedure';
import { startTestApp, TEST_SECRET, type TestApp } from './support/test-app';

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

  it('gives the figures GET /stats answers as an Excel workbook, a sheet per figure and report, in Chinese', async () => {
    const stats = expectStatus(await u.supervisor.get<Stats>('/stats?workflow=accountability'), 200).body;
    const { status, bytes, headers } = await download('workflow=accountability&format=xlsx');
    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(decodeURIComponent(headers.get('content-disposition')!.split("''")[1])).toMatch(
      /^统计台账-问责-\d{12}\.xlsx$/,
    );
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
    const reports = Object.values(stats.reports).map((r) => r.title.zh);
    expect(book.worksheets.map((w) => w.name)).toEqual([
      '各阶段案件数',
      '期限逾期情况',
      '处理措施',
      '各阶段平均用时',
      '办结结果',
      ...reports,
    ]);
    const sheet = book.getWorksheet('各阶段案件数')!;
    const text = (row: number) =>
      (sheet.getRow(row).values as unknown[]).slice(1).map((v) => (v === undefined ? null : v));
    // the title, the filters it was made with (the workflow, the units counted), the time of export
    expect(text(1)[0]).toBe('统计台账：各阶段案件数');
    expect(text(2)[0]).toBe('筛选条件：程序：问责；统计范围：Test unit及下级单位');
    expect(text(3)[0]).toMatch(
      /^导出时间：\d{4}-\d{2}-\d{2} \d{2}:\d{2}（北京时间）；导出人：sam-supervisor$/,
    );
    const headerRow = 5;
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: headerRow });
    expect(text(headerRow)).toEqual(['阶段', '案件数', '其中逾期']);
    expect(sheet.getRow(headerRow).font?.bold).toBe(true);
    const widths = sheet.columns.map((c) => c.width ?? 0);
    expect(widths).toHaveLength(3);
    for (const w of widths) expect(w).toBeGreaterThanOrEqual(8);
    // one line per stage, named as the workbench names it, with GET /stats's numbers
    const byStage = Array.from({ length: sheet.rowCount - headerRow }, (_, i) => text(headerRow + 1 + i));
    expect(byStage.map((r) => r.slice(1))).toEqual(stats.casesByStage.map((s) => [s.count, s.overdue]));
    const count = (stage: string) => byStage.find((r) => r[0] === stage)?.[1];
    expect(count('调查')).toBe(1);
    expect(count('待批准')).toBe(1);
    expect(count('问责线索')).toBe(1);
    expect(byStage.flat().join(' ')).not.toMatch(/investigation|pendingApproval|proposed/);
    // a declared report's keys by the names workflows/ gives them
    const appeals = book.getWorksheet('申诉结果')!;
    expect((appeals.getRow(headerRow).values as unknown[]).slice(1)).toEqual(['项目', '数值']);
    expect(appeals.getRow(headerRow + 1).values).toEqual([undefined, '申诉件数', 0]);
    expect(appeals.getRow(headerRow + 3).getCell(1).value).toBe('复查结果：维持');
    const rectification = book.getWorksheet('各单位整改完成率')!;
    expect((rectification.getRow(headerRow).values as unknown[]).slice(1)).toEqual([
      '整改单位',
      '责令整改数',
      '整改完成数',
      '逾期督办数',
      '当前逾期数',
      '整改完成率',
    ]);
  });

  it('gives the same as CSV, logs the read, and refuses a bad format or an unknown workflow (as GET /stats does)', async () => {
    const { status, bytes } = await download('workflow=accountability&format=csv');
    expect(status).toBe(200);
    const lines = bytes
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .split('\r\n');
    expect(lines.slice(0, 2)).toEqual(['统计台账', '筛选条件：程序：问责；统计范围：Test unit及下级单位']);
    expect(lines).toContain('阶段,案件数,其中逾期');
    expect(lines).toContain('调查,1,0');
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
