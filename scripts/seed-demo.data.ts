/*
 * The demo province of `npm run seed:demo`: its units, its people and how each county does over the
 * year. The three counties differ on purpose (one diligent, one middling, one lagging), so that
 * rankings and rates mean something.
 */
import type { Actor } from '../src/engine/actor';
import { CATALOGUE } from '../workflows';

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
  /** A short tag for business keys and subject references. */
  tag: string;
  /** The county's zh name (for titles). */
  zh: string;
  /** Shifts this county's dates by a few days, so the counties do not act in lockstep. */
  offsetDays: number;
  users: Record<Role, Actor>;
  /** Party secretary (主体责任) and discipline head (监督责任) of the county's lists. */
  principal: Person;
  disciplineHead: Person;
  /** Each township's Party secretary (主体责任) and discipline secretary (监督责任), whom its assessment names. */
  townships: { code: string; name: string; zh: string; leader: Person; disciplineHead: Person }[];
  /** A county department the county's third list is for. */
  bureau: { ref: string; zh: string; en: string; leader: Person };
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

/** The dev sign-in's units (province > city > county): the demo reuses them so that the demo users see it. */
export const PROVINCE = devUnit('province');
export const CITY = devUnit('city');
const DEV_COUNTY = devUnit('county');

function users(unit: string, names: Record<Role, [string, string]>): Record<Role, Actor> {
  return Object.fromEntries(
    (Object.keys(names) as Role[]).map((role) => {
      const [sub, name] = names[role];
      const dev = DEV[sub];
      return [role, { sub, name: dev?.name ?? name, roles: [role], unit }];
    }),
  ) as Record<Role, Actor>;
}

const person = (ref: string, name: string, post: string): Person => ({ ref, name, post });

export const COUNTIES: County[] = [
  {
    code: DEV_COUNTY.code,
    name: DEV_COUNTY.name,
    tag: 'QS',
    zh: '青山县',
    offsetDays: 0,
    users: users(DEV_COUNTY.code, {
      officer: ['wang.fang', 'Wang Fang 王芳'],
      leader: ['li.qiang', 'Li Qiang 李强'],
      committee: ['zhao.min', 'Zhao Min 赵敏'],
      principal: ['sun.wei', 'Sun Wei 孙伟'],
      disciplineHead: ['zhou.lan', 'Zhou Lan 周兰'],
    }),
    principal: person('P-QS-001', 'Sun Wei 孙伟', '县委书记 Party secretary'),
    disciplineHead: person('P-QS-002', 'Zhou Lan 周兰', '县纪委书记 Discipline head'),
    townships: [
      {
        code: 'qs-qingshi',
        name: '青石镇纪委 Qingshi Town Discipline Committee',
        zh: '青石镇',
        leader: person('P-QS-101', 'Liu Yang 刘洋', '镇党委书记 Party secretary'),
        disciplineHead: person('P-QS-111', 'Sun Li 孙丽', '镇纪委书记 Discipline secretary'),
      },
      {
        code: 'qs-baiyun',
        name: '白云乡纪委 Baiyun Township Discipline Committee',
        zh: '白云乡',
        leader: person('P-QS-102', 'Chen Hui 陈辉', '乡党委书记 Party secretary'),
        disciplineHead: person('P-QS-112', 'He Ping 何平', '乡纪委书记 Discipline secretary'),
      },
    ],
    bureau: {
      ref: 'ORG-QS-TRANSPORT',
      zh: '青山县交通运输局',
      en: 'Qingshan County Transport Bureau',
      leader: person('P-QS-201', 'Huang Lei 黄磊', '局长 Director'),
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
    name: '河西县纪委监委 Hexi County Commission',
    tag: 'HX',
    zh: '河西县',
    offsetDays: 1,
    users: users('hexi', {
      officer: ['he.li', 'He Li 何丽'],
      leader: ['ma.jun', 'Ma Jun 马军'],
      committee: ['gao.yan', 'Gao Yan 高燕'],
      principal: ['luo.bin', 'Luo Bin 罗斌'],
      disciplineHead: ['tang.xue', 'Tang Xue 唐雪'],
    }),
    principal: person('P-HX-001', 'Luo Bin 罗斌', '县委书记 Party secretary'),
    disciplineHead: person('P-HX-002', 'Tang Xue 唐雪', '县纪委书记 Discipline head'),
    townships: [
      {
        code: 'hx-liushu',
        name: '柳树镇纪委 Liushu Town Discipline Committee',
        zh: '柳树镇',
        leader: person('P-HX-101', 'Zhang Tao 张涛', '镇党委书记 Party secretary'),
        disciplineHead: person('P-HX-111', 'Lu Ming 陆明', '镇纪委书记 Discipline secretary'),
      },
      {
        code: 'hx-shaping',
        name: '沙坪乡纪委 Shaping Township Discipline Committee',
        zh: '沙坪乡',
        leader: person('P-HX-102', 'Yang Fan 杨帆', '乡党委书记 Party secretary'),
        disciplineHead: person('P-HX-112', 'Xu Jing 徐静', '乡纪委书记 Discipline secretary'),
      },
    ],
    bureau: {
      ref: 'ORG-HX-LAND',
      zh: '河西县自然资源局',
      en: 'Hexi County Natural Resources Bureau',
      leader: person('P-HX-201', 'Wu Gang 吴刚', '局长 Director'),
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
    name: '南岭县纪委监委 Nanling County Commission',
    tag: 'NL',
    zh: '南岭县',
    offsetDays: 2,
    users: users('nanling', {
      officer: ['xu.ning', 'Xu Ning 徐宁'],
      leader: ['guo.tao', 'Guo Tao 郭涛'],
      committee: ['lin.na', 'Lin Na 林娜'],
      principal: ['he.peng', 'He Peng 贺鹏'],
      disciplineHead: ['song.yu', 'Song Yu 宋雨'],
    }),
    principal: person('P-NL-001', 'He Peng 贺鹏', '县委书记 Party secretary'),
    disciplineHead: person('P-NL-002', 'Song Yu 宋雨', '县纪委书记 Discipline head'),
    townships: [
      {
        code: 'nl-songlin',
        name: '松林镇纪委 Songlin Town Discipline Committee',
        zh: '松林镇',
        leader: person('P-NL-101', 'Zhu Qiang 朱强', '镇党委书记 Party secretary'),
        disciplineHead: person('P-NL-111', 'Cao Bin 曹斌', '镇纪委书记 Discipline secretary'),
      },
      {
        code: 'nl-dahe',
        name: '大河乡纪委 Dahe Township Discipline Committee',
        zh: '大河乡',
        leader: person('P-NL-102', 'Qian Jun 钱军', '乡党委书记 Party secretary'),
        disciplineHead: person('P-NL-112', 'Deng Hua 邓华', '乡纪委书记 Discipline secretary'),
      },
    ],
    bureau: {
      ref: 'ORG-NL-HOUSING',
      zh: '南岭县住房和城乡建设局',
      en: 'Nanling County Housing and Construction Bureau',
      leader: person('P-NL-201', 'Feng Yu 冯宇', '局长 Director'),
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
  const t = c.townships;
  return [
    {
      ref: `P-${c.tag}-301`,
      name: 'Zhou Ming 周明',
      organisation: `${c.zh}财政局`,
      post: '副局长 Deputy director',
    },
    {
      ref: `P-${c.tag}-302`,
      name: 'Wu Jing 吴静',
      organisation: `${t[0].zh}人民政府`,
      post: '副镇长 Deputy head',
    },
    { ref: `P-${c.tag}-303`, name: 'Zheng Hao 郑浩', organisation: c.bureau.zh, post: '科长 Section chief' },
    {
      ref: `P-${c.tag}-304`,
      name: 'Sun Li 孙丽',
      organisation: `${t[1].zh}人民政府`,
      post: '站长 Station head',
    },
    { ref: `P-${c.tag}-305`, name: 'Hu Bo 胡波', organisation: `${c.zh}水利局`, post: '局长 Director' },
    {
      ref: `P-${c.tag}-306`,
      name: 'Lu Xin 卢鑫',
      organisation: `${c.zh}应急管理局`,
      post: '副局长 Deputy director',
    },
    {
      ref: `P-${c.tag}-307`,
      name: 'Dong Ping 董平',
      organisation: `${t[0].zh}人民政府`,
      post: '所长 Office head',
    },
  ];
}
