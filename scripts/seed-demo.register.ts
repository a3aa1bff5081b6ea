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
import { cadres, DEPARTMENTS, departmentName, government, type County, type Person } from './seed-demo.data';
import { say } from './seed-demo.language';

/** One row of a register file, as an office fills it in. */
interface Row {
  name: string;
  ref: string;
  post: string;
  rank: string;
  department?: string;
}

const SEEDER: Actor = { sub: 'seed-demo', name: say('演示数据', 'Demo data'), roles: ['admin'] };

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛段雷侯龙史陶黎顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN =
  '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉红建文斌宇浩凯丹琳晨雪峰波宁欣颖林瑶婷鑫海燕志东亮飞俊成博琦倩嘉晓春怡';
/** The pinyin of each character of `chars`, in order (the names of an English deployment). */
function pinyin(chars: string, syllables: string): Map<string, string> {
  const each = syllables.split(' ');
  if (each.length !== [...chars].length) throw new Error(`pinyin: ${each.length} syllables for ${chars}`);
  return new Map([...chars].map((ch, i) => [ch, each[i]]));
}
const SURNAME_PINYIN = pinyin(
  SURNAMES,
  'Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Gao Lin Luo Zheng Liang Xie ' +
    'Song Tang Xu Han Feng Deng Cao Peng Zeng Xiao Tian Dong Yuan Pan Yu Jiang Cai Yu Du Ye Cheng Su Wei ' +
    'Lü Ding Ren Shen Yao Lu Jiang Cui Zhong Tan Lu Wang Fan Jin Shi Liao Jia Xia Wei Fu Fang Bai Zou ' +
    'Meng Xiong Qin Qiu Jiang Yin Xue Duan Lei Hou Long Shi Tao Li Gu Mao Hao Gong Shao Wan Qian Yan ' +
    'Qin Wu Dai Mo Kong Xiang Tang',
);
const GIVEN_PINYIN = pinyin(
  GIVEN,
  'wei fang na min jing li qiang lei jun yang yong yan jie juan tao ming chao xiu xia ping gang gui ' +
    'ying hua yu lan ping peng hui hong jian wen bin yu hao kai dan lin chen xue feng bo ning xin ying ' +
    'lin yao ting xin hai yan zhi dong liang fei jun cheng bo qi qian jia xiao chun yi',
);
/** A generated name in the deployment's language: 王晓春 or Wang Xiaochun. */
const named = (surname: string, given: string) => {
  const first = [...given].map((ch) => GIVEN_PINYIN.get(ch)!).join('');
  return say(surname + given, `${SURNAME_PINYIN.get(surname)!} ${first[0].toUpperCase()}${first.slice(1)}`);
};

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

/** Ranks (职级) and posts (职务) on the registers, in the deployment's language. */
const RANK = {
  division: say('正处级', 'Division chief level'),
  deputyDivision: say('副处级', 'Deputy division chief level'),
  section: say('正科级', 'Section chief level'),
  deputySection: say('副科级', 'Deputy section chief level'),
  principal1: say('一级主任科员', 'First-grade principal staff member'),
  principal4: say('四级主任科员', 'Fourth-grade principal staff member'),
  staff1: say('一级科员', 'First-grade staff member'),
  staff2: say('二级科员', 'Second-grade staff member'),
};
const DEPUTY_DIRECTOR = say('副局长', 'Deputy director');
const STAFF = say('科员', 'Staff member');
const SECTION_HEADS = [
  say('办公室主任', 'Head of the office'),
  say('综合科科长', 'Head of the general section'),
  say('计划财务科科长', 'Head of the planning and finance section'),
];

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
      const name = named(pick(SURNAMES), given);
      if (!this.used.has(name)) {
        this.used.add(name);
        return name;
      }
    }
  }
}

/** The county's departments (code, name) and its register, leadership first. */
function countyPlan(c: County, names: Names, nextRef: () => string) {
  const departments = DEPARTMENTS.map((d) => ({
    code: `${c.code}-${d.code}`,
    name: departmentName(c, d.code),
  }));
  const person = (p: Person, rank: string, department?: string): Row => ({
    name: p.name,
    ref: p.ref,
    post: p.post,
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
  const deputyHead = say('副县长', 'Deputy county head');
  const leaders = [
    generated(say('县长', 'County head'), RANK.division),
    generated(say('县委副书记', 'Deputy Party secretary'), RANK.deputyDivision),
    generated(say('常务副县长', 'Executive deputy county head'), RANK.deputyDivision),
    generated(deputyHead, RANK.deputyDivision),
    generated(deputyHead, RANK.deputyDivision),
    generated(deputyHead, RANK.deputyDivision),
    generated(say('县委常委、组织部部长', 'Head of the Organisation Department'), RANK.deputyDivision),
  ];
  const rows: Row[] = [
    person(c.principal, RANK.division),
    person(c.disciplineHead, RANK.deputyDivision),
    ...leaders,
  ];
  // The people the cases name who work in a county department.
  const onCases = cadres(c).filter((p) => departments.some((d) => d.name === p.organisation));
  for (const d of departments) {
    const head =
      d.name === departmentName(c, c.bureau.department)
        ? person(c.bureau.leader, RANK.section, d.name)
        : generated(say('局长', 'Director'), RANK.section, d.name);
    rows.push(head);
    const onCase = onCases.filter((p) => p.organisation === d.name);
    for (const p of onCase)
      rows.push(person(p, p.post === DEPUTY_DIRECTOR ? RANK.deputySection : RANK.principal1, d.name));
    const deputies = 2 - onCase.filter((p) => p.post === DEPUTY_DIRECTOR).length;
    for (let i = 0; i < deputies; i++) rows.push(generated(DEPUTY_DIRECTOR, RANK.deputySection, d.name));
    for (const post of SECTION_HEADS) rows.push(generated(post, RANK.principal4, d.name));
    for (let i = 0; i < 6; i++)
      rows.push(generated(STAFF, i < 2 ? RANK.staff1 : i < 4 ? RANK.staff2 : RANK.principal4, d.name));
  }
  // 分管领导: the deputy heads of the county (副县长, 常务副县长) share the departments.
  const overseers = leaders.slice(2, 6);
  const leadersOf = departments.map((d, i) => ({ ...d, leaderRef: overseers[i % overseers.length].ref }));
  return { departments: leadersOf, rows };
}

function townshipPlan(c: County, t: County['townships'][number], names: Names, nextRef: () => string): Row[] {
  const [town, kind] = t.town ? ['镇', 'town'] : ['乡', 'township'];
  const generated = (post: string, rank: string): Row => ({ name: names.name(), ref: nextRef(), post, rank });
  const deputyHead = say(`副${town}长`, `Deputy head of the ${kind}`);
  const rows: Row[] = [
    { name: t.leader.name, ref: t.leader.ref, post: t.leader.post, rank: RANK.section },
    {
      name: t.disciplineHead.name,
      ref: t.disciplineHead.ref,
      post: t.disciplineHead.post,
      rank: RANK.deputySection,
    },
    generated(say(`${town}长`, `Head of the ${kind}`), RANK.section),
    generated(say(`${town}党委副书记`, 'Deputy Party secretary'), RANK.deputySection),
    generated(deputyHead, RANK.deputySection),
    generated(deputyHead, RANK.deputySection),
    generated(say('人大主席', "Chair of the People's Congress"), RANK.deputySection),
    generated(say('组织委员', 'Organisation committee member'), RANK.deputySection),
    generated(say('武装部长', 'Head of the armed forces department'), RANK.deputySection),
  ];
  for (const p of cadres(c).filter((p) => p.organisation === government(t))) {
    rows.push({ name: p.name, ref: p.ref, post: p.post, rank: RANK.principal1 });
  }
  const heads = [
    say('党政办主任', 'Head of the Party and government office'),
    say('农业服务中心主任', 'Head of the agricultural service centre'),
    say('财政所所长', 'Head of the finance office'),
    say('社会事务办主任', 'Head of the social affairs office'),
    say('综合执法队队长', 'Head of the law enforcement team'),
  ];
  for (const post of heads) rows.push(generated(post, RANK.principal4));
  for (let i = 0; i < 8; i++) rows.push(generated(STAFF, i < 3 ? RANK.staff1 : RANK.staff2));
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
  print: (line: string) => void,
): Promise<number> {
  let total = 0;
  for (const [i, c] of counties.entries()) {
    const taken = [
      c.principal,
      c.disciplineHead,
      c.bureau.leader,
      ...c.townships.flatMap((t) => [t.leader, t.disciplineHead]),
    ]
      .map((p) => p.name)
      .concat(cadres(c).map((p) => p.name));
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
      const sheet = await readRegisterFile(
        await workbookOf(rows),
        `${unit}-${say('干部名册', 'register')}.xlsx`,
      );
      total += (await register.import(SEEDER, unit, sheet, false)).imported;
    }
    const check = (m: EntityManager, parent: string, ref: string) => lookup.assertLeader(m, parent, ref);
    for (const d of plan.departments) await jurisdiction.setLeader(d.code, d.leaderRef, check);
    print(
      `    ${c.code}: ${plan.rows.length} cadres, ${plan.departments.length} departments with their 分管领导; ` +
        c.townships.map((t, k) => `${t.code} ${imports[k + 1][1].length}`).join(', '),
    );
  }
  return total;
}
