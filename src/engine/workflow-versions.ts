import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { Clock } from './clock';
import { isUniqueViolation } from './persistence/driver-errors';
import { readCount, readPrepared } from './persistence/prepared-statements';
import { TransactionRunner } from './persistence/transaction.runner';
import { WorkflowFingerprintEntity } from './persistence/workflow-fingerprint.entity';
import { WorkflowRegistry } from './workflow.registry';
import type { WorkflowDefinition } from './workflow.types';
import {
  fingerprintOf,
  machineShape,
  shapeDifferences,
  statePaths,
  type MachineShape,
} from './workflow-fingerprint';

/** Cases stored in states their workflow version does not know, per workflow@version (counts only). */
export interface StrandedCases {
  workflow: string;
  version: number;
  cases: number;
  /** The unknown state paths (machine state names, never case contents). */
  states: string[];
}

const STRANDED_TTL_MS = 60_000;

/** A workflow version and a state its cases are stored in. */
interface VersionState {
  workflow: string;
  version: number;
  state: string;
}
type VersionStateRow = { workflow: string; workflow_version: number | string; state: string };

const VERSION_STATES = 'SELECT workflow, workflow_version, state FROM "case"';
const VERSION_STATE_ORDER = 'ORDER BY workflow, workflow_version, state LIMIT 1';
/**
 * The first stored (workflow, version, state), and the next one after a given one: the next state of
 * its version, else the first of the next version, else of the next workflow. Each is one seek of the
 * index with an equal prefix; a row comparison (workflow, version, state) > (…) made SQLite walk the
 * rest of the workflow's entries instead (5 ms a step at 1,000,000 cases, 0.03 ms this way).
 */
const FIRST_VERSION_STATE = `${VERSION_STATES} ${VERSION_STATE_ORDER}`;
const NEXT_STATE = `${VERSION_STATES} WHERE workflow = ? AND workflow_version = ? AND state > ? ${VERSION_STATE_ORDER}`;
const NEXT_VERSION = `${VERSION_STATES} WHERE workflow = ? AND workflow_version > ? ${VERSION_STATE_ORDER}`;
const NEXT_WORKFLOW = `${VERSION_STATES} WHERE workflow > ? ${VERSION_STATE_ORDER}`;
const CASES_IN_VERSION_STATE =
  'SELECT COUNT(*) AS n FROM "case" WHERE workflow = ? AND workflow_version = ? AND state = ?';

/**
 * A deployed workflow version is immutable. At start each version's machine fingerprint is compared
 * with the one recorded when that version was first deployed (and recorded if it is new): a machine
 * changed in place refuses the start. Cases whose stored state their version does not know are
 * logged at start and counted for GET /health.
 */
@Injectable()
export class WorkflowVersions implements OnModuleInit {
  private readonly logger = new Logger(WorkflowVersions.name);
  private readonly shapes = new Map<string, MachineShape>();
  private cached?: { at: number; value: Promise<StrandedCases[]> };

  constructor(
    private readonly registry: WorkflowRegistry,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  async onModuleInit(): Promise<void> {
    const problems: string[] = [];
    for (const wf of this.registry.everyVersion()) {
      const shape = machineShape(wf);
      this.shapes.set(`${wf.name}@${wf.version}`, shape);
      const problem = await this.check(wf, shape);
      if (problem) problems.push(problem);
    }
    if (problems.length) throw new Error(problems.join('\n'));
    const stranded = await this.stranded();
    for (const s of stranded) {
      this.logger.warn(
        `${s.cases} case(s) of ${s.workflow}@${s.version} are stored in states the version does not know ` +
          `(${s.states.join(', ')}): they can be read but not advanced until migrated`,
      );
    }
  }

  /** The version's recorded fingerprint, recorded now when it is deployed for the first time. */
  private async check(wf: WorkflowDefinition, shape: MachineShape): Promise<string | null> {
    const fingerprint = fingerprintOf(shape);
    const repo = this.tx.dataSource.getRepository(WorkflowFingerprintEntity);
    let recorded = await repo.findOneBy({ workflow: wf.name, version: wf.version });
    if (!recorded) {
      const row = {
        workflow: wf.name,
        version: wf.version,
        fingerprint,
        definition: JSON.stringify(shape),
        deployedAt: this.clock.now().toISOString(),
      };
      try {
        await repo.insert(row);
        return null;
      } catch (error) {
        // Another process deploying at the same moment recorded it first: compare with theirs.
        if (!isUniqueViolation(error)) throw error;
        recorded = await repo.findOneByOrFail({ workflow: wf.name, version: wf.version });
      }
    }
    if (recorded.fingerprint === fingerprint) return null;
    const before = JSON.parse(recorded.definition) as MachineShape;
    const what = shapeDifferences(before, shape);
    return (
      `Workflow ${wf.name} version ${wf.version} changed in place: its machine differs from the one first ` +
      `deployed on ${recorded.deployedAt} (fingerprint ${recorded.fingerprint.slice(0, 12)}…, now ` +
      `${fingerprint.slice(0, 12)}…)${what.length ? `: ${what.join('; ')}` : ''}. A deployed version is ` +
      `immutable: deploy the change as a new version number and keep version ${wf.version} as it was.`
    );
  }

  /** Cases in states their (deployed) version does not know; computed at most once a minute. */
  stranded(): Promise<StrandedCases[]> {
    const now = Date.now();
    if (!this.cached || now - this.cached.at > STRANDED_TTL_MS) {
      this.cached = { at: now, value: this.countStranded() };
      this.cached.value.catch(() => (this.cached = undefined));
    }
    return this.cached.value;
  }

  private async countStranded(): Promise<StrandedCases[]> {
    const out = new Map<string, StrandedCases>();
    for (const stored of await this.versionStates()) {
      const shape = this.shapes.get(`${stored.workflow}@${stored.version}`);
      if (!shape) continue;
      const known = statePaths(shape);
      const unknown = stored.state.split(',').filter((p) => !known.has(p));
      if (!unknown.length) continue;
      const key = `${stored.workflow}@${stored.version}`;
      const entry = out.get(key) ?? {
        workflow: stored.workflow,
        version: stored.version,
        cases: 0,
        states: [],
      };
      entry.cases += await this.casesIn(stored);
      entry.states = [...new Set([...entry.states, ...unknown])].sort();
      out.set(key, entry);
    }
    return [...out.values()];
  }

  /**
   * The distinct (workflow, version, state) of the stored cases, in order: one seek of
   * IDX_case_version_state each (a loose index scan), never a pass over every case.
   */
  private async versionStates(): Promise<VersionState[]> {
    const found: VersionState[] = [];
    let row = await this.firstRow(FIRST_VERSION_STATE, []);
    while (row) {
      const stored = { workflow: row.workflow, version: Number(row.workflow_version), state: row.state };
      found.push(stored);
      row =
        (await this.firstRow(NEXT_STATE, [stored.workflow, stored.version, stored.state])) ??
        (await this.firstRow(NEXT_VERSION, [stored.workflow, stored.version])) ??
        (await this.firstRow(NEXT_WORKFLOW, [stored.workflow]));
    }
    return found;
  }

  private async firstRow(sql: string, params: unknown[]): Promise<VersionStateRow | undefined> {
    return (await readPrepared<VersionStateRow>(this.tx.dataSource, sql, params))[0];
  }

  private casesIn(stored: VersionState): Promise<number> {
    return readCount(this.tx.dataSource, CASES_IN_VERSION_STATE, [
      stored.workflow,
      stored.version,
      stored.state,
    ]);
  }
}
