/*
 * Times each figure of the indices (workflows/indices.ts) over a data set of `npm run bench:reads`, one
 * facts() call at a time, then all of them together, then the whole report (IndicesService.report, as
 * GET /indices without HTTP) of the first unit of each set; writes every figure's facts to a JSON file
 * (to compare before and after a change), and, for a figure that declares them, its counts (what the
 * report reads). Not part of `npm run bench`. A unit set is codes with commas.
 *
 *   BENCH_READS_CASES=100000 node -r ts-node/register/transpile-only bench/indices-facts.ts <out.json> [units...]
 *   DATABASE_URL=postgres://…/wenze_reads_100000 …   PostgreSQL
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { INDICES } from '../workflows/indices';
import { dataSourceOptions } from '../src/engine/persistence/data-source.options';
import { SqlIndexQueries } from '../src/indices/index-queries';
import { IndicesService } from '../src/indices/indices.service';
import { Clock } from '../src/engine/clock';
import { Jurisdiction } from '../src/engine/units/jurisdiction';
import { TransactionRunner } from '../src/engine/persistence/transaction.runner';
import { CaseTallyBuilder } from '../src/engine/tally/case-tally.builder';
import { WorkflowRegistry } from '../src/engine/workflow.registry';
import { CATALOGUE } from '../workflows';
import type { IndexCount, IndexDefinition } from '../src/engine/index.types';

const CASES = Number(process.env.BENCH_READS_CASES ?? 1_000_000);
const ROUNDS = Number(process.env.ROUNDS ?? 5);
let mismatches = 0;

/** Sums per unit as text (units whose sums are both zero left out), to compare counts with facts. */
function sumsByUnit(rows: readonly IndexCount[]): string {
  const sums = new Map<string, [number, number]>();
  for (const r of rows) {
    const [n, d] = sums.get(r.unit) ?? [0, 0];
    sums.set(r.unit, [n + r.numerator, d + r.denominator]);
  }
  return JSON.stringify([...sums].filter(([, [n, d]]) => n || d).sort(([x], [y]) => x.localeCompare(y)));
}

async function main(): Promise<void> {
  const [out, ...asked] = process.argv.slice(2);
  const units = asked.length ? asked : ['c01k01'];
  const db = new DataSource(
    dataSourceOptions({
      DATABASE_URL: process.env.DATABASE_URL,
      DATABASE_PATH: join(
        process.env.BENCH_READS_DIR ?? '/tmp/wenze-reads',
        `sqlite-${CASES}`,
        'wenze.sqlite',
      ),
    }),
  );
  await db.initialize();
  const now = process.env.NOW ?? new Date().toISOString();
  const year = Number(process.env.YEAR ?? 2026);
  const figures: [string, IndexDefinition][] = [
    ...INDICES.rates.map((r) => [r.code, r] as [string, IndexDefinition]),
    ['softMeasures', INDICES.softMeasures],
    ['linkedCases', INDICES.linkedCases],
    ['declinedClues', INDICES.declinedClues],
    ['restrictedNow', INDICES.restrictedNow],
  ];
  const result: Record<string, unknown> = {};
  const median = (times: number[]) => [...times].sort((a, b) => a - b)[times.length >> 1];
  for (const unitSet of units) {
    const codes = unitSet.split(',');
    const reach = { kind: 'subtree', unit: 'prov', path: '/prov/' } as const;
    // each figure alone, on queries of its own (as if no other figure had read anything)
    for (const [name, f] of figures) {
      const times: number[] = [];
      let facts: unknown[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        const q = new SqlIndexQueries(db, now, reach, codes, year);
        const t = performance.now();
        facts = await f.facts(q);
        times.push(performance.now() - t);
      }
      result[`${unitSet} ${name}`] = facts;
      process.stdout.write(
        `${unitSet.slice(0, 12)} ${name.padEnd(26)} median ${median(times).toFixed(1)} ms, ` +
          `min ${Math.min(...times).toFixed(1)} ms, ${facts.length} facts\n`,
      );
      if (!f.counts) continue;
      const countTimes: number[] = [];
      let counts: IndexCount[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        const q = new SqlIndexQueries(db, now, reach, codes, year);
        const t = performance.now();
        counts = await f.counts(q);
        countTimes.push(performance.now() - t);
      }
      // the counts must sum to the facts, unit by unit: say so loudly when they do not
      const [byCounts, byFacts] = [sumsByUnit(counts), sumsByUnit(facts as IndexCount[])];
      if (byCounts !== byFacts) {
        mismatches++;
        process.stdout.write(`MISMATCH ${unitSet} ${name}: counts ${byCounts} facts ${byFacts}\n`);
      }
      process.stdout.write(
        `${unitSet.slice(0, 12)} ${`${name} (counts)`.padEnd(26)} median ${median(countTimes).toFixed(1)} ms, ` +
          `min ${Math.min(...countTimes).toFixed(1)} ms\n`,
      );
    }
    // every figure on one set of queries, together (as GET /indices asks them)
    const times: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const q = new SqlIndexQueries(db, now, reach, codes, year);
      const t = performance.now();
      await Promise.all(figures.map(([, f]) => f.facts(q)));
      times.push(performance.now() - t);
    }
    process.stdout.write(
      `${unitSet.slice(0, 12)} ${'ALL FIGURES'.padEnd(26)} median ${median(times).toFixed(1)} ms, ` +
        `min ${Math.min(...times).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms\n`,
    );
    const clock = new Clock();
    const tx = new TransactionRunner(db);
    const tallies = new CaseTallyBuilder(tx, new WorkflowRegistry(CATALOGUE));
    const service = new IndicesService(db, CATALOGUE, clock, new Jurisdiction(db, clock, tx), tallies);
    const actor = { sub: 'bench-supervisor', roles: ['supervisor'], unit: 'prov' };
    const reports: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const t = performance.now();
      await service.report(actor, year, codes[0]);
      reports.push(performance.now() - t);
    }
    process.stdout.write(
      `${codes[0].padEnd(12)} ${'REPORT'.padEnd(26)} median ${median(reports).toFixed(1)} ms, ` +
        `min ${Math.min(...reports).toFixed(1)} ms, max ${Math.max(...reports).toFixed(1)} ms\n`,
    );
  }
  writeFileSync(out, JSON.stringify(result, null, 1));
  await db.destroy();
  process.stdout.write(
    mismatches ? `${mismatches} figures' counts differ from their facts\n` : 'counts = facts\n',
  );
  if (mismatches) process.exitCode = 1;
}

void main();
