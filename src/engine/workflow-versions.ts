import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { Clock } from './clock';
import { isUniqueViolation } from './persistence/driver-errors';
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
    const rows: { workflow: string; workflow_version: number | string; state: string; n: number | string }[] =
      await this.tx.dataSource.query(
        `SELECT workflow, workflow_version, state, COUNT(*) AS n FROM "case" GROUP BY workflow, workflow_version, state`,
      );
    const out = new Map<string, StrandedCases>();
    for (const r of rows) {
      const version = Number(r.workflow_version);
      const shape = this.shapes.get(`${r.workflow}@${version}`);
      if (!shape) continue;
      const known = statePaths(shape);
      const unknown = r.state.split(',').filter((p) => !known.has(p));
      if (!unknown.length) continue;
      const key = `${r.workflow}@${version}`;
      const entry = out.get(key) ?? { workflow: r.workflow, version, cases: 0, states: [] };
      entry.cases += Number(r.n);
      entry.states = [...new Set([...entry.states, ...unknown])].sort();
      out.set(key, entry);
    }
    return [...out.values()];
  }
}
