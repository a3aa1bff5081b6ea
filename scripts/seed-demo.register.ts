/*
 * The demo's cadre registers (干部名册) and departments: each county's leadership and eight
 * departments (部门, units of kind department) with their staff and their overseeing leaders (分管领导),
 * and each township's cadres — a few hundred people in all, imported through the same path as an
 * office's spreadsheet (an .xlsx built here, read by the service's reader, checked row by row).
 * The people the demo's cases are about are on these registers under the refs the cases name.
 */
import { Workbook } from 'exceljs';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../src/engine/actor';
import { Jurisdiction } from '../src/engine/units/jurisdiction';
import { readRegisterFile } from '../src/register/register-file';
import type { CadreLookup } from '../src/register/register.lookup';
import { CadreRegisterService } from '../src/register/register.service';
import { cadres, type County, type Person } from './seed-demo.data';

/** One row of a register file, as an office fills it in. */
interface Row {
  name: string;
  ref: string;
  post: string;
  rank: string;
  department?: string;
}

const SEEDER: Actor = { sub: 'seed-demo', name: 'Demo data', roles: ['admin'] };

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛段雷侯龙史陶黎顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN =
  '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉红建文斌宇浩凯丹琳晨雪峰波宁欣颖林瑶婷鑫海燕志东亮飞俊成博琦倩嘉晓春怡';

/** A small deterministic generator (mulberry32), so that every run seeds the same people. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const zhOf = (name: string) => name.split(' ').at(-1)!;
const zhPost = (post: string) => post.split(' ')[0];

const DEPARTMENTS: { suffix: string; code: string }[] = [
  { suffix: '财政局', code: 'czj' },
  { suffix: '教育局', code: 'jyj' },
  { suffix: '水利局', code: 'slj' },
  { suffix: '应急管理局', code: 'yjj' },
  { suffix: '交通运输局', code: 'jtj' },
  { suffix: '自然资源局', code: 'zrj' },
  { suffix: '住房和城乡建设局', code: 'zjj' },
  { suffix: '农业农村局', code: 'nyj' },
];
const SECTIONS = ['办公室', '综合科', '计划财务科', '政策法规科', '监督管理科', '人事科'];

class Names {
  private readonly next: () => number;
  private readonly used = new Set<string>();
  constructor(seed: number, taken: string[]) {
    this.next = random(seed);
    taken.forEach((n) => this.used.add(n));
  }
  name(): string {
    for (;;) {
      const pick = (s: string) => s[Math.floor(this.next() * s.length)];
      const given = this.next() < 0.55 ? pick(GIVEN) + pick(GIVEN) : pick(GIVEN);
      const name = pick(SURNAMES) + given;
      if (!this.used.has(name)) {
        this.used.add(name);
        return name;
      }
    }
  }
}

/** The county's departments (code, name) and its register, leadership first. */
function countyPlan(c: County, names: Names, nextRef: () => string) {
  const departments = DEPARTMENTS.map((d) => ({ code: `${c.code}-${d.code}`, name: `${c.zh}${d.suffix}` }));
  const person = (p: Person, rank: string, department?: string): Row => ({
    name: zhOf(p.name),
    ref: p.ref,
    post: zhPost(p.post),
    rank,
    ...(department ? { department } : {}),
  });
  const generated = (post: string, rank: string, department?: string): Row => ({
    name: names.name(),
    ref: nextRef(),
    post,
    rank,
    ...(department ? { department } : {}),
  });
  const leaders = [
    generated('县长', '正处级'),
    generated('县委副书记', '副处级'),
    generated('常务副县长', '副处级'),
    generated('副县长', '副处级'),
    generated('副县长', '副处级'),
    generated('副县长', '副处级'),
    generated('县委常委、组织部部长', '副处级'),
  ];
  const rows: Row[] = [person(c.principal, '正处级'), person(c.disciplineHead, '副处级'), ...leaders];
  // The people the cases name who work in a county department.
  const onCases = cadres(c).filter((p) => departments.some((d) => d.name === p.organisation));
  for (const d of departments) {
    const head =
      d.name === c.bureau.zh
        ? person(c.bureau.leader, '正科级', d.name)
        : generated('局长', '正科级', d.name);
    rows.push(head);
    const named = onCases.filter((p) => p.organisation === d.name);
    for (const p of named)
      rows.push(person(p, zhPost(p.post).startsWith('副局长') ? '副科级' : '一级主任科员', d.name));
    const deputies = 2 - named.filter((p) => zhPost(p.post) === '副局长').length;
    for (let i = 0; i < deputies; i++) rows.push(generated('副局长', '副科级', d.name));
    for (const section of SECTIONS.slice(0, 3))
      rows.push(generated(`${section}主任`.replace('科主任', '科科长'), '四级主任科员', d.name));
    for (let i = 0; i < 6; i++)
      rows.push(generated('科员', i < 2 ? '一级科员' : i < 4 ? '二级科员' : '四级主任科员', d.name));
  }
  // 分管领导: the deputy heads of the county share the departments.
  const overseers = leaders.filter((l) => /副县长/.test(l.post));
  const leadersOf = departments.map((d, i) => ({ ...d, leaderRef: overseers[i % overseers.length].ref }));
  return { departments: leadersOf, rows };
}

function townshipPlan(c: County, t: County['townships'][number], names: Names, nextRef: () => string): Row[] {
  const town = t.zh.endsWith('镇') ? '镇' : '乡';
  const generated = (post: string, rank: string): Row => ({ name: names.name(), ref: nextRef(), post, rank });
  const rows: Row[] = [
    { name: zhOf(t.leader.name), ref: t.leader.ref, post: zhPost(t.leader.post), rank: '正科级' },
    {
      name: zhOf(t.disciplineHead.name),
      ref: t.disciplineHead.ref,
      post: zhPost(t.disciplineHead.post),
      rank: '副科级',
    },
    generated(`${town}长`, '正科级'),
    generated(`${town}党委副书记`, '副科级'),
    generated(`副${town}长`, '副科级'),
    generated(`副${town}长`, '副科级'),
    generated('人大主席', '副科级'),
    generated('组织委员', '副科级'),
    generated('武装部长', '副科级'),
  ];
  for (const p of cadres(c).filter((p) => p.organisation === `${t.zh}人民政府`)) {
    rows.push({ name: zhOf(p.name), ref: p.ref, post: zhPost(p.post), rank: '一级主任科员' });
  }
  for (const post of ['党政办主任', '农业服务中心主任', '财政所所长', '社会事务办主任', '综合执法队队长'])
    rows.push(generated(post, '四级主任科员'));
  for (let i = 0; i < 8; i++) rows.push(generated('科员', i < 3 ? '一级科员' : '二级科员'));
  return rows;
}

async function workbookOf(rows: Row[]): Promise<Buffer> {
  const wb = new Workbook();
  const sheet = wb.addWorksheet('干部名册');
  sheet.addRow(['序号', '姓名', '人员编号', '职务', '职级', '所在部门']);
  rows.forEach((r, i) => sheet.addRow([i + 1, r.name, r.ref, r.post, r.rank, r.department ?? '']));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * Adds the counties' departments, imports every unit's register (all or nothing per unit), and names
 * each department's overseeing leader from the county's register. Returns how many people were imported.
 */
export async function seedRegisters(
  jurisdiction: Jurisdiction,
  register: CadreRegisterService,
  lookup: CadreLookup,
  counties: County[],
  say: (line: string) => void,
): Promise<number> {
  let total = 0;
  for (const [i, c] of counties.entries()) {
    const taken = [
      c.principal,
      c.disciplineHead,
      c.bureau.leader,
      ...c.townships.flatMap((t) => [t.leader, t.disciplineHead]),
    ]
      .map((p) => zhOf(p.name))
      .concat(cadres(c).map((p) => zhOf(p.name)));
    const names = new Names(1009 * (i + 1), taken);
    let n = 1000;
    const nextRef = () => `P-${c.tag}-${n++}`;
    const plan = countyPlan(c, names, nextRef);
    await jurisdiction.ensure(
      plan.departments.map((d) => ({ code: d.code, name: d.name, parentCode: c.code, kind: 'department' })),
    );
    const imports: [string, Row[]][] = [
      [c.code, plan.rows],
      ...c.townships.map((t): [string, Row[]] => [t.code, townshipPlan(c, t, names, nextRef)]),
    ];
    for (const [unit, rows] of imports) {
      const sheet = await readRegisterFile(await workbookOf(rows), `${unit}-干部名册.xlsx`);
      total += (await register.import(SEEDER, unit, sheet, false)).imported;
    }
    const check = (m: EntityManager, parent: string, ref: string) => lookup.assertLeader(m, parent, ref);
    for (const d of plan.departments) await jurisdiction.setLeader(d.code, d.leaderRef, check);
    say(
      `    ${c.code}: ${plan.rows.length} cadres, ${plan.departments.length} departments with their 分管领导; ` +
        c.townships.map((t, k) => `${t.code} ${imports[k + 1][1].length}`).join(', '),
    );
  }
  return total;
}
