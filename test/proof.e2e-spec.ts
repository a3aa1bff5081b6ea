/*
 * The history as evidence: the hash chain and replay check, the database's append-only guarantee,
 * what an attacker with the SQLite file can and cannot hide, and ordering under concurrent writers.
 */
import Database from 'better-sqlite3';
import { SAMPLE } from '../machines/accountability.fixtures';
import {
  decideAndDeliver,
  expectStatus,
  getCase,
  history,
  openBody,
  openCase,
  step,
  unique,
  users,
  walkToDecision,
  walkToInvestigation,
  type CaseView,
  type Users,
} from './support/procedure';
import { startTestApp, type TestApp } from './support/test-app';

interface VerifyResult {
  ok: boolean;
  checked: number;
  brokenAtSeq?: number;
  replayMatches: boolean;
  problems: string[];
}

let app: TestApp;
let u: Users;

beforeAll(async () => {
  app = await startTestApp();
  u = await users(app.baseUrl);
});

afterAll(async () => {
  await app?.close();
});

async function verify(caseId: string): Promise<VerifyResult> {
  return expectStatus(await u.supervisor.get<VerifyResult>(`/cases/${caseId}/verify`), 200).body;
}

/** A direct connection to the service's SQLite file, as someone with access to the disk would open it. */
function openDatabaseFile(): Database.Database {
  const db = new Database(app.dbPath);
  db.pragma('busy_timeout = 5000');
  return db;
}

function expectGapless(seqs: number[], n: number): void {
  expect(seqs).toEqual(Array.from({ length: n }, (_, i) => i + 1));
}

describe('verify: hash chain and replay', () => {
  it('a case that went through the procedure verifies: chain intact, replay matches', async () => {
    const opened = await openCase(u);
    await walkToDecision(u, opened.id);
    await decideAndDeliver(u, opened.id, SAMPLE.DECIDE);
    await step(u, opened.id, 'FILE_APPEAL');
    const current = await getCase(u.officer, opened.id);
    const entries = await history(u.officer, opened.id);
    expect(entries).toHaveLength(current.revision);

    expect(await verify(opened.id)).toEqual({ ok: true, checked: current.revision, replayMatches: true, problems: [] });
    // Each row points at the one before it.
    expect(entries[0].prevHash).toBe('0'.repeat(64));
    for (let i = 1; i < entries.length; i++) expect(entries[i].prevHash).toBe(entries[i - 1].hash);
  });

  it('the database refuses UPDATE and DELETE on the history; with the triggers dropped, a forged row is found', async () => {
    const victim = await openCase(u);
    await walkToDecision(u, victim.id);
    const bystander = await openCase(u);
    await walkToInvestigation(u, bystander.id);
    expect((await verify(victim.id)).ok).toBe(true);
    const before = await history(u.officer, victim.id);
    expect(before[2]).toMatchObject({ seq: 3, type: 'APPROVE_INVESTIGATION' });

    const db = openDatabaseFile();
    try {
      const triggers = db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'transition' ORDER BY name")
        .pluck()
        .all();
      expect(triggers).toEqual(['transition_no_delete', 'transition_no_update']);

      const forge = db.prepare('UPDATE "transition" SET payload = ? WHERE case_id = ? AND seq = ?');
      const forged = JSON.stringify({ note: 'approved by someone else entirely' });
      expect(() => forge.run(forged, victim.id, 3)).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM "transition" WHERE case_id = ? AND seq = ?').run(victim.id, 3)).toThrow(
        /append-only/,
      );
      expect(await history(u.officer, victim.id)).toEqual(before);
      expect((await verify(victim.id)).ok).toBe(true);

      // Going around the application: drop the triggers and rewrite one row.
      db.exec('DROP TRIGGER transition_no_update');
      db.exec('DROP TRIGGER transition_no_delete');
      expect(forge.run(forged, victim.id, 3).changes).toBe(1);
    } finally {
      db.close();
    }

    const result = await verify(victim.id);
    expect(result.ok).toBe(false);
    expect(result.brokenAtSeq).toBe(3);
    expect(result.checked).toBe(before.length);
    expect(result.problems.join('\n')).toMatch(/seq 3: hash does not match/);
    // Other cases are untouched, and still verify.
    expect(await verify(bystander.id)).toMatchObject({ ok: true, replayMatches: true });
  });

  it('a rewritten hash and a deleted row are found too', async () => {
    // The triggers are gone (previous test); put them back at the end so later tests see the guarantee.
    const victim = await openCase(u);
    await walkToDecision(u, victim.id);
    const db = openDatabaseFile();
    try {
      const row = db.prepare('SELECT hash FROM "transition" WHERE case_id = ? AND seq = 2').get(victim.id) as { hash: string };
      db.prepare('UPDATE "transition" SET hash = ? WHERE case_id = ? AND seq = 2').run('f'.repeat(64), victim.id);
      const result = await verify(victim.id);
      expect(result.ok).toBe(false);
      expect(result.brokenAtSeq).toBe(2);
      db.prepare('UPDATE "transition" SET hash = ? WHERE case_id = ? AND seq = 2').run(row.hash, victim.id);
      expect((await verify(victim.id)).ok).toBe(true);

      // A deleted row leaves a gap.
      db.prepare('DELETE FROM "transition" WHERE case_id = ? AND seq = 4').run(victim.id);
      const gap = await verify(victim.id);
      expect(gap.ok).toBe(false);
      expect(gap.brokenAtSeq).toBe(4);
    } finally {
      db.exec(`CREATE TRIGGER IF NOT EXISTS transition_no_update BEFORE UPDATE ON "transition"
        BEGIN SELECT RAISE(ABORT, 'transition history is append-only'); END`);
      db.exec(`CREATE TRIGGER IF NOT EXISTS transition_no_delete BEFORE DELETE ON "transition"
        BEGIN SELECT RAISE(ABORT, 'transition history is append-only'); END`);
      db.close();
    }
  });
});

describe('concurrent writers', () => {
  it('20 concurrent events with the same If-Match: exactly one wins, the rest get 409, seqs stay gapless', async () => {
    const opened = await openCase(u);
    const investigating = await walkToInvestigation(u, opened.id);
    const etag = `"${investigating.revision}"`;
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        u.officer.send<CaseView & { message?: string }>(opened.id, 'RECORD_STATEMENT', { statement: `statement ${i}` }, {
          'if-match': etag,
        }),
      ),
    );
    const statuses = replies.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    for (const loser of replies.filter((r) => r.status === 409)) expect(loser.body.message).toMatch(/revision/);

    const after = await getCase(u.officer, opened.id);
    expect(after.revision).toBe(investigating.revision + 1);
    const entries = await history(u.officer, opened.id);
    expectGapless(
      entries.map((e) => e.seq),
      investigating.revision + 1,
    );
    expect((after.context as { statements: unknown[] }).statements).toHaveLength(1);
    expect(await verify(opened.id)).toMatchObject({ ok: true, replayMatches: true, checked: investigating.revision + 1 });
  });

  it('20 concurrent events without If-Match are all applied, in some order, none lost', async () => {
    const opened = await openCase(u);
    const investigating = await walkToInvestigation(u, opened.id);
    const texts = Array.from({ length: 20 }, (_, i) => `statement ${i}`);
    const replies = await Promise.all(texts.map((statement) => u.officer.send(opened.id, 'RECORD_STATEMENT', { statement })));
    expect(replies.map((r) => r.status)).toEqual(texts.map(() => 200));

    const entries = await history(u.officer, opened.id);
    expect(entries).toHaveLength(investigating.revision + 20);
    expect(entries).toHaveLength(1 + 2 + 20); // OPEN, ACCEPT, APPROVE_INVESTIGATION, then the statements
    expectGapless(
      entries.map((e) => e.seq),
      entries.length,
    );
    const recorded = entries.filter((e) => e.type === 'RECORD_STATEMENT').map((e) => e.payload.statement as string);
    expect(recorded.sort()).toEqual([...texts].sort());
    const after = await getCase(u.officer, opened.id);
    expect(after.revision).toBe(entries.length);
    expect((after.context as { statements: { text: string }[] }).statements.map((s) => s.text).sort()).toEqual([...texts].sort());
    // A self-transition does not re-arm the time limit: still exactly one investigation deadline.
    expect(after.deadlines.filter((d) => d.kind === 'investigation')).toEqual([expect.objectContaining({ status: 'pending' })]);
    expect(await verify(opened.id)).toMatchObject({ ok: true, replayMatches: true, checked: entries.length });
  });

  it('20 concurrent opens with one businessKey create one case: one 201, the rest 200 with its id', async () => {
    const businessKey = unique('RACE-');
    const body = openBody({ businessKey });
    const replies = await Promise.all(Array.from({ length: 20 }, () => u.integration.post<CaseView>('/cases', body)));
    expect(replies.filter((r) => r.status === 201)).toHaveLength(1);
    expect(replies.filter((r) => r.status === 200)).toHaveLength(19);
    expect(new Set(replies.map((r) => r.body.id)).size).toBe(1);
    const listed = await u.officer.get<{ items: CaseView[] }>(`/cases?q=${businessKey}`);
    expect(listed.body.items).toHaveLength(1);
  });
});
