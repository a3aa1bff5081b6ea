/*
 * Run in a child Node process by test/indices-counts.e2e-spec.ts (NestJS is ESM-only, which Jest's
 * module runtime cannot load, and the index queries import it): on the store of DATABASE_URL or
 * DATABASE_PATH, for every figure of INDICES that declares `counts`, every unit set and every year
 * asked, prints the figure's counts and its facts (unit, numerator, denominator) as one JSON line.
 *
 *   node -r ./test/support/ts-register.js test/support/index-counts.ts '{"reach":…,"unitSets":[[…]],"years":[…],"now":"…"}'
 */
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/engine/persistence/data-source.options';
import type { IndexDefinition } from '../../src/engine/index.types';
import type { Reach } from '../../src/engine/units/jurisdiction';
import { SqlIndexQueries } from '../../src/indices/index-queries';
import { INDICES } from '../../workflows/indices';

export interface CountsAsk {
  reach: Reach;
  unitSets: string[][];
  years: number[];
  now: string;
}

export interface Sums {
  unit: string;
  numerator: number;
  denominator: number;
}

export interface CountsRead {
  figure: string;
  units: string[];
  year: number;
  counts: Sums[];
  facts: Sums[];
}

/** Every figure of the catalogue by name: the rates by their code, then the other figures. */
export function figuresOf(): [string, IndexDefinition][] {
  return [
    ...INDICES.rates.map((r) => [r.code, r] as [string, IndexDefinition]),
    ['softMeasures', INDICES.softMeasures],
    ['linkedCases', INDICES.linkedCases],
    ['declinedClues', INDICES.declinedClues],
    ['restrictedNow', INDICES.restrictedNow],
  ];
}

const sums = (rows: readonly Sums[]): Sums[] =>
  rows.map(({ unit, numerator, denominator }) => ({ unit, numerator, denominator }));

async function main(): Promise<void> {
  const ask = JSON.parse(process.argv[2]) as CountsAsk;
  const db = new DataSource(
    dataSourceOptions({
      DATABASE_URL: process.env.DATABASE_URL,
      DATABASE_PATH: process.env.DATABASE_PATH ?? '',
    }),
  );
  await db.initialize();
  try {
    const read: CountsRead[] = [];
    for (const [figure, definition] of figuresOf()) {
      if (!definition.counts) continue;
      for (const units of ask.unitSets) {
        for (const year of ask.years) {
          // queries of their own for each: a report's shared reads would hide nothing, but prove nothing
          const q = () => new SqlIndexQueries(db, ask.now, ask.reach, units, year);
          read.push({
            figure,
            units,
            year,
            counts: sums(await definition.counts(q())),
            facts: sums(await definition.facts(q())),
          });
        }
      }
    }
    process.stdout.write(`${JSON.stringify(read)}\n`);
  } finally {
    await db.destroy();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  });
}
