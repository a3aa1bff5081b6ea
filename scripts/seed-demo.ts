/**
 * `npm run seed:demo`: a small province with a year of cases, for a demo.
 *
 * Boots the real service in-process (the AppModule, same configuration as `npm start`: SQLite in
 * ./data unless DATABASE_URL names PostgreSQL) without its HTTP server, and plays a year of work
 * through the engine's own write path (EngineService: validation, guards, deadlines, effects, the
 * hash chain), with the engine's clock set to each step's date: every case verifies, and the
 * deadlines that fell due between two steps of a case are fired by the engine before the later one.
 * Deadline rows still pending at the end are left to the service: `npm start` schedules them on
 * its start (those already due fire at once, stamped with their due time).
 *
 * Refuses, changing nothing, when the demo data is already there.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource, In, Like } from 'typeorm';
import { AppModule } from '../src/app.module';
import { validateConfig } from '../src/config/config.validate';
import { DeadlineScheduler } from '../src/deadlines/deadline.scheduler';
import type { Actor } from '../src/engine/actor';
import { Clock } from '../src/engine/clock';
import { EngineService } from '../src/engine/engine.service';
import { CaseEntity, CaseLinkEntity } from '../src/engine/persistence/case.entity';
import { UnitEntity } from '../src/engine/persistence/unit.entity';
import { Jurisdiction } from '../src/engine/units/jurisdiction';
import { bandOf, weightedTotal } from '../machines/assessment.machine';
import { CATALOGUE } from '../workflows';
import { GRADE_BANDS, INDICATOR_CODES, INDICATORS } from '../workflows/assessment.indicators';
import {
  BUSINESS_KEY_PREFIX,
  CITY,
  COUNTIES,
  PROVINCE,
  cadres,
  departmentName,
  oneLanguage,
  partyCommittee,
  type AccountabilitySpec,
  type County,
  type InquirySpec,
  type Pace,
} from './seed-demo.data';
import { say } from './seed-demo.language';
import { Timeline } from './seed-demo.timeline';
import { seedRegisters } from './seed-demo.register';
import { CadreLookup } from '../src/register/register.lookup';
import { CadreRegisterService } from '../src/register/register.service';

const DAY = 86_400_000;
/** The grades (考核等次) as a Chinese feedback names them. */
const GRADE_ZH: Record<string, string> = { excellent: '优秀', good: '良好', pass: '合格', fail: '不合格' };
const print = (line: string) => process.stdout.write(`${line}\n`);

/** The year played: the current one once its end of November has passed, else the one before. */
function seededYear(now = new Date()): number {
  const y = now.getUTCFullYear();
  return now.getTime() >= Date.UTC(y, 10, 29) ? y : y - 1;
}

const YEAR = Number(process.env.SEED_DEMO_YEAR ?? seededYear());
/** A Beijing wall-clock time (UTC+8) of the seeded year, as epoch ms. */
const bj = (month: number, day: number, hour = 10, minute = 0) =>
  Date.UTC(YEAR, month - 1, day, hour - 8, minute);
const iso = (t: number) => new Date(t).toISOString();
const START = bj(1, 5, 9);
const END = bj(11, 28, 17);

interface Engine {
  open(actor: Actor, body: Record<string, unknown>): Promise<string>;
  send(caseId: string, actor: Actor, type: string, payload?: unknown): Promise<string[]>;
  /** The case's machine context as stored. */
  context(caseId: string): Promise<Record<string, unknown>>;
  /** The codes of the departments (units of kind department) right under a unit, in the tree's order. */
  departments(unit: string): Promise<string[]>;
}

async function main(): Promise<void> {
  process.env.LOG_LEVEL ??= 'warn';
  const config = validateConfig(process.env);
  const store = config.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : `SQLite ${config.DATABASE_PATH}`;
  const started = Date.now();

  const app = await NestFactory.createApplicationContext(AppModule.register('api'), {
    logger: ['error'],
    abortOnError: false,
  });
  const realNow = Date.now;
  try {
    const db = app.get<DataSource>(getDataSourceToken());
    const already = await db.manager.count(CaseEntity, {
      where: { businessKey: Like(`${BUSINESS_KEY_PREFIX}%`) },
    });
    if (already > 0) {
      print(
        `The demo data is already there (${already} cases with ${BUSINESS_KEY_PREFIX}… business keys in ${store}); nothing added.\n` +
          `To seed again from scratch: stop the service, delete ${config.DATABASE_URL ? 'and recreate the database' : `${config.DATABASE_PATH} (and its -wal/-shm files)`}, run npm run seed:demo.`,
      );
      return;
    }
    print(`Seeding the demo province into ${store}: the year ${YEAR}, ${iso(START)} … ${iso(END)}`);
    await seed(app, db, realNow);
    print(
      `Done in ${((realNow() - started) / 1000).toFixed(1)} s (${process.uptime().toFixed(1)} s with loading the service).`,
    );
  } finally {
    Date.now = realNow;
    await app.close();
  }
}

async function seed(app: INestApplicationContext, db: DataSource, realNow: () => number): Promise<void> {
  // The engine's clock, and what payload checks read as "now" (a due date must lie ahead), follow the timeline.
  let now = START;
  const clock = app.get(Clock);
  clock.now = () => new Date(now);
  Date.now = () => now;
  // Jobs are scheduled by the service when it starts (its sweep), against the real time.
  app.get(DeadlineScheduler).afterCommit = () => undefined;

  const jurisdiction = app.get(Jurisdiction);
  await jurisdiction.ensure([PROVINCE, CITY]);
  print(`  units: ${PROVINCE.code} ${PROVINCE.name} › ${CITY.code} ${CITY.name}`);
  for (const c of COUNTIES) {
    await jurisdiction.ensure([
      { code: c.code, name: c.name, shortName: c.shortName, parentCode: CITY.code },
    ]);
    await jurisdiction.ensure(c.townships.map((t) => ({ code: t.code, name: t.name, parentCode: c.code })));
    print(`    › ${c.code} ${c.name} › ${c.townships.map((t) => `${t.code} ${t.name}`).join(', ')}`);
  }
  print('  cadre registers (干部名册) and departments:');
  const registered = await seedRegisters(
    jurisdiction,
    app.get(CadreRegisterService),
    app.get(CadreLookup),
    COUNTIES,
    print,
  );
  print(`    ${registered} cadres on the registers`);

  const engine = app.get(EngineService);
  const known = new Map<string, Set<string>>();
  let events = 0;
  const linkedOf = async (caseId: string): Promise<string[]> => {
    const rows = await db.manager.find(CaseLinkEntity, {
      where: [{ fromCaseId: caseId }, { toCaseId: caseId }],
    });
    return rows.map((r) => (r.fromCaseId === caseId ? r.toCaseId : r.fromCaseId));
  };
  const e: Engine = {
    async open(actor, body) {
      const result = await engine.open(body, actor);
      events++;
      known.set(result.caseId, new Set(await linkedOf(result.caseId)));
      return result.caseId;
    },
    async send(caseId, actor, type, payload) {
      try {
        await engine.apply(caseId, type, payload, actor);
      } catch (error) {
        const details = (error as { details?: unknown }).details;
        throw new Error(
          `${type} on ${caseId} at ${iso(now)}: ${(error as Error).message}${details ? ` ${JSON.stringify(details)}` : ''}`,
          { cause: error },
        );
      }
      events++;
      const seen = known.get(caseId) ?? new Set<string>();
      const fresh = (await linkedOf(caseId)).filter((id) => !seen.has(id));
      fresh.forEach((id) => seen.add(id));
      known.set(caseId, seen);
      for (const id of fresh) known.set(id, new Set([...(await linkedOf(id))]));
      return fresh;
    },
    async context(caseId) {
      const row = await db.manager.findOneByOrFail(CaseEntity, { id: caseId });
      return (JSON.parse(row.snapshot) as { context: Record<string, unknown> }).context;
    },
    async departments(unit) {
      const rows = await db.manager.find(UnitEntity, {
        where: { kind: 'department', parentCode: unit },
        order: { path: 'ASC' },
      });
      return rows.map((u) => u.code);
    },
  };

  let casesAtMonth = 0;
  let eventsAtMonth = 0;
  const countCases = () =>
    db.manager.count(CaseEntity, { where: { unitId: In(COUNTIES.map((c) => c.code)) } });
  const timeline = new Timeline(
    START,
    (t) => (now = t),
    (from, to) => {
      const month = (t: number) => new Date(t + 8 * 3600_000).toISOString().slice(0, 7);
      if (month(from) !== month(to)) {
        void countCases().then((cases) => {
          print(
            `  ${month(from)}: ${cases} cases (+${cases - casesAtMonth}), ${events} events (+${events - eventsAtMonth})`,
          );
          casesAtMonth = cases;
          eventsAtMonth = events;
        });
      }
    },
  );

  const workflowOf = async (id: string) => (await db.manager.findOneByOrFail(CaseEntity, { id })).workflow;
  const stories = new Stories(e, timeline, workflowOf);
  for (const c of COUNTIES) stories.county(c);
  await timeline.run();
  const cases = await countCases();
  print(`  ${new Date(END + 8 * 3600_000).toISOString().slice(0, 7)}: ${cases} cases, ${events} events`);
  Date.now = realNow;
  if (timeline.failures.length) {
    throw new Error(`${timeline.failures.length} step(s) failed:\n  ${timeline.failures.join('\n  ')}`);
  }
  print(
    stories.departmentsNamed
      ? "The lists' key tasks name the county's departments (分管部门) and are checked against their standard."
      : "The lists' key tasks are checked against their standard; no county has departments, so none is named.",
  );
  await summary(db);
}

async function summary(db: DataSource): Promise<void> {
  const rows: { unit: string; workflow: string; n: string | number }[] = await db
    .createQueryBuilder(CaseEntity, 'c')
    .select('c.unit_id', 'unit')
    .addSelect('c.workflow', 'workflow')
    .addSelect('COUNT(*)', 'n')
    .where('c.unit_id IN (:...units)', { units: COUNTIES.map((c) => c.code) })
    .groupBy('c.unit_id')
    .addGroupBy('c.workflow')
    .getRawMany();
  const workflows = [
    'responsibilityList',
    'inquiry',
    'preliminaryVerification',
    'accountability',
    'rectification',
    'assessment',
  ];
  const total = (w: string) => rows.filter((r) => r.workflow === w).reduce((s, r) => s + Number(r.n), 0);
  print(`Cases per workflow: ${workflows.map((w) => `${w} ${total(w)}`).join(', ')}`);
  for (const c of COUNTIES) {
    const of = (w: string) => Number(rows.find((r) => r.unit === c.code && r.workflow === w)?.n ?? 0);
    print(`  ${c.code.padEnd(8)} ${c.name}: ${workflows.map((w) => `${w} ${of(w)}`).join(', ')}`);
  }
  print(
    `Units: ${PROVINCE.code} › ${CITY.code} › ${COUNTIES.map((c) => `${c.code} (${c.townships.map((t) => t.code).join(', ')})`).join(', ')}`,
  );
  print(
    `Sign in to the workbench as ${say('陈静', 'Chen Jing')} (chen.jing, supervisor of the city) to see the three counties, ` +
      `or as ${['wang.fang', 'li.qiang', 'zhao.min'].map((sub) => oneLanguage(CATALOGUE.devUsers.find((u) => u.sub === sub)?.name ?? sub)).join(' / ')} for the first county.`,
  );
}

interface ListTask {
  title: string;
  owner: string;
  dueAt: string;
  /** Version 3: a key task (重点任务), checked against its standard once done. */
  key?: boolean;
  /** Version 3: the department it concerns (分管部门), a unit of kind department under the county. */
  department?: string;
  /** Version 2: the person answerable, the work standard, safeguards and supervising body. */
  responsible: { ref: string; name: string };
  standard: string;
  safeguards: string;
  supervisedBy: string;
}

/** The year of one county, as stories the timeline interleaves. */
class Stories {
  /** Whether some list's key tasks named a department (the register's departments exist). */
  departmentsNamed = false;

  constructor(
    private readonly e: Engine,
    private readonly timeline: Timeline,
    private readonly workflowOf: (id: string) => Promise<string>,
  ) {}

  private at(t: number): Promise<void> {
    return this.timeline.until(Math.min(t, END));
  }

  /** Whether `t` still lies within the seeded year (a step after it is left for the future). */
  private inYear(t: number): boolean {
    return t <= END;
  }

  county(c: County): void {
    const off = c.offsetDays * DAY;
    const key = (what: string) => `${BUSINESS_KEY_PREFIX}${YEAR}-${c.tag}-${what}`;
    const lists = [
      ...c.townships.map((t) => ({ ref: t.code, name: partyCommittee(t), leader: t.leader })),
      { ref: c.bureau.ref, name: departmentName(c, c.bureau.department), leader: c.bureau.leader },
    ];
    lists.forEach((unit, i) =>
      this.timeline.spawn(`${c.code} list ${i + 1}`, () =>
        this.list(c, key(`LIST-${i + 1}`), unit, c.profile.tasks[i], bj(1, 5, 9 + i) + off),
      ),
    );
    c.townships.forEach((t, i) =>
      this.timeline.spawn(`${c.code} assessment ${i + 1}`, () =>
        this.assessment(c, key(`ASSESS-${i + 1}`), t, i, bj(1, 12, 10 + i) + off),
      ),
    );
    const people = cadres(c);
    const inquiryStarts = [bj(2, 17), bj(4, 14), bj(6, 9), bj(8, 18)];
    c.profile.inquiries.forEach((spec, i) =>
      this.timeline.spawn(`${c.code} inquiry ${i + 1}`, () =>
        this.inquiry(c, key(`INQ-${i + 1}`), spec, people[i], inquiryStarts[i] + off),
      ),
    );
    const accStarts = [bj(3, 3), bj(3, 24), bj(5, 12)];
    c.profile.accountability.forEach((spec, i) =>
      this.timeline.spawn(`${c.code} accountability ${i + 1}`, () =>
        this.accountability(c, key(`ACC-${i + 1}`), spec, people[4 + i], accStarts[i] + off),
      ),
    );
    this.timeline.spawn(`${c.code} inspection tour`, () => this.tour(c, key('TOUR-1'), bj(4, 8) + off));
    this.timeline.spawn(`${c.code} self-inspection`, () =>
      this.selfInspection(c, key('SELF-1'), bj(3, 16) + off),
    );
  }

  // ── responsibility lists (责任清单) ──────────────────────────────────────────────

  private async list(
    c: County,
    businessKey: string,
    unit: { ref: string; name: string; leader: { name: string } },
    paces: Pace[],
    t0: number,
  ): Promise<void> {
    const { officer, leader, principal, disciplineHead } = c.users;
    const dues = [bj(3, 31, 18), bj(6, 30, 18), bj(9, 30, 18), bj(11, 20, 18), bj(12, 25, 18)];
    const titles = [
      [
        say('学习贯彻中央八项规定精神专题学习', 'Study sessions on the eight-point rules'),
        say('办公室', 'Office'),
      ],
      [say('重点领域廉政风险排查', 'Integrity risk review of key areas'), say('纪检组', 'Discipline group')],
      [say('工程项目招投标专项检查', 'Check of works tenders'), say('财务科', 'Finance section')],
      [
        say('领导干部廉政谈话全覆盖', 'Integrity talks with every leading cadre'),
        say('党委书记', 'Party secretary'),
      ],
      [say('年度党风廉政建设述责述廉', 'Annual report on integrity duties'), say('党委', 'Party committee')],
    ];
    // The first four tasks are key (重点任务); the three in the middle concern a department of the
    // county (分管部门), when the county has departments.
    const departments = await this.e.departments(c.code);
    const tasks: ListTask[] = titles.map(([title, owner], i) => ({
      title,
      owner,
      dueAt: iso(dues[i]),
      ...(i < 4 && { key: true }),
      ...(i >= 1 &&
        i <= 3 &&
        departments.length && { department: departments[(i - 1) % departments.length] }),
      responsible: { ref: `${unit.ref}-T${i + 1}`, name: owner },
      standard: [
        say('全体班子成员参加，形成学习记录', 'Every leader attends, minuted'),
        say('覆盖全部重点领域，形成排查清单', 'Every key area covered, with a risk register'),
        say('全部招投标项目逐一检查', 'Every tender checked'),
        say('谈话覆盖全部领导干部并记录', 'Every leading cadre talked to, minuted'),
        say('按时完成并形成书面材料', 'Done on time, with a written record'),
      ][i],
      safeguards: say('明确专人、列支经费', 'A named officer and a budget line'),
      supervisedBy: say('县纪委监委派驻纪检组', 'The county commission’s resident discipline group'),
    }));
    if (tasks.some((t) => t.department)) this.departmentsNamed = true;
    await this.at(t0);
    const body = {
      workflow: 'responsibilityList',
      businessKey,
      title: say(`${unit.name}${YEAR}年度责任清单`, `${unit.name}: responsibility list ${YEAR}`),
      subject: { ref: unit.ref, kind: 'organisation', name: unit.name },
      year: YEAR,
      // Version 2: named by the `sub` of their accounts, since only they may sign.
      principal: { ...c.principal, ref: principal.sub },
      supervisor: { ...c.disciplineHead, ref: disciplineHead.sub },
    };
    const id = await this.e.open(officer, { ...body, tasks });
    await this.at(t0 + 2 * DAY);
    await this.e.send(id, principal, 'SIGN', {
      as: 'principal',
      opinion: say('已审阅，任务与年度工作要点相符', 'Reviewed: the tasks fit the year’s priorities'),
    });
    await this.at(t0 + 3 * DAY);
    await this.e.send(id, disciplineHead, 'SIGN', {
      as: 'supervisor',
      opinion: say('已审阅，监督措施逐项落实', 'Reviewed: supervision set for each task'),
    });
    await this.at(t0 + 4 * DAY);
    await this.e.send(id, officer, 'PUBLISH');
    const steps: { t: number; run: () => Promise<unknown> }[] = [];
    paces.forEach((pace, i) => {
      const t =
        pace === 'onTime' ? dues[i] - (6 + i) * DAY : pace === 'late' ? dues[i] + (12 + i) * DAY : NaN;
      if (Number.isFinite(t) && this.inYear(t)) {
        steps.push({
          t,
          run: () =>
            this.e.send(id, officer, 'COMPLETE_TASK', {
              taskId: `t${i + 1}`,
              evidenceRef: `${businessKey}-T${i + 1}`,
            }),
        });
        // A key task done is checked against its standard a few days later: a late one fell short of
        // it, and so did an on-time one of the lagging county's (on time, but not up to standard).
        const checkAt = t + 4 * DAY;
        if (tasks[i].key && this.inYear(checkAt)) {
          const met = pace === 'onTime' && !(c.profile.tour.includes('missing') && i === 1);
          steps.push({
            t: checkAt,
            run: () =>
              this.e.send(id, leader, 'CHECK_TASK', {
                taskId: `t${i + 1}`,
                met,
                note: met
                  ? say('经检查达到标准', 'Checked: up to its standard')
                  : say('经检查未达标准，已责令补正', 'Checked: short of its standard, to be made good'),
              }),
          });
        }
      }
    });
    const onTimeByJune = paces.slice(0, 2).filter((p) => p === 'onTime').length;
    steps.push({
      t: bj(7, 10, 15),
      run: () =>
        this.e.send(id, leader, 'MID_YEAR_REVIEW', {
          summary: say(
            `上半年任务完成 ${onTimeByJune}/2 按期`,
            `${onTimeByJune} of 2 tasks due by June done on time`,
          ),
        }),
    });
    for (const step of steps.sort((a, b) => a.t - b.t)) {
      await this.at(step.t);
      await step.run();
    }
  }

  // ── annual assessment (年度考核) ─────────────────────────────────────────────────

  private async assessment(
    c: County,
    businessKey: string,
    township: County['townships'][number],
    index: number,
    t0: number,
  ): Promise<void> {
    const { officer, leader, committee } = c.users;
    const spec = c.profile.assessments[index];
    await this.at(t0);
    const id = await this.e.open(officer, {
      workflow: 'assessment',
      businessKey,
      title: say(
        `${township.place}${YEAR}年度党风廉政建设责任制考核`,
        `${township.place}: annual assessment of integrity duties ${YEAR}`,
      ),
      subject: { ref: township.code, kind: 'organisation', name: partyCommittee(township) },
      year: YEAR,
      unitLeader: township.leader,
      supervisor: township.disciplineHead,
    });
    const base = spec.approvalRate;
    const scores = (shift: number) =>
      Object.fromEntries(
        INDICATOR_CODES.map((code, i) => [
          code,
          Math.max(40, Math.min(100, Math.round(base + shift - i * 2))),
        ]),
      );
    await this.at(bj(7, 15, 10) + index * DAY);
    await this.e.send(id, officer, 'RECORD_MID_YEAR_CHECK', {
      summary: say('半年检查：重点任务过半', 'Mid-year check: half of the key tasks done'),
      ...(spec.problems > 1 && {
        findings: say('食堂账目不清，公务接待超标', 'Canteen accounts unclear, hospitality over the limits'),
      }),
    });
    await this.at(bj(10, 20, 10) + index * DAY);
    await this.e.send(id, officer, 'SUBMIT_SELF_ASSESSMENT', {
      report: say(
        `${township.place}${YEAR}年度自查报告`,
        `${township.place}: self-assessment report ${YEAR}`,
      ),
      scores: scores(6),
      evidenceRefs: [`${businessKey}-EV-1`, `${businessKey}-EV-2`],
    });
    const onSite = bj(11, 3, 10) + index * DAY;
    await this.at(onSite + DAY);
    const problemTexts = [
      [say('村级财务公开不及时', 'Village accounts not published on time'), say('财政所', 'Finance office')],
      [say('惠民资金发放台账缺失', 'No ledger for welfare payments'), say('民政办', 'Civil affairs office')],
      [say('公车使用登记不全', 'Official car use not logged'), say('党政办', 'Party and government office')],
    ];
    const fresh = await this.e.send(id, officer, 'RECORD_ON_SITE', {
      heldAt: iso(onSite),
      scores: scores(0),
      approvalRate: spec.approvalRate,
      problems: problemTexts.slice(0, spec.problems).map(([description, who], i) => ({
        description,
        responsible: who,
        dueAt: iso(bj(12, 31, 18) + i * 30 * DAY),
      })),
      notes: say(`群众满意度测评 ${spec.approvalRate}%`, `Survey approval rate ${spec.approvalRate}%`),
    });
    this.followUp(c, fresh, `${businessKey} problems`);
    await this.at(bj(11, 10, 15) + index * DAY);
    // The grade follows the band of the on-site total, or departs from it with a reason.
    const band = bandOf(GRADE_BANDS, weightedTotal([...INDICATORS], scores(0)));
    const graded = await this.e.send(id, committee, 'DECIDE_GRADE', {
      grade: spec.grade,
      basis: say(
        `加权得分与群众认可率 ${spec.approvalRate}%`,
        `Weighted total and survey approval ${spec.approvalRate}%`,
      ),
      ...(band !== spec.grade && {
        departureReason: say(
          `实地考核发现问题${spec.problems}项，群众认可率偏低`,
          `${spec.problems} problems found on site and a low survey approval`,
        ),
      }),
    });
    this.followUp(c, graded, `${businessKey} grade`);
    await this.at(bj(11, 17, 10) + index * DAY);
    await this.e.send(id, officer, 'DELIVER_FEEDBACK', {
      deliveredAt: iso(bj(11, 16, 15) + index * DAY),
      feedback: say(
        `考核等次：${GRADE_ZH[spec.grade]}，请对发现的问题抓好整改`,
        `Grade: ${spec.grade}; rectify the problems found`,
      ),
    });
    await this.at(bj(11, 24, 10) + index * DAY);
    const applied = await this.e.send(id, leader, 'APPLY_RESULTS', {
      results: assessmentResults(spec.grade, township.leader),
      fileRef: `${businessKey}-RESULT`,
    });
    this.followUp(c, applied, `${businessKey} results`);
  }

  /** Cases an event opened (a rectification, an accountability case): they get a story of their own. */
  private followUp(c: County, ids: string[], why: string): void {
    for (const id of ids) {
      this.timeline.spawn(`${c.code} case opened by ${why}`, async () => {
        const workflow = await this.workflowOf(id);
        if (workflow === 'rectification') await this.rectification(c, id, 'followUp');
        else if (workflow === 'accountability') await this.accountabilityFrom(c, id, why);
        else if (workflow === 'preliminaryVerification') await this.verification(c, id, why);
      });
    }
  }

  // ── inquiries (谈话函询) ─────────────────────────────────────────────────────────

  private async inquiry(
    c: County,
    businessKey: string,
    spec: InquirySpec,
    cadre: ReturnType<typeof cadres>[number],
    t0: number,
  ): Promise<void> {
    const { officer, leader } = c.users;
    await this.at(t0);
    const id = await this.e.open(officer, {
      workflow: 'inquiry',
      businessKey,
      title: say(
        `关于${cadre.organisation}${cadre.name}的问题线索`,
        `A clue about ${cadre.name} (${cadre.organisation})`,
      ),
      subject: { kind: 'individual', ...cadre },
      clue: say('群众来信反映其在项目验收中收受礼金', 'A letter says gifts were taken at a works acceptance'),
      source: 'report',
    });
    await this.at(t0 + 3 * DAY);
    if (spec.method === 'declined') {
      await this.e.send(id, leader, 'DECLINE', {
        reason: say('线索内容不具体，无可查性', 'the clue names no facts that can be checked'),
      });
      return;
    }
    await this.e.send(id, leader, 'APPROVE', { method: spec.method });
    let t = t0 + 10 * DAY;
    if (spec.method === 'talk') {
      await this.at(t);
      await this.e.send(id, officer, 'RECORD_TALK', {
        heldAt: iso(t - DAY),
        record: say('谈话中本人说明了情况', 'The cadre explained the matter in the talk'),
      });
    } else {
      await this.at(t);
      await this.e.send(id, officer, 'SEND_LETTER', { sentAt: iso(t - DAY), letterRef: `${businessKey}-HX` });
      t += 3 * DAY;
      await this.at(t);
      await this.e.send(id, officer, 'RECORD_LETTER_RECEIVED', { receivedAt: iso(t - DAY) });
      // The reply is due 15 working days after the receipt; a late one comes about five weeks later.
      t += (spec.reply === 'late' ? 36 : 12) * DAY;
      await this.at(t);
      await this.e.send(id, officer, 'RECORD_REPLY', {
        receivedAt: iso(t - DAY),
        summary: say('书面说明已收到', 'The written reply was received'),
        deniesAllegation: false,
        endorsement: {
          name: say(`${cadre.organisation}党组书记`, `Party group secretary of ${cadre.organisation}`),
          post: say('党组书记', 'Party group secretary'),
          opinion: say('本人说明属实', 'The account is, to the group’s knowledge, true'),
        },
      });
    }
    await this.at(t + 7 * DAY);
    const reasons = {
      cleared: say('经核查，反映问题不属实', 'the checks do not bear the report out'),
      reminder: say('存在苗头性问题，予以提醒', 'early signs of a problem: a reminder'),
      criticism: say('问题属实，情节轻微', 'the facts are established, minor'),
      selfExamination: say('问题轻微，责令作出书面检查', 'minor: ordered to examine himself in writing'),
      formalWarning: say('问题属实，予以诫勉', 'the facts are established: a formal warning'),
      toVerification: say('需要进一步核实，转初步核实', 'to be checked: preliminary verification'),
    };
    const conclusion = spec.conclusion ?? 'cleared';
    const fresh = await this.e.send(id, leader, 'CONCLUDE', { conclusion, reason: reasons[conclusion] });
    this.followUp(c, fresh, `${businessKey} conclusion`);
  }

  // ── accountability (问责) ────────────────────────────────────────────────────────

  private async accountability(
    c: County,
    businessKey: string,
    spec: AccountabilitySpec,
    cadre: ReturnType<typeof cadres>[number],
    t0: number,
  ): Promise<void> {
    await this.at(t0);
    const facts = [
      say(
        '汛期值班脱岗，致险情处置延误',
        'Left the flood-season watch; the response to a dangerous situation was delayed',
      ),
      say('违规发放津贴补贴', 'Allowances paid against the rules'),
      say('安全生产检查走过场，发生事故', 'Safety inspections were a formality; an accident followed'),
    ];
    const n = Number(businessKey.slice(-1)) - 1;
    const id = await this.e.open(c.users.officer, {
      workflow: 'accountability',
      businessKey,
      title: say(
        `${cadre.organisation}${cadre.name}：${facts[n]}`,
        `${cadre.name} (${cadre.organisation}): ${facts[n]}`,
      ),
      subject: { kind: 'individual', ...cadre },
      source: (['inspectionTour', 'audit', 'incident'] as const)[n],
      facts: facts[n],
      situation: 'seriousAccident',
    });
    await this.proceed(c, id, spec, t0, businessKey);
  }

  /** An accountability case another case opened (倒查, 一案双查): accepted and investigated. */
  /** A preliminary verification an inquiry opened (初步核实): started, evidence, report, referred to accountability. */
  private async verification(c: County, id: string, why: string): Promise<void> {
    const { officer, leader } = c.users;
    const t0 = this.timeline.time;
    const step = async (days: number, actor: Actor, type: string, payload: unknown) => {
      if (!this.inYear(t0 + days * DAY)) return null;
      await this.at(t0 + days * DAY);
      return this.e.send(id, actor, type, payload);
    };
    const team = [{ name: c.users.officer.name }, { name: c.users.committee.name }];
    if (
      !(await step(3, leader, 'APPROVE_START', {
        plan: say('调取项目验收资料，询问相关人员', 'the acceptance file and witnesses'),
        team,
      }))
    )
      return;
    const evidence = {
      description: say('项目验收记录及转账凭证', 'acceptance record and a transfer slip'),
      obtainedAt: iso(t0 + 15 * DAY),
    };
    if (!(await step(16, officer, 'RECORD_EVIDENCE', evidence))) return;
    const report = {
      findings: say('收受礼金问题基本属实', 'the gifts were taken'),
      problemFound: true,
      proposal: 'toAccountability',
    };
    if (!(await step(40, officer, 'SUBMIT_REPORT', report))) return;
    const opened = await step(45, leader, 'REFER_TO_ACCOUNTABILITY', {
      responsibility: 'direct',
      reason: say('履职不力，移送问责', 'duties not carried out: referred to accountability'),
    });
    if (opened) this.followUp(c, opened, `${why} verification`);
  }

  private async accountabilityFrom(c: County, id: string, why: string): Promise<void> {
    const spec: AccountabilitySpec =
      c.profile.assessments.some((a) => a.grade === 'fail') && why.includes('grade')
        ? { path: 'stalled' }
        : { path: 'decided', measures: [{ type: 'formalWarning' }] };
    await this.proceed(c, id, spec, this.timeline.time, `${why} (accountability)`);
  }

  private async proceed(
    c: County,
    id: string,
    spec: AccountabilitySpec,
    t0: number,
    key: string,
  ): Promise<void> {
    const { officer, leader, committee } = c.users;
    const step = async (days: number, actor: Actor, type: string, payload?: unknown) => {
      if (!this.inYear(t0 + days * DAY)) return false;
      await this.at(t0 + days * DAY);
      return this.e.send(id, actor, type, payload);
    };
    if (spec.path === 'declined') {
      // The officer proposes, the principal leader approves: nobody closes a clue alone.
      await step(4, officer, 'PROPOSE_DECLINE', {
        reason: say('不属于本机关管辖', 'not within this commission’s remit'),
      });
      await step(5, leader, 'APPROVE_DECLINE', {});
      return;
    }
    if (!(await step(2, officer, 'ACCEPT'))) return;
    if (spec.path === 'rejected') {
      await step(6, leader, 'REJECT_INVESTIGATION', { reason: say('依据不足', 'insufficient grounds') });
      return;
    }
    if (!(await step(5, leader, 'APPROVE_INVESTIGATION'))) return;
    if (
      !(await step(20, officer, 'RECORD_STATEMENT', {
        statement: say('本人对情况作了说明', 'The subject gave an account'),
      }))
    )
      return;
    if (spec.path === 'stalled') return;
    if (
      !(await step(48, officer, 'SUBMIT_REPORT', {
        findings: say('调查认定失职失责', 'The investigation found a failure of duty'),
        responsibility: 'mainLeadership',
        situation: 'seriousAccident',
      }))
    )
      return;
    const measures = spec.measures ?? [{ type: 'formalWarning' }];
    if (
      !(await step(52, officer, 'PROPOSE_OPINION', {
        measures,
        mitigation: 'none',
        basis: say('《中国共产党问责条例》第七条', '2019 Rules Art 7'),
      }))
    )
      return;
    if (spec.path === 'noAccountability') {
      await step(60, committee, 'DECIDE_NO_ACCOUNTABILITY', { grounds: say('不可抗力', 'force majeure') });
      return;
    }
    const decisionAt = t0 + 60 * DAY;
    const unitOf = c.townships[0];
    const decided = await step(60, committee, 'DECIDE', {
      decisionNo: `${key.replace(/\s.*$/, '')}-D`,
      measures: measures.map((m) => ({ ...m, responsibility: 'mainLeadership' })),
      // Serious where the township's leader is pursued too (一案双查).
      serious: Boolean(spec.rectification),
      ...(spec.rectification && {
        rectification: {
          requirement: say('建立汛期值班巡查制度', 'Set up a flood-season watch and patrol system'),
          dueAt: iso(decisionAt + 60 * DAY),
          unit: {
            ref: unitOf.code,
            name: partyCommittee(unitOf),
          },
          unitLeader: unitOf.leader,
        },
        // 一案双查: the township's leader is investigated too, for leadership responsibility.
        alsoInvestigate: [
          {
            subject: { ...unitOf.leader, kind: 'individual', organisation: partyCommittee(unitOf) },
            responsibility: 'mainLeadership',
          },
        ],
      }),
    });
    if (!decided) return;
    this.followUp(c, decided, `${key} decision`);
    if (
      !(await step(64, officer, 'DELIVER', {
        deliveredAt: iso(decisionAt + 3 * DAY),
        recipients: [{ kind: 'subject', name: say('被问责人本人', 'The person held accountable') }],
      }))
    )
      return;
    const executedOn = spec.lateExecution ? 100 : 80;
    const events: [number, Actor, string, unknown][] = [
      [executedOn, officer, 'RECORD_EXECUTION', undefined],
      ...this.duties(officer, measures, t0, executedOn + 2, key),
    ];
    if (spec.appeal) {
      events.push([75, officer, 'FILE_APPEAL', { grounds: say('认为处理过重', 'The measure is too heavy') }]);
      events.push([
        95,
        committee,
        'RESOLVE_APPEAL',
        spec.appeal === 'amended'
          ? // Amended to a lighter measure.
            {
              outcome: 'amended',
              measures: [{ type: 'writtenSelfCriticism', responsibility: 'mainLeadership' }],
            }
          : { outcome: spec.appeal },
      ]);
    }
    for (const [days, actor, type, payload] of events.sort((a, b) => a[0] - b[0])) {
      const payloadFor =
        type === 'RECORD_EXECUTION'
          ? { completedAt: iso(t0 + (days - 1) * DAY), fileRef: `${key}-EXEC` }
          : payload;
      await step(days, actor, type, payloadFor);
    }
  }

  /** The duties after a decision (2019 Art 19; 2016 Art 9): self-review, publication where required, filing. */
  private duties(
    officer: Actor,
    measures: readonly { type: string }[],
    t0: number,
    days: number,
    key: string,
  ): [number, Actor, string, unknown][] {
    const on = iso(t0 + (days - 1) * DAY);
    const published = measures.some((m) => ['organisationalHandling', 'partyDiscipline'].includes(m.type));
    return [
      [
        days,
        officer,
        'RECORD_SELF_REVIEW',
        {
          meeting: 'democraticLife',
          heldAt: on,
          summary: say('在民主生活会上作出检查', 'Self-review at the democratic life meeting'),
        },
      ],
      ...(published
        ? [
            [
              days,
              officer,
              'RECORD_PUBLICATION',
              { where: say('县纪委监委网站', 'the county commission’s website'), publishedAt: on },
            ] as [number, Actor, string, unknown],
          ]
        : []),
      [
        days,
        officer,
        'RECORD_FILING',
        {
          personalFileRef: `${key}-PF`,
          personnelDepartment: say('市委组织部', 'City Organisation Department'),
          filedAt: on,
        },
      ],
    ];
  }

  // ── rectification (整改督办) ─────────────────────────────────────────────────────

  private async tour(c: County, businessKey: string, t0: number): Promise<void> {
    await this.at(t0);
    const township = c.townships[1];
    const items = [
      [say('整改巡察发现的违规公务接待问题', 'Stop hospitality against the rules'), bj(6, 15, 18)],
      [say('清理规范村级集体资产', 'Put village collective assets in order'), bj(8, 14, 18)],
      [say('完善“三重一大”决策制度', 'Rules for major decisions'), bj(10, 15, 18)],
    ] as const;
    const id = await this.e.open(c.users.officer, {
      workflow: 'rectification',
      businessKey,
      title: say(
        `${township.place}巡察反馈问题整改`,
        `${township.place}: rectifying the inspection tour's findings`,
      ),
      subject: { ref: township.code, kind: 'organisation', name: partyCommittee(township) },
      source: 'inspectionTour',
      unitLeader: township.leader,
      items: items.map(([description, due], i) => ({
        description,
        responsible: [
          say('党政办', 'Office'),
          say('农经站', 'Rural economy station'),
          say('党委', 'Party committee'),
        ][i],
        dueAt: iso(due),
      })),
    });
    await this.rectification(
      c,
      id,
      'tour',
      c.profile.tour,
      items.map((i) => i[1]),
    );
  }

  /**
   * Problems a township found itself (自查/查摆, source selfInspection): what 单位查摆问题纠正率 counts.
   * The counties differ as on the tour: `county` corrects both, `hexi` one late, `nanling` leaves one.
   */
  private async selfInspection(c: County, businessKey: string, t0: number): Promise<void> {
    await this.at(t0);
    const township = c.townships[0];
    const items = [
      [
        say('自查发现：公务用车使用登记不全', 'Found ourselves: official car use not fully logged'),
        bj(7, 15, 18),
      ],
      [say('自查发现：村务公开不及时', 'Found ourselves: village affairs published late'), bj(9, 20, 18)],
    ] as const;
    const id = await this.e.open(c.users.officer, {
      workflow: 'rectification',
      businessKey,
      title: say(
        `${township.place}自查问题整改`,
        `${township.place}: correcting the problems it found itself`,
      ),
      subject: { ref: township.code, kind: 'organisation', name: partyCommittee(township) },
      source: 'selfInspection',
      unitLeader: township.leader,
      items: items.map(([description, due], i) => ({
        description,
        responsible: [say('党政办', 'Office'), say('党委', 'Party committee')][i],
        dueAt: iso(due),
      })),
    });
    await this.rectification(
      c,
      id,
      'tour',
      c.profile.tour.slice(1),
      items.map((i) => i[1]),
    );
  }

  /**
   * Whom the plan names (version 2: a 倒查 reaches them): the unit's discipline secretary (监督责任)
   * and a person for each item, made from the unit leader's ref.
   */
  private async planNames(id: string): Promise<Record<string, unknown>> {
    const ctx = await this.e.context(id);
    const leader = ctx.unitLeader as { ref: string };
    const items = ctx.items as { id: number; responsible: string }[];
    return {
      supervisor: {
        ref: `${leader.ref}-JW`,
        name: say('纪委书记', 'Discipline secretary'),
        post: say('纪委书记', 'Discipline secretary'),
      },
      owners: items.map((i) => ({ itemId: i.id, ref: `${leader.ref}-ZR${i.id}`, name: i.responsible })),
    };
  }

  /**
   * A rectification case's plan, items and verification. `paces` per item (the case's own items
   * otherwise: done on time when due within the year, else left open); escalation when items lapse.
   */
  private async rectification(
    c: County,
    id: string,
    kind: 'tour' | 'followUp',
    paces?: Pace[],
    dues?: number[],
  ): Promise<void> {
    const { officer, leader } = c.users;
    const t0 = this.timeline.time;
    const lagging = c.profile.tour.includes('missing');
    if (!this.inYear(t0 + 4 * DAY)) return;
    await this.at(t0 + 4 * DAY);
    await this.e.send(id, officer, 'SUBMIT_PLAN', {
      plan: say('整改方案：明确责任人和时限', 'Plan: who does what by when'),
      ...(await this.planNames(id)),
    });
    if (lagging && kind === 'followUp') {
      if (!this.inYear(t0 + 6 * DAY)) return;
      await this.at(t0 + 6 * DAY);
      await this.e.send(id, leader, 'RETURN_PLAN', {
        reason: say('整改措施不具体', 'the measures are not concrete'),
      });
      if (!this.inYear(t0 + 9 * DAY)) return;
      await this.at(t0 + 9 * DAY);
      await this.e.send(id, officer, 'SUBMIT_PLAN', {
        plan: say('修改后的整改方案', 'Revised plan with dates'),
        ...(await this.planNames(id)),
      });
    }
    const approveAt = t0 + (lagging && kind === 'followUp' ? 11 : 7) * DAY;
    if (!this.inYear(approveAt)) return;
    await this.at(approveAt);
    await this.e.send(id, leader, 'APPROVE_PLAN');
    if (kind === 'followUp') {
      // A decision's rectification: one item, due two months after the decision.
      const pace = c.profile.decisionRectification;
      const due = t0 + 60 * DAY;
      const doneAt = pace === 'onTime' ? due - 10 * DAY : pace === 'late' ? due + 15 * DAY : NaN;
      if (!Number.isFinite(doneAt) || !this.inYear(doneAt + 5 * DAY)) return;
      await this.at(doneAt);
      await this.e.send(id, officer, 'COMPLETE_ITEM', { itemId: 1, evidenceRef: 'ZG-1' });
      await this.at(doneAt + 5 * DAY);
      await this.e.send(id, leader, 'VERIFY', { passed: true, notes: say('整改到位', 'Rectified') });
      return;
    }
    const plan: { t: number; actor: Actor; type: string; payload?: unknown }[] = [];
    paces!.forEach((pace, i) => {
      if (pace === 'onTime')
        plan.push({
          t: dues![i] - 9 * DAY,
          actor: officer,
          type: 'COMPLETE_ITEM',
          payload: { itemId: i + 1, evidenceRef: `ZG-${i + 1}` },
        });
      if (pace === 'late')
        plan.push({
          t: dues![i] + 24 * DAY,
          actor: officer,
          type: 'COMPLETE_ITEM',
          payload: { itemId: i + 1, evidenceRef: `ZG-${i + 1}` },
        });
    });
    const firstLapse = paces!.findIndex((p) => p !== 'onTime');
    if (firstLapse >= 0) {
      const lapse = dues![firstLapse];
      plan.push({
        t: lapse + 7 * DAY,
        actor: officer,
        type: 'RECORD_NOTICE',
        payload: { noticeRef: `DB-${YEAR}-${c.tag}` },
      });
      if (paces!.includes('missing')) {
        // The talk and the referral follow the item never done: a late item done in between puts the
        // case back to rectifying until the missing one lapses.
        const missed = Math.max(lapse, dues![paces!.indexOf('missing')]);
        plan.push({
          t: missed + 18 * DAY,
          actor: leader,
          type: 'RECORD_TALK',
          payload: { summary: say('约谈乡党委书记', 'Talk with the township Party secretary') },
        });
        plan.push({
          t: missed + 30 * DAY,
          actor: leader,
          type: 'ESCALATE',
          payload: {
            reason: say('督办、约谈后仍未整改到位', 'Still not done after the notice and the talk'),
          },
        });
      }
    }
    if (!paces!.includes('missing')) {
      plan.push({
        t: Math.max(...plan.map((p) => p.t)) + 6 * DAY,
        actor: leader,
        type: 'VERIFY',
        payload: { passed: true, notes: say('整改到位', 'Rectified') },
      });
    }
    for (const s of plan.sort((a, b) => a.t - b.t)) {
      if (!this.inYear(s.t)) break;
      await this.at(s.t);
      const fresh = await this.e.send(id, s.actor, s.type, s.payload);
      this.followUp(c, fresh, `${c.code} inspection tour ${s.type.toLowerCase()}`);
    }
  }
}

// The application is closed by then (database, Redis): the process ends on its own.
main().catch((error: Error) => {
  process.stderr.write(`seed:demo failed: ${error.message}\n`);
  process.exitCode = 1;
});

/** The results applied after an assessment (考核结果运用): a reward for a good year, a talk or an adjustment after a poor one. */
function assessmentResults(grade: string, leader: { ref: string; name: string; post?: string }) {
  const counted = {
    kind: 'other',
    what: say('纳入领导班子年度考核', 'Counted in the leadership team’s annual appraisal'),
  };
  if (grade === 'excellent' || grade === 'good') {
    return [{ kind: 'reward', what: say('全县通报表扬', 'Commended in the county bulletin') }, counted];
  }
  const talk = {
    kind: 'talk',
    people: [leader],
    what: say('县纪委书记约谈', 'Talk with the county discipline head'),
  };
  if (grade === 'pass') return [talk, counted];
  return [
    talk,
    {
      kind: 'adjustment',
      people: [leader],
      what: say('当年不得评先评优、提拔使用', 'No honours or promotion this year'),
    },
    counted,
  ];
}
