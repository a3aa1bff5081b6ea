/*
 * The demo province of `npm run seed:demo`: its units, its people and how each county does over the
 * year. The three counties differ on purpose (one diligent, one middling, one lagging), so that
 * rankings and rates mean something.
 */
import type { Actor } from '../src/engine/actor';
import { CATALOGUE } from '../workflows';
import { say } from './seed-demo.language';

export interface Person {
  ref: string;
  name: string;
  post: string;
}

export type Role = 'officer' | 'leader' | 'committee' | 'principal' | 'disciplineHead';

/** How a task, an item or a reply goes: on time, late, or not at all (yet). */
export type Pace = 'onTime' | 'late' | 'missing';

export interface County {
  code: string;
  name: string;
  /** The head of its case numbers (青山县纪〔2026〕问责1号), Chinese in either language. */
  shortName: string;
  /** A short tag for business keys and subject references. */
  tag: string;
  /** The county itself (青山县 / Qingshan County), for titles and the names of its bodies. */
  place: string;
  /** Shifts this county's dates by a few days, so the counties do not act in lockstep. */
  offsetDays: number;
  users: Record<Role, Actor>;
  /** Party secretary (主体责任) and discipline head (监督责任) of the county's lists. */
  principal: Person;
  disciplineHead: Person;
  /** Each township's Party secretary (主体责任) and discipline secretary (监督责任), whom its assessment names. */
  townships: {
    code: string;
    name: string;
    place: string;
    town: boolean;
    leader: Person;
    disciplineHead: Person;
  }[];
  /** A county department the county's third list is for (one of DEPARTMENTS, by its code). */
  bureau: { ref: string; department: string; leader: Person };
  profile: Profile;
}

export interface Profile {
  /** Per list (townships, then the bureau), per task (5, the last due after the seeded year). */
  tasks: Pace[][];
  inquiries: InquirySpec[];
  accountability: AccountabilitySpec[];
  /** The inspection tour's rectification: the pace of its three items. */
  tour: Pace[];
  /** Per township: on-site survey approval rate, grade, number of problems found. */
  assessments: { approvalRate: number; grade: 'excellent' | 'good' | 'pass' | 'fail'; problems: number }[];
  /** The rectification ordered by a decision: its item done on time or late. */
  decisionRectification: Pace;
}

export interface InquirySpec {
  method: 'letter' | 'talk' | 'declined';
  reply?: Pace;
  conclusion?: 'cleared' | 'reminder' | 'criticism' | 'selfExamination' | 'formalWarning' | 'toVerification';
}

export interface AccountabilitySpec {
  /** declined (不予受理), rejected (不予立项), noAccountability, stalled (investigation not finished), decided */
  path: 'declined' | 'rejected' | 'noAccountability' | 'stalled' | 'decided';
  measures?: { type: string; detail?: string }[];
  rectification?: boolean;
  appeal?: 'upheld' | 'amended';
  /** Execution recorded after its one-month limit. */
  lateExecution?: boolean;
}

const DEV = Object.fromEntries((CATALOGUE.devUsers ?? []).map((u) => [u.sub, u]));
const devUnit = (code: string) => {
  const unit = CATALOGUE.devUnits?.find((u) => u.code === code);
  if (!unit)
    throw new Error(`workflows/index.ts has no dev unit ${code}: the demo hangs its counties under it`);
  return unit;
};

/**
 * A bilingual name of the catalogue's dev sign-in ('省纪委监委 Provincial Commission', 'Wang Fang 王芳')
 * in the deployment's language: its Chinese words, or the others.
 */
export function oneLanguage(name: string): string {
  const words = name.split(/\s+/);
  const han = words.filter((w) => /[\u3400-\u9fff]/.test(w));
  const other = words.filter((w) => !/[\u3400-\u9fff]/.test(w));
  return han.length && other.length ? say(han.join(''), other.join(' ')) : name;
}

/** The dev sign-in's units (province > city > county): the demo reuses them so that the demo users see it. */
export const PROVINCE = { ...devUnit('province'), name: oneLanguage(devUnit('province').name) };
export const CITY = { ...devUnit('city'), name: oneLanguage(devUnit('city').name) };
const DEV_COUNTY = devUnit('county');

/** The eight departments of each county (部门, units of kind department), by code. */
export const DEPARTMENTS: { code: string; zh: string; en: string }[] = [
  { code: 'czj', zh: '财政局', en: 'Finance Bureau' },
  { code: 'jyj', zh: '教育局', en: 'Education Bureau' },
  { code: 'slj', zh: '水利局', en: 'Water Resources Bureau' },
  { code: 'yjj', zh: '应急管理局', en: 'Emergency Management Bureau' },
  { code: 'jtj', zh: '交通运输局', en: 'Transport Bureau' },
  { code: 'zrj', zh: '自然资源局', en: 'Natural Resources Bureau' },
  { code: 'zjj', zh: '住房和城乡建设局', en: 'Housing and Construction Bureau' },
  { code: 'nyj', zh: '农业农村局', en: 'Agriculture and Rural Affairs Bureau' },
];

/** The name of a county's department (青山县财政局 / Qingshan County Finance Bureau). */
export function departmentName(c: County, code: string): string {
  const d = DEPARTMENTS.find((x) => x.code === code)!;
  return say(`${c.place}${d.zh}`, `${c.place} ${d.en}`);
}

type Township = County['townships'][number];

/** A township's government (青石镇人民政府 / Qingshi Town People's Government). */
export const government = (t: Township) => say(`${t.place}人民政府`, `${t.place} People's Government`);

/** A township's Party committee (青石镇党委 / Qingshi Town Party Committee). */
export const partyCommittee = (t: Township) => say(`${t.place}党委`, `${t.place} Party Committee`);

function users(unit: string, names: Record<Role, [string, string]>): Record<Role, Actor> {
  return Object.fromEntries(
    (Object.keys(names) as Role[]).map((role) => {
      const [sub, name] = names[role];
      const dev = DEV[sub];
      return [role, { sub, name: dev ? oneLanguage(dev.name) : name, roles: [role], unit }];
    }),
  ) as Record<Role, Actor>;
}

const person = (ref: string, name: string, post: string): Person => ({ ref, name, post });

export const COUNTIES: County[] = [
  {
    code: DEV_COUNTY.code,
    name: oneLanguage(DEV_COUNTY.name),
    tag: 'QS',
    shortName: '青山县纪',
    place: say('青山县', 'Qingshan County'),
    offsetDays: 0,
    users: users(DEV_COUNTY.code, {
      officer: ['wang.fang', say('王芳', 'Wang Fang')],
      leader: ['li.qiang', say('李强', 'Li Qiang')],
      committee: ['zhao.min', say('赵敏', 'Zhao Min')],
      principal: ['sun.wei', say('孙伟', 'Sun Wei')],
      disciplineHead: ['zhou.lan', say('周兰', 'Zhou Lan')],
    }),
    principal: person('P-QS-001', say('孙伟', 'Sun Wei'), say('县委书记', 'Party secretary')),
    disciplineHead: person('P-QS-002', say('周兰', 'Zhou Lan'), say('县纪委书记', 'Discipline head')),
    townships: [
      {
        code: 'qs-qingshi',
        name: say('青石镇纪委', 'Qingshi Town Discipline Committee'),
        place: say('青石镇', 'Qingshi Town'),
        town: true,
        leader: person('P-QS-101', say('刘洋', 'Liu Yang'), say('镇党委书记', 'Party secretary')),
        disciplineHead: person('P-QS-111', say('孙丽', 'Sun Li'), say('镇纪委书记', 'Discipline secretary')),
      },
      {
        code: 'qs-baiyun',
        name: say('白云乡纪委', 'Baiyun Township Discipline Committee'),
        place: say('白云乡', 'Baiyun Township'),
        town: false,
        leader: person('P-QS-102', say('陈辉', 'Chen Hui'), say('乡党委书记', 'Party secretary')),
        disciplineHead: person('P-QS-112', say('何平', 'He Ping'), say('乡纪委书记', 'Discipline secretary')),
      },
    ],
    bureau: {
      ref: 'ORG-QS-TRANSPORT',
      department: 'jtj',
      leader: person('P-QS-201', say('黄磊', 'Huang Lei'), say('局长', 'Director')),
    },
    profile: {
      tasks: [
        ['onTime', 'onTime', 'onTime', 'onTime', 'missing'],
        ['onTime', 'onTime', 'onTime', 'onTime', 'missing'],
        ['onTime', 'onTime', 'late', 'onTime', 'missing'],
      ],
      inquiries: [
        { method: 'letter', reply: 'onTime', conclusion: 'cleared' },
        { method: 'talk', conclusion: 'reminder' },
        { method: 'letter', reply: 'onTime', conclusion: 'cleared' },
        { method: 'declined' },
      ],
      accountability: [
        { path: 'declined' },
        { path: 'decided', measures: [{ type: 'formalWarning' }], rectification: true },
        { path: 'noAccountability' },
      ],
      tour: ['onTime', 'onTime', 'onTime'],
      assessments: [
        { approvalRate: 96.4, grade: 'excellent', problems: 0 },
        { approvalRate: 93.8, grade: 'good', problems: 1 },
      ],
      decisionRectification: 'onTime',
    },
  },
  {
    code: 'hexi',
    name: say('河西县纪委监委', 'Hexi County Commission'),
    tag: 'HX',
    shortName: '河西县纪',
    place: say('河西县', 'Hexi County'),
    offsetDays: 1,
    users: users('hexi', {
      officer: ['he.li', say('何丽', 'He Li')],
      leader: ['ma.jun', say('马军', 'Ma Jun')],
      committee: ['gao.yan', say('高燕', 'Gao Yan')],
      principal: ['luo.bin', say('罗斌', 'Luo Bin')],
      disciplineHead: ['tang.xue', say('唐雪', 'Tang Xue')],
    }),
    principal: person('P-HX-001', say('罗斌', 'Luo Bin'), say('县委书记', 'Party secretary')),
    disciplineHead: person('P-HX-002', say('唐雪', 'Tang Xue'), say('县纪委书记', 'Discipline head')),
    townships: [
      {
        code: 'hx-liushu',
        name: say('柳树镇纪委', 'Liushu Town Discipline Committee'),
        place: say('柳树镇', 'Liushu Town'),
        town: true,
        leader: person('P-HX-101', say('张涛', 'Zhang Tao'), say('镇党委书记', 'Party secretary')),
        disciplineHead: person('P-HX-111', say('陆明', 'Lu Ming'), say('镇纪委书记', 'Discipline secretary')),
      },
      {
        code: 'hx-shaping',
        name: say('沙坪乡纪委', 'Shaping Township Discipline Committee'),
        place: say('沙坪乡', 'Shaping Township'),
        town: false,
        leader: person('P-HX-102', say('杨帆', 'Yang Fan'), say('乡党委书记', 'Party secretary')),
        disciplineHead: person('P-HX-112', say('徐静', 'Xu Jing'), say('乡纪委书记', 'Discipline secretary')),
      },
    ],
    bureau: {
      ref: 'ORG-HX-LAND',
      department: 'zrj',
      leader: person('P-HX-201', say('吴刚', 'Wu Gang'), say('局长', 'Director')),
    },
    profile: {
      tasks: [
        ['onTime', 'late', 'onTime', 'onTime', 'missing'],
        ['onTime', 'onTime', 'late', 'missing', 'missing'],
        ['onTime', 'onTime', 'onTime', 'late', 'missing'],
      ],
      inquiries: [
        { method: 'letter', reply: 'onTime', conclusion: 'cleared' },
        { method: 'talk', conclusion: 'criticism' },
        { method: 'letter', reply: 'late', conclusion: 'formalWarning' },
        { method: 'letter', reply: 'onTime', conclusion: 'selfExamination' },
      ],
      accountability: [
        {
          path: 'decided',
          measures: [{ type: 'writtenSelfCriticism' }],
          rectification: true,
        },
        { path: 'declined' },
        { path: 'decided', measures: [{ type: 'notice' }], appeal: 'upheld' },
      ],
      tour: ['onTime', 'late', 'onTime'],
      assessments: [
        { approvalRate: 88.2, grade: 'good', problems: 1 },
        { approvalRate: 84.5, grade: 'pass', problems: 2 },
      ],
      decisionRectification: 'late',
    },
  },
  {
    code: 'nanling',
    name: say('南岭县纪委监委', 'Nanling County Commission'),
    tag: 'NL',
    shortName: '南岭县纪',
    place: say('南岭县', 'Nanling County'),
    offsetDays: 2,
    users: users('nanling', {
      officer: ['xu.ning', say('徐宁', 'Xu Ning')],
      leader: ['guo.tao', say('郭涛', 'Guo Tao')],
      committee: ['lin.na', say('林娜', 'Lin Na')],
      principal: ['he.peng', say('贺鹏', 'He Peng')],
      disciplineHead: ['song.yu', say('宋雨', 'Song Yu')],
    }),
    principal: person('P-NL-001', say('贺鹏', 'He Peng'), say('县委书记', 'Party secretary')),
    disciplineHead: person('P-NL-002', say('宋雨', 'Song Yu'), say('县纪委书记', 'Discipline head')),
    townships: [
      {
        code: 'nl-songlin',
        name: say('松林镇纪委', 'Songlin Town Discipline Committee'),
        place: say('松林镇', 'Songlin Town'),
        town: true,
        leader: person('P-NL-101', say('朱强', 'Zhu Qiang'), say('镇党委书记', 'Party secretary')),
        disciplineHead: person('P-NL-111', say('曹斌', 'Cao Bin'), say('镇纪委书记', 'Discipline secretary')),
      },
      {
        code: 'nl-dahe',
        name: say('大河乡纪委', 'Dahe Township Discipline Committee'),
        place: say('大河乡', 'Dahe Township'),
        town: false,
        leader: person('P-NL-102', say('钱军', 'Qian Jun'), say('乡党委书记', 'Party secretary')),
        disciplineHead: person(
          'P-NL-112',
          say('邓华', 'Deng Hua'),
          say('乡纪委书记', 'Discipline secretary'),
        ),
      },
    ],
    bureau: {
      ref: 'ORG-NL-HOUSING',
      department: 'zjj',
      leader: person('P-NL-201', say('冯宇', 'Feng Yu'), say('局长', 'Director')),
    },
    profile: {
      tasks: [
        ['late', 'missing', 'onTime', 'missing', 'missing'],
        ['onTime', 'late', 'late', 'missing', 'missing'],
        ['missing', 'onTime', 'late', 'onTime', 'missing'],
      ],
      inquiries: [
        { method: 'talk', conclusion: 'criticism' },
        { method: 'letter', reply: 'late', conclusion: 'formalWarning' },
        { method: 'talk', conclusion: 'toVerification' },
        { method: 'letter', reply: 'late', conclusion: 'reminder' },
      ],
      accountability: [
        {
          path: 'decided',
          measures: [
            { type: 'organisationalHandling', detail: 'suspension' },
            { type: 'partyDiscipline', detail: 'warning' },
          ],
          rectification: true,
          lateExecution: true,
        },
        { path: 'decided', measures: [{ type: 'formalWarning' }], appeal: 'amended' },
        { path: 'stalled' },
      ],
      tour: ['late', 'missing', 'onTime'],
      assessments: [
        { approvalRate: 78.6, grade: 'pass', problems: 2 },
        { approvalRate: 69.3, grade: 'fail', problems: 3 },
      ],
      decisionRectification: 'missing',
    },
  },
];

/** The supervisor of the city (the dev sign-in's chen.jing) reads all three counties. */
export const BUSINESS_KEY_PREFIX = 'DEMO-';

/** Cadres the inquiries and accountability cases are about, per county (by tag). */
export function cadres(c: County): { ref: string; name: string; organisation: string; post: string }[] {
  const [t0, t1] = c.townships;
  const cadre = (n: number, name: string, organisation: string, post: string) => ({
    ref: `P-${c.tag}-${n}`,
    name,
    organisation,
    post,
  });
  return [
    cadre(301, say('周明', 'Zhou Ming'), departmentName(c, 'czj'), say('副局长', 'Deputy director')),
    cadre(302, say('吴静', 'Wu Jing'), government(t0), say('副镇长', 'Deputy head')),
    cadre(
      303,
      say('郑浩', 'Zheng Hao'),
      departmentName(c, c.bureau.department),
      say('科长', 'Section chief'),
    ),
    cadre(304, say('孙丽', 'Sun Li'), government(t1), say('站长', 'Station head')),
    cadre(305, say('胡波', 'Hu Bo'), departmentName(c, 'slj'), say('局长', 'Director')),
    cadre(306, say('卢鑫', 'Lu Xin'), departmentName(c, 'yjj'), say('副局长', 'Deputy director')),
    cadre(307, say('董平', 'Dong Ping'), government(t0), say('所长', 'Office head')),
  ];
}
