/*
 * The cadre register (干部名册) and departments, end to end against the real service (SQLite, or
 * PostgreSQL with WENZE_TEST_PG_URL):
 *   - import from a real .xlsx (built here with exceljs) and a .csv (UTF-8 with BOM, Chinese headers,
 *     quoted cells): bad rows refused row by row with their row, column and reason, nothing written;
 *     a dry run checks and writes nothing; a clean file is imported whole;
 *   - add, edit, mark left; 409 for a ref on the register already;
 *   - reach: another unit's register is 404 (like a missing unit), the same for a cadre; roles: 403;
 *   - every read is in the access log (查阅登记);
 *   - a case's individual subject links to the register (subject.cadre) when the ref is on it;
 *   - departments: units of kind department under a committee or government unit, with a leader (分管领导)
 *     who must be an active cadre on the parent unit's register (422 otherwise).
 */
import { Workbook } from 'exceljs';
import { claims, signJwt } from './support/jwt';
import { openBody, unique } from './support/procedure';
import { Client, startTestApp, TEST_SECRET, type Reply, type TestApp } from './support/test-app';

interface Cadre {
  id: string;
  unitCode: string;
  ref: string;
  name: string;
  post: string | null;
  rank: string | null;
  departmentCode: string | null;
  department: { code: string; name: string } | null;
  status: 'active' | 'left';
  leftAt: string | null;
}
interface CadrePage {
  items: Cadre[];
  nextCursor: string | null;
  activeCount: number;
}
interface Refusal {
  row: number;
  column: string;
  header: string;
  value: string | null;
  problem: string;
  reason: string;
}
interface ErrorBody {
  statusCode: number;
  message: string;
  code?: string;
  details?: { refused?: Refusal[]; rows?: number; refusedRows?: number };
}
interface UnitView {
  code: string;
  kind: string;
  parentCode: string | null;
  leader: {
    ref: string | null;
    name: string;
    post: string | null;
    rank: string | null;
    status: string;
  } | null;
}

let app: TestApp;
const S = unique('r');
const PROV = `${S}-prov`;
const COUNTY = `${S}-county`;
const OTHER = `${S}-other`;
const FIN = `${S}-fin`;
const EDU = `${S}-edu`;

/** Each client's token, for the uploads (Client sends JSON only). */
const tokens = new WeakMap<Client, string>();

async function as(sub: string, roles: string[], unit: string | null): Promise<Client> {
  const bearer = signJwt(claims(sub, roles, 3600, unit), TEST_SECRET);
  const client = new Client(app.baseUrl, bearer);
  tokens.set(client, bearer);
  return client;
}

let root: Client; // admin without unit: every unit
let countyAdmin: Client;
let otherAdmin: Client;
let countyOfficer: Client;
let otherOfficer: Client;
let provSupervisor: Client;

function expectStatus<T>(reply: Reply<T>, status: number): Reply<T> {
  if (reply.status !== status) {
    throw new Error(`expected HTTP ${status}, got ${reply.status}: ${JSON.stringify(reply.body)}`);
  }
  return reply;
}

/** Sends a file as multipart/form-data (field `file`) with the client's token. */
async function upload(
  client: Client,
  path: string,
  data: Buffer | Uint8Array,
  fileName: string,
): Promise<Reply<Record<string, unknown>>> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(data)]), fileName);
  const res = await fetch(app.baseUrl + path, {
    method: 'POST',
    headers: { authorization: `Bearer ${tokens.get(client)!}` },
    body: form,
  });
  const text = await res.text();
  return {
    status: res.status,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    headers: res.headers,
  };
}

async function xlsx(rows: (string | number | null)[][]): Promise<Buffer> {
  const wb = new Workbook();
  const sheet = wb.addWorksheet('干部名册');
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function register(client: Client, unit: string, query = ''): Promise<CadrePage> {
  return expectStatus(await client.get<CadrePage>(`/units/${unit}/cadres?limit=500${query}`), 200).body;
}

beforeAll(async () => {
  app = await startTestApp();
  root = await as('root-admin', ['admin'], null);
  for (const [code, name, parentCode, kind] of [
    [PROV, '省委', undefined, 'committee'],
    [COUNTY, '某县人民政府', PROV, 'government'],
    [OTHER, '另一县委', PROV, 'committee'],
  ] as const) {
    expectStatus(await root.post('/units', { code, name, ...(parentCode ? { parentCode } : {}), kind }), 201);
  }
  countyAdmin = await as('county-admin', ['admin'], COUNTY);
  otherAdmin = await as('other-admin', ['admin'], OTHER);
  countyOfficer = await as('county-officer', ['officer'], COUNTY);
  otherOfficer = await as('other-officer', ['officer'], OTHER);
  provSupervisor = await as('prov-supervisor', ['supervisor'], PROV);
}, 240_000);

afterAll(async () => {
  await app?.close();
});

describe('departments (units of kind department)', () => {
  it('a department lies under a committee or government unit, and its leader must be on the parent register', async () => {
    // Under a committee or government unit: fine; no leader yet.
    const fin = expectStatus(
      await root.post<UnitView>('/units', {
        code: FIN,
        name: '县财政局',
        parentCode: COUNTY,
        kind: 'department',
      }),
      201,
    ).body;
    expect(fin).toMatchObject({ code: FIN, kind: 'department', parentCode: COUNTY, leader: null });
    // Under a department: refused, nothing written.
    const under = await root.post<ErrorBody>('/units', {
      code: `${S}-sub`,
      name: '科室',
      parentCode: FIN,
      kind: 'department',
    });
    expect(under.status).toBe(400);
    expect(under.body.message).toContain('committee or government');
    // A leader for a unit that is no department: refused.
    const notDept = await root.post<ErrorBody>('/units', {
      code: `${S}-x`,
      name: 'x',
      parentCode: PROV,
      leaderRef: 'L-1',
    });
    expect(notDept.status).toBe(400);
    // A leader who is not on the county's register: 422, nothing written.
    const noLeader = await root.post<ErrorBody>('/units', {
      code: EDU,
      name: '县教育局',
      parentCode: COUNTY,
      kind: 'department',
      leaderRef: 'L-1',
    });
    expect(noLeader.status).toBe(422);
    expect(noLeader.body.code).toBe('LEADER_NOT_ON_REGISTER');
    const units = expectStatus(await root.get<{ items: UnitView[] }>('/units'), 200).body.items;
    expect(units.map((u) => u.code)).not.toContain(EDU);
    expect(units.map((u) => u.code)).not.toContain(`${S}-sub`);
    expect(units.find((u) => u.code === COUNTY)?.kind).toBe('government');
  });
});

describe('import', () => {
  const HEADER = ['序号', '姓名', '人员编号', '职务', '职级', '所在部门'];

  it('refuses an xlsx with bad rows row by row, with reasons, and writes nothing', async () => {
    // One person on the register already.
    expectStatus(
      await countyAdmin.post(`/units/${COUNTY}/cadres`, {
        ref: 'C-100',
        name: '王磊',
        post: '副县长',
        rank: '副处级',
      }),
      201,
    );
    const file = await xlsx([
      HEADER,
      [1, '张伟', 'C-001', '局长', '正科级', '县财政局'], // row 2: fine
      [2, '', 'C-002', '副局长', '副科级', FIN], // row 3: no name
      [3, '李娜', 'C-001', '科员', '一级科员', null], // row 4: C-001 twice in the file
      [4, '刘洋', 'C-004', '科长', '正科级', '县公安局'], // row 5: no such department
      [5, '陈静', 'C-100', '副县长', '副处级', null], // row 6: on the register already
      [6, '赵敏', '', '科员', null, null], // row 7: no ref
    ]);
    const reply = await upload(countyAdmin, `/units/${COUNTY}/cadres/import`, file, '名册.xlsx');
    expect(reply.status).toBe(422);
    const body = reply.body as unknown as ErrorBody;
    expect(body.code).toBe('ROWS_REFUSED');
    const refused = body.details!.refused!.map((r) => [r.row, r.column, r.problem]);
    expect(refused).toEqual([
      [3, 'name', 'missing'],
      [4, 'ref', 'duplicateInFile'],
      [5, 'department', 'unknownDepartment'],
      [6, 'ref', 'onRegister'],
      [7, 'ref', 'missing'],
    ]);
    expect(body.details!.refused![1].reason).toContain('row 2');
    expect(body.details!.refused![2]).toMatchObject({ header: '所在部门', value: '县公安局' });
    expect(body.message).toContain('nothing was imported');
    // Nothing written: only the one added by hand.
    expect((await register(countyAdmin, COUNTY)).items.map((c) => c.ref)).toEqual(['C-100']);
  });

  it('previews a clean xlsx on a dry run, then imports it whole (department by name or code)', async () => {
    const file = await xlsx([
      ['姓名', '人员编号/身份标识', '职务', '职级', '所在部门', '备注'],
      ['张伟', 'C-001', '局长', '正科级', '县财政局', '新任'],
      ['李娜', 'C-002', '副局长', '副科级', FIN, null],
      [],
      ['刘洋', 'C-003', '科员', '一级科员', null, null],
    ]);
    const dry = await upload(
      countyAdmin,
      `/units/${COUNTY}/cadres/import?dryRun=true`,
      file,
      'register.xlsx',
    );
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({
      dryRun: true,
      format: 'xlsx',
      rows: 3,
      imported: 0,
      ignoredColumns: ['备注'],
    });
    expect((await register(countyAdmin, COUNTY)).items).toHaveLength(1);

    const done = await upload(countyAdmin, `/units/${COUNTY}/cadres/import`, file, 'register.xlsx');
    expect(done.status).toBe(201);
    expect(done.body).toMatchObject({ dryRun: false, rows: 3, imported: 3 });
    const page = await register(countyAdmin, COUNTY);
    expect(page.activeCount).toBe(4);
    const zhang = page.items.find((c) => c.ref === 'C-001')!;
    expect(zhang).toMatchObject({
      name: '张伟',
      post: '局长',
      rank: '正科级',
      departmentCode: FIN,
      status: 'active',
    });
    expect(zhang.department).toEqual({ code: FIN, name: '县财政局' });
    expect(page.items.find((c) => c.ref === 'C-003')?.departmentCode).toBeNull();
    // Filter by name or ref.
    expect(
      (await register(countyAdmin, COUNTY, `&q=${encodeURIComponent('李')}`)).items.map((c) => c.ref),
    ).toEqual(['C-002']);
    expect((await register(countyAdmin, COUNTY, '&q=c-00')).items).toHaveLength(3);
  });

  it('imports a csv (UTF-8 with BOM, English headers, quoted cells), refusing its bad rows first', async () => {
    const bad = '\uFEFFname,ref,post,rank,department\r\n"Sun, Wei",E-1,科员,一级科员,\r\n孙丽,E-1,科员,,\r\n';
    const refused = await upload(
      countyAdmin,
      `/units/${COUNTY}/cadres/import`,
      Buffer.from(bad, 'utf8'),
      'r.csv',
    );
    expect(refused.status).toBe(422);
    const body = refused.body as unknown as ErrorBody;
    expect(body.details!.refused).toEqual([
      expect.objectContaining({ row: 3, column: 'ref', value: 'E-1', problem: 'duplicateInFile' }),
    ]);
    expect((await register(countyAdmin, COUNTY)).activeCount).toBe(4);

    const good =
      '\uFEFF姓名,人员编号,职务,职级,所在部门\n"Sun, Wei",E-1,"科员",一级科员,\n孙丽,0002,"办公室""主任""",正科级,' +
      FIN +
      '\n';
    const done = await upload(
      countyAdmin,
      `/units/${COUNTY}/cadres/import`,
      Buffer.from(good, 'utf8'),
      'r.csv',
    );
    expect(done.status).toBe(201);
    expect(done.body).toMatchObject({ format: 'csv', imported: 2 });
    const items = (await register(countyAdmin, COUNTY)).items;
    expect(items.find((c) => c.ref === 'E-1')?.name).toBe('Sun, Wei');
    // A personnel number stays text (leading zeros kept); quotes inside a quoted cell are read.
    expect(items.find((c) => c.ref === '0002')).toMatchObject({ name: '孙丽', post: '办公室"主任"' });
  });

  it('refuses a file without the required columns, or one that is not a register file', async () => {
    const noRef = await upload(
      countyAdmin,
      `/units/${COUNTY}/cadres/import`,
      Buffer.from('姓名,职务\n张三,科员\n'),
      'a.csv',
    );
    expect(noRef.status).toBe(400);
    expect(String(noRef.body.message)).toContain('人员编号');
    const fake = await upload(
      countyAdmin,
      `/units/${COUNTY}/cadres/import`,
      Buffer.from('not a workbook'),
      'a.xlsx',
    );
    expect(fake.status).toBe(400);
    expect((await register(countyAdmin, COUNTY)).activeCount).toBe(6);
  });
});

describe('editing, reach, roles and the access log', () => {
  it('adds, edits and marks left; a ref on the register already is 409', async () => {
    const added = expectStatus(
      await countyAdmin.post<Cadre>(`/units/${COUNTY}/cadres`, {
        ref: 'C-200',
        name: '周兰',
        post: '科员',
        rank: '二级科员',
      }),
      201,
    ).body;
    expect(
      (await countyAdmin.post<ErrorBody>(`/units/${COUNTY}/cadres`, { ref: 'C-200', name: '周兰' })).status,
    ).toBe(409);
    const edited = expectStatus(
      await countyAdmin.request<Cadre>('PATCH', `/cadres/${added.id}`, {
        post: '副科长',
        rank: '副科级',
        departmentCode: FIN,
      }),
      200,
    ).body;
    expect(edited).toMatchObject({ post: '副科长', rank: '副科级', departmentCode: FIN });
    const unknownDept = await countyAdmin.request<ErrorBody>('PATCH', `/cadres/${added.id}`, {
      departmentCode: OTHER,
    });
    expect(unknownDept.status).toBe(400);
    const left = expectStatus(await countyAdmin.request<Cadre>('DELETE', `/cadres/${added.id}`), 200).body;
    expect(left.status).toBe('left');
    expect(left.leftAt).not.toBeNull();
    expect((await register(countyAdmin, COUNTY)).items.map((c) => c.ref)).not.toContain('C-200');
    expect((await register(countyAdmin, COUNTY, '&status=left')).items.map((c) => c.ref)).toEqual(['C-200']);
  });

  it("another unit's register is 404, as a unit that does not exist; writing needs the role", async () => {
    const cadre = (await register(countyAdmin, COUNTY)).items[0];
    const outside = await otherOfficer.get<ErrorBody>(`/units/${COUNTY}/cadres`);
    const missing = await otherOfficer.get<ErrorBody>(`/units/${S}-nowhere/cadres`);
    expect(outside.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(outside.body.message.replace(COUNTY, 'X')).toBe(missing.body.message.replace(`${S}-nowhere`, 'X'));
    expect((await otherOfficer.get(`/cadres/${cadre.id}`)).status).toBe(404);
    // Another unit's admin neither reads nor writes it.
    expect((await otherAdmin.request('PATCH', `/cadres/${cadre.id}`, { post: '局长' })).status).toBe(404);
    expect((await otherAdmin.request('DELETE', `/cadres/${cadre.id}`)).status).toBe(404);
    expect((await otherAdmin.post(`/units/${COUNTY}/cadres`, { ref: 'Z-1', name: '某人' })).status).toBe(404);
    const file = await xlsx([
      ['姓名', '人员编号'],
      ['某人', 'Z-2'],
    ]);
    expect((await upload(otherAdmin, `/units/${COUNTY}/cadres/import`, file, 'x.xlsx')).status).toBe(404);
    // The county's officer reads its register, and may not write it.
    expect((await countyOfficer.get(`/cadres/${cadre.id}`)).status).toBe(200);
    expect((await countyOfficer.post(`/units/${COUNTY}/cadres`, { ref: 'Z-3', name: '某人' })).status).toBe(
      403,
    );
    expect((await upload(countyOfficer, `/units/${COUNTY}/cadres/import`, file, 'x.xlsx')).status).toBe(403);
    // The province reads the county's register (it is below it).
    expect((await register(provSupervisor, COUNTY)).activeCount).toBe(6);
    const refs = (await register(countyAdmin, COUNTY, '&status=all')).items.map((c) => c.ref);
    expect(refs).not.toContain('Z-1');
    expect(refs).not.toContain('Z-3');
  });

  it('logs every read of the register', async () => {
    const cadre = (await register(countyOfficer, COUNTY, '&q=C-001')).items[0];
    expectStatus(await countyOfficer.get(`/cadres/${cadre.id}`), 200);
    const log = expectStatus(
      await provSupervisor.get<{
        items: { action: string; unitId: string; resultCount: number | null; query: unknown }[];
      }>('/access-log?actor=county-officer'),
      200,
    ).body.items;
    expect(log[0]).toMatchObject({ action: 'cadre.read', unitId: COUNTY, query: { cadreId: cadre.id } });
    expect(log[1]).toMatchObject({ action: 'register.list', unitId: COUNTY, resultCount: 1 });
    expect(log[1].query).toMatchObject({ q: 'C-001' });
    // A refused read (outside reach) writes no entry naming the county.
    const others = expectStatus(
      await provSupervisor.get<{ items: { unitId: string }[] }>('/access-log?actor=other-officer'),
      200,
    ).body.items;
    expect(others.filter((e) => e.unitId === COUNTY)).toEqual([]);
  });
});

describe('links', () => {
  it("a case's individual subject links to the register when the ref is on it", async () => {
    const integration = await as('county-desk', ['integration'], COUNTY);
    const onRegister = await integration.post<{ id: string }>('/cases', {
      ...openBody({ subject: { ref: 'C-001', name: '张伟' } }),
      unitId: COUNTY,
    });
    expectStatus(onRegister, 201);
    const view = expectStatus(
      await countyOfficer.get<{ subject: { ref: string; cadre: unknown } }>(`/cases/${onRegister.body.id}`),
      200,
    ).body;
    expect(view.subject.cadre).toEqual({
      id: expect.any(String),
      ref: 'C-001',
      name: '张伟',
      post: '局长',
      rank: '正科级',
      status: 'active',
      unit: { code: COUNTY, name: '某县人民政府' },
    });
    // Opened by the province for a person on the county's register (a unit below it): linked too.
    const provDesk = await as('prov-desk', ['integration'], PROV);
    const fromAbove = expectStatus(
      await provDesk.post<{ id: string }>('/cases', {
        ...openBody({ subject: { ref: 'C-002' } }),
        unitId: PROV,
      }),
      201,
    ).body;
    const above = await provSupervisor.get<{ subject: { cadre: { name: string } | null } }>(
      `/cases/${fromAbove.id}`,
    );
    expect(above.body.subject.cadre?.name).toBe('李娜');
    // Not on the register: no link.
    const stranger = expectStatus(
      await integration.post<{ id: string }>('/cases', {
        ...openBody({ subject: { ref: 'nobody-1' } }),
        unitId: COUNTY,
      }),
      201,
    ).body;
    expect(
      (await countyOfficer.get<{ subject: { cadre: unknown } }>(`/cases/${stranger.id}`)).body.subject.cadre,
    ).toBeNull();
    // A case of the other county naming the same ref: the county's register is not its unit's, no link.
    const otherDesk = await as('other-desk', ['integration'], OTHER);
    const elsewhere = expectStatus(
      await otherDesk.post<{ id: string }>('/cases', {
        ...openBody({ subject: { ref: 'C-001' } }),
        unitId: OTHER,
      }),
      201,
    ).body;
    expect(
      (await otherOfficer.get<{ subject: { cadre: unknown } }>(`/cases/${elsewhere.id}`)).body.subject.cadre,
    ).toBeNull();
  });

  it("a department's leader (分管领导) comes from the parent's register, validated", async () => {
    const edu = expectStatus(
      await root.post<UnitView>('/units', {
        code: EDU,
        name: '县教育局',
        parentCode: COUNTY,
        kind: 'department',
        leaderRef: 'C-100',
      }),
      201,
    ).body;
    expect(edu.leader).toEqual({
      ref: 'C-100',
      name: '王磊',
      post: '副县长',
      rank: '副处级',
      status: 'active',
    });
    // A cadre of another register, or one who left: 422, nothing changed.
    const wrong = await root.request<ErrorBody>('PATCH', `/units/${FIN}`, { leaderRef: 'C-200' });
    expect(wrong.status).toBe(422);
    expect(wrong.body.message).toContain('left');
    expect((await root.request<ErrorBody>('PATCH', `/units/${FIN}`, { leaderRef: 'nobody' })).status).toBe(
      422,
    );
    expect((await root.request<ErrorBody>('PATCH', `/units/${COUNTY}`, { leaderRef: 'C-100' })).status).toBe(
      400,
    );
    expect(
      (await countyAdmin.request<ErrorBody>('PATCH', `/units/${FIN}`, { leaderRef: 'C-100' })).status,
    ).toBe(200);
    const units = expectStatus(await otherOfficer.get<{ items: UnitView[] }>('/units'), 200).body.items;
    // Names and posts of leaders are public; the ref only within reach.
    expect(units.find((u) => u.code === FIN)?.leader).toEqual({
      ref: null,
      name: '王磊',
      post: '副县长',
      rank: '副处级',
      status: 'active',
    });
    const mine = expectStatus(await countyOfficer.get<{ items: UnitView[] }>('/units'), 200).body.items;
    expect(mine.find((u) => u.code === EDU)?.leader?.ref).toBe('C-100');
  });
});
