/*
 * The per-unit counts the store keeps by trigger (migration 1766100000000-unit-counts) stay equal to
 * what they count, whatever is written to the rows: random sequences of inserts, updates (a limit
 * firing, settled, flagged, moved to another unit; a measure lifted, restored, moved, re-dated across
 * a year's edge in Beijing) and deletes, straight to the store, on SQLite and (npm run test:pg)
 * PostgreSQL. After each sequence:
 *   - overdue_count equals the deadline rows isOverdue (persistence/overdue.ts) holds, by unit and kind;
 *   - measure_count equals the measures not lifted by unit, Beijing year of decision and type;
 *   - restriction holds, per unit and person, the latest end of an impact period among their measures
 *     not lifted, and restriction_count those by unit and the month it falls in.
 * The expected figures come from a model of the rows kept here, not from SQL.
 */
import fc from 'fast-check';
import { isOverdue } from '../src/engine/persistence/overdue';
import { startTestApp } from './support/test-app';
import { createTestStore, type TestStore } from './support/test-store';

const UNITS = ['uc-a', 'uc-b', 'uc-c'];
const KINDS = ['investigation', 'hearing'];
const STATUSES = ['pending', 'fired', 'cancelled'];
const TYPES = ['notice', 'formalWarning', 'partyWarning'];
/** Instants on both sides of 2026's first instant in Beijing (2025-12-31T16:00Z), and others. */
const INSTANTS = [
  '2025-06-01T00:00:00.000Z',
  '2025-12-31T15:59:59.999Z',
  '2025-12-31T16:00:00.000Z',
  '2026-12-31T15:59:59.999Z',
  '2026-12-31T16:00:00.000Z',
];

interface DeadlineRow {
  id: string;
  unitId: string;
  kind: string;
  status: string;
  flagsOverdue: boolean;
  settledAt: string | null;
}
interface MeasureRow {
  id: string;
  unitId: string;
  subjectRef: string;
  type: string;
  decidedAt: string;
  impactUntil: string | null;
  liftedAt: string | null;
}

const deadlineField = {
  unitId: fc.constantFrom(...UNITS),
  kind: fc.constantFrom(...KINDS),
  // fired twice as often: most rows that count are fired
  status: fc.constantFrom('fired', ...STATUSES),
  flagsOverdue: fc.boolean(),
  settledAt: fc.constantFrom(null, '2026-03-01T00:00:00.000Z'),
};
const measureField = {
  unitId: fc.constantFrom(...UNITS),
  subjectRef: fc.constantFrom('person-1', 'person-2'),
  type: fc.constantFrom(...TYPES),
  // ends of impact periods in one month and the next: a person's latest is kept by the month it ends in
  impactUntil: fc.constantFrom(
    null,
    '2026-12-10T00:00:00.000Z',
    '2026-12-31T23:59:59.999Z',
    '2027-01-01T00:00:00.000Z',
  ),
  decidedAt: fc.constantFrom(...INSTANTS),
  liftedAt: fc.constantFrom(null, '2026-06-01T00:00:00.000Z'),
};
/** Some fields of a row: mostly one alone (a change of that column only, which a trigger must see), else several. */
function someOf<T extends Record<string, fc.Arbitrary<unknown>>>(fields: T) {
  const one = Object.entries(fields).map(([name, arbitrary]) => arbitrary.map((v) => ({ [name]: v })));
  return fc.oneof(
    { arbitrary: fc.oneof(...one), weight: 3 },
    { arbitrary: fc.record(fields, { requiredKeys: [] }), weight: 1 },
  ) as fc.Arbitrary<Partial<{ [K in keyof T]: T[K] extends fc.Arbitrary<infer V> ? V : never }>>;
}
const deadlineFields = someOf(deadlineField);
const measureFields = someOf(measureField);
const operation = fc.oneof(
  fc.record({ op: fc.constant('insertDeadline' as const), fields: deadlineFields }),
  {
    arbitrary: fc.record({
      op: fc.constant('updateDeadline' as const),
      at: fc.nat(),
      fields: deadlineFields,
    }),
    weight: 3,
  },
  fc.record({ op: fc.constant('deleteDeadline' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('insertMeasure' as const), fields: measureFields }),
  {
    arbitrary: fc.record({ op: fc.constant('updateMeasure' as const), at: fc.nat(), fields: measureFields }),
    weight: 3,
  },
  fc.record({ op: fc.constant('deleteMeasure' as const), at: fc.nat() }),
);
type Operation = typeof operation extends fc.Arbitrary<infer T> ? T : never;

const COLUMNS: Record<string, string> = {
  unitId: 'unit_id',
  kind: 'kind',
  status: 'status',
  flagsOverdue: 'flags_overdue',
  settledAt: 'settled_at',
  type: 'type',
  decidedAt: 'decided_at',
  liftedAt: 'lifted_at',
  subjectRef: 'subject_ref',
  impactUntil: 'impact_until',
};

/** The calendar year of an instant in Beijing (UTC+8). */
const beijingYear = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).getUTCFullYear();

function tally(keys: string[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
}

describe('per-unit counts kept by the store', () => {
  let store: TestStore;
  let serial = 0;

  beforeAll(async () => {
    store = await createTestStore();
    // the service's migrations make the schema; the rows are then written around it
    const app = await startTestApp({ WENZE_ROLE: 'api' }, { store });
    await app.close();
  });

  afterAll(async () => {
    await store?.drop();
  });

  const bool = (value: boolean) => (store.kind === 'postgres' ? value : value ? 1 : 0);
  const value = (field: string, v: unknown) => (field === 'flagsOverdue' ? bool(v as boolean) : v);

  async function apply(op: Operation, deadlines: DeadlineRow[], measures: MeasureRow[]): Promise<void> {
    const id = () => `uc-${process.pid}-${++serial}`;
    switch (op.op) {
      case 'insertDeadline': {
        const row = {
          id: id(),
          unitId: 'uc-a',
          kind: 'investigation',
          status: 'fired',
          flagsOverdue: true,
          settledAt: null,
          ...op.fields,
        };
        await store.exec(
          `INSERT INTO deadline (id, case_id, unit_id, kind, due_at, status, send_id, flags_overdue, provisional, created_at, settled_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [
            row.id,
            row.id,
            row.unitId,
            row.kind,
            '2026-01-01T00:00:00.000Z',
            row.status,
            'TIMEOUT',
            bool(row.flagsOverdue),
            bool(false),
            '2026-01-01T00:00:00.000Z',
            row.settledAt,
          ],
        );
        deadlines.push(row);
        return;
      }
      case 'insertMeasure': {
        const row = {
          id: id(),
          unitId: 'uc-a',
          subjectRef: 'person-1',
          type: 'notice',
          decidedAt: INSTANTS[0],
          impactUntil: '2026-12-10T00:00:00.000Z',
          liftedAt: null,
          ...op.fields,
        };
        await store.exec(
          `INSERT INTO measure (id, subject_id, subject_ref, case_id, unit_id, type, decided_at, impact_until, lifted_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [
            row.id,
            row.id,
            row.subjectRef,
            row.id,
            row.unitId,
            row.type,
            row.decidedAt,
            row.impactUntil,
            row.liftedAt,
          ],
        );
        measures.push(row);
        return;
      }
      case 'updateDeadline':
      case 'updateMeasure': {
        const rows: (DeadlineRow | MeasureRow)[] = op.op === 'updateDeadline' ? deadlines : measures;
        const fields = Object.entries(op.fields);
        if (!rows.length || !fields.length) return;
        const row = rows[op.at % rows.length];
        const table = op.op === 'updateDeadline' ? 'deadline' : 'measure';
        await store.exec(
          `UPDATE ${table} SET ${fields.map(([f]) => `${COLUMNS[f]} = ?`).join(', ')} WHERE id = ?`,
          [...fields.map(([f, v]) => value(f, v)), row.id],
        );
        Object.assign(row, op.fields);
        return;
      }
      case 'deleteDeadline':
      case 'deleteMeasure': {
        const rows: { id: string }[] = op.op === 'deleteDeadline' ? deadlines : measures;
        if (!rows.length) return;
        const [row] = rows.splice(op.at % rows.length, 1);
        await store.exec(`DELETE FROM ${op.op === 'deleteDeadline' ? 'deadline' : 'measure'} WHERE id = ?`, [
          row.id,
        ]);
      }
    }
  }

  async function stored(sql: string): Promise<[string, number][]> {
    const rows = await store.query<{ k: string; n: number | string }>(sql);
    return rows
      .map((r) => [r.k, Number(r.n)] as [string, number])
      .filter(([, n]) => n !== 0)
      .sort(([a], [b]) => (a < b ? -1 : 1));
  }

  it('equal what they count after any sequence of writes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 30 }), async (ops) => {
        await store.exec(`DELETE FROM deadline`);
        await store.exec(`DELETE FROM measure`);
        // a run starts from none: a count left wrong by one run would fail every run after it
        await store.exec(`DELETE FROM overdue_count`);
        await store.exec(`DELETE FROM measure_count`);
        await store.exec(`DELETE FROM restriction`);
        await store.exec(`DELETE FROM restriction_count`);
        const deadlines: DeadlineRow[] = [];
        const measures: MeasureRow[] = [];
        for (const op of ops) await apply(op, deadlines, measures);

        const overdue = tally(deadlines.filter((d) => isOverdue(d)).map((d) => `${d.unitId}/${d.kind}`));
        expect(await stored(`SELECT unit_id || '/' || kind AS k, n FROM overdue_count`)).toEqual(overdue);
        const inForce = tally(
          measures
            .filter((m) => m.liftedAt === null)
            .map((m) => `${m.unitId}/${beijingYear(m.decidedAt)}/${m.type}`),
        );
        expect(
          await stored(`SELECT unit_id || '/' || year || '/' || type AS k, n FROM measure_count`),
        ).toEqual(inForce);
        // per unit and person, the latest end of an impact period among the measures in force
        const latest = new Map<string, string>();
        for (const m of measures) {
          if (m.liftedAt !== null || m.impactUntil === null) continue;
          const key = `${m.unitId}/${m.subjectRef}`;
          if ((latest.get(key) ?? '') < m.impactUntil) latest.set(key, m.impactUntil);
        }
        const restrictions = await store.query<{ k: string; until: string }>(
          `SELECT unit_id || '/' || subject_ref AS k, until FROM restriction`,
        );
        expect(restrictions.map((r) => [r.k, r.until]).sort()).toEqual([...latest.entries()].sort());
        const ends = [...latest.entries()].map(([key, until]) => `${key.split('/')[0]}/${until.slice(0, 7)}`);
        expect(await stored(`SELECT unit_id || '/' || month AS k, n FROM restriction_count`)).toEqual(
          tally(ends),
        );
      }),
      { numRuns: 100 },
    );
  }, 300_000);
});
