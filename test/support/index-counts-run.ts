/*
 * The spawning side of test/support/index-counts.ts, for the test files: a figure's `counts` and its
 * `facts` read in a child Node process on the test's store (the index queries import NestJS, which
 * Jest's module runtime cannot load in-process), and the sums per unit they are compared by.
 */
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { CountsAsk, CountsRead, Sums } from './index-counts';
import { TS_REGISTER } from './test-app';
import type { TestStore } from './test-store';

export type { CountsAsk, CountsRead, Sums } from './index-counts';

const ROOT = resolve(__dirname, '..', '..');

/** The counts and the facts of every figure that declares counts, read in a child process on the store. */
export async function countsAndFacts(store: TestStore, ask: CountsAsk): Promise<CountsRead[]> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['-r', TS_REGISTER, join(__dirname, 'index-counts.ts'), JSON.stringify(ask)],
    {
      cwd: ROOT,
      env: { ...process.env, ...store.env },
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  return JSON.parse(stdout) as CountsRead[];
}

/** Sums per unit, units whose sums are both zero left out (a count may list them or not). */
export function perUnit(rows: readonly Sums[]): Record<string, [number, number]> {
  const sums = new Map<string, [number, number]>();
  for (const r of rows) {
    const [n, d] = sums.get(r.unit) ?? [0, 0];
    sums.set(r.unit, [n + r.numerator, d + r.denominator]);
  }
  return Object.fromEntries([...sums].filter(([, [n, d]]) => n || d).sort(([x], [y]) => x.localeCompare(y)));
}

/**
 * Every read's counts against its facts, unit by unit, as one comparison (a failure names the figure,
 * the units asked and the year of each read that differs, with both sums).
 */
export function mismatches(read: readonly CountsRead[]) {
  return read
    .map((r) => ({
      where: `${r.figure} for ${r.units.join(',')} in ${r.year}`,
      counts: perUnit(r.counts),
      facts: perUnit(r.facts),
    }))
    .filter((r) => JSON.stringify(r.counts) !== JSON.stringify(r.facts));
}
