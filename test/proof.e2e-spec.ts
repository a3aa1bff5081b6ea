/*
 * The history as evidence: the hash chain and replay check, the database's append-only guarantee,
 * what an attacker with access to the database can and cannot hide, and ordering under concurrent writers.
 */
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
import { chainHash } from '../src/engine/history/hash-chain';

interface VerifyResult {
  ok: boolean;
  checked: number;
  brokenAtSeq?: number;
  replayMatches: boolean;
  replayDiffersAtSeq?: number;
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

/** The append-only triggers, as the migration made them for this store. */
async function triggerNames(): Promise<string[]> {
  const sql =
    app.store.kind === 'postgres'
      ? `SELECT tgname AS name FROM pg_trigger WHERE tgrelid = '"transition"'::regclass AND NOT tgisinternal ORDER BY 1`
      : "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'transition' ORDER BY name";
  return (await app.store.query<{ name: string }>(sql)).map((r) => r.name);
}

/** Going around the application, as someone with access to the database would. */
async function dropTriggers(): Promise<void> {
  for (const name of await triggerNames())
    await app.store.exec(`DROP TRIGGER ${name}${app.store.kind === 'postgres' ? ' ON "transition"' : ''}`);
}

async function restoreTriggers(): Promise<void> {
  if (app.store.kind === 'postgres') {
    await app.store
      .exec(`CREATE OR REPLACE TRIGGER transition_append_only BEFORE UPDATE OR DELETE ON "transition"
      FOR EACH ROW EXECUTE FUNCTION wenze_history_append_only()`);
    return;
  }
  for (const op of ['UPDATE', 'DELETE']) {
    await app.store
      .exec(`CREATE TRIGGER IF NOT EXISTS transition_no_${op.toLowerCase()} BEFORE ${op} ON "transition"
      BEGIN SELECT RAISE(ABORT, 'transition history is append-only'); END`);
  }
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

    expect(await verify(opened.id)).toEqual({
      ok: true,
      checked: current.revision,
      replayMatches: true,
      filesChecked: 0,
      filesHashed: 0,
      filesIntact: true,
      problems: [],
    });
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

    expect(await triggerNames()).toEqual(
      app.store.kind === 'postgres'
        ? ['transition_append_only']
        : ['transition_no_delete', 'transition_no_update'],
    );
    const forge = 'UPDATE "transition" SET payload = ? WHERE case_id = ? AND seq = ?';
    const forged = JSON.stringify({ note: 'approved by someone else entirely' });
    await expect(app.store.exec(forge, [forged, victim.id, 3])).rejects.toThrow(/append-only/);
    await expect(
      app.store.exec('DELETE FROM "transition" WHERE case_id = ? AND seq = ?', [victim.id, 3]),
    ).rejects.toThrow(/append-only/);
    expect(await history(u.officer, victim.id)).toEqual(before);
    expect((await verify(victim.id)).ok).toBe(true);

    // Going around the application: drop the triggers and rewrite one row.
    await dropTriggers();
    expect(await app.store.exec(forge, [forged, victim.id, 3])).toBe(1);

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
    try {
      const [row] = await app.store.query<{ hash: string }>(
        'SELECT hash FROM "transition" WHERE case_id = ? AND seq = 2',
        [victim.id],
      );
      const rewrite = 'UPDATE "transition" SET hash = ? WHERE case_id = ? AND seq = 2';
      await app.store.exec(rewrite, ['f'.repeat(64), victim.id]);
      const result = await verify(victim.id);
      expect(result.ok).toBe(false);
      expect(result.brokenAtSeq).toBe(2);
      await app.store.exec(rewrite, [row.hash, victim.id]);
      expect((await verify(victim.id)).ok).toBe(true);

      // A deleted row leaves a gap.
      await app.store.exec('DELETE FROM "transition" WHERE case_id = ? AND seq = 4', [victim.id]);
      const gap = await verify(victim.id);
      expect(gap.ok).toBe(false);
      expect(gap.brokenAtSeq).toBe(4);
    } finally {
      await restoreTriggers();
    }
  });
});

describe('verify names the row', () => {
  it('a row rewritten with a fitting hash keeps the chain, but replay differs — and verify says at which seq', async () => {
    const victim = await openCase(u);
    const decided = await walkToDecision(u, victim.id);
    const last = decided.revision;
    await dropTriggers();
    try {
      const [row] = await app.store.query<{
        type: string;
        payload: string;
        actor_sub: string;
        actor_roles: string;
        from_state: string | null;
        to_state: string;
        at: string;
        prev_hash: string;
      }>(
        'SELECT type, payload, actor_sub, actor_roles, from_state, to_state, at, prev_hash FROM "transition" WHERE case_id = ? AND seq = ?',
        [victim.id, last],
      );
      // The last step claims another state; its hash (and the case's head) are recomputed to fit.
      const forged = {
        caseId: victim.id,
        seq: last,
        type: row.type,
        payload: row.payload,
        actorSub: row.actor_sub,
        actorRoles: row.actor_roles,
        fromState: row.from_state,
        toState: 'closed',
        at: row.at,
        prevHash: row.prev_hash,
      };
      const hash = chainHash(forged);
      await app.store.exec('UPDATE "transition" SET to_state = ?, hash = ? WHERE case_id = ? AND seq = ?', [
        'closed',
        hash,
        victim.id,
        last,
      ]);
      await app.store.exec('UPDATE "case" SET head_hash = ? WHERE id = ?', [hash, victim.id]);

      const result = await verify(victim.id);
      expect(result).toMatchObject({ ok: false, replayMatches: false, replayDiffersAtSeq: last });
      expect(result.brokenAtSeq).toBeUndefined();
      expect(result.problems.join('\n')).toMatch(new RegExp(`replay: seq ${last} leads to`));
    } finally {
      await restoreTriggers();
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
        u.officer.send<CaseView & { message?: string }>(
          opened.id,
          'RECORD_STATEMENT',
          { statement: `statement ${i}` },
          {
            'if-match': etag,
          },
        ),
      ),
    );
    const statuses = replies.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    for (const loser of replies.filter((r) => r.status === 409))
      expect(loser.body.message).toMatch(/revision/);

    const after = await getCase(u.officer, opened.id);
    expect(after.revision).toBe(investigating.revision + 1);
    const entries = await history(u.officer, opened.id);
    expectGapless(
      entries.map((e) => e.seq),
      investigating.revision + 1,
    );
    expect((after.context as { statements: unknown[] }).statements).toHaveLength(1);
    expect(await verify(opened.id)).toMatchObject({
      ok: true,
      replayMatches: true,
      checked: investigating.revision + 1,
    });
  });

  it('20 concurrent events without If-Match are all applied, in some order, none lost', async () => {
    const opened = await openCase(u);
    const investigating = await walkToInvestigation(u, opened.id);
    const texts = Array.from({ length: 20 }, (_, i) => `statement ${i}`);
    const replies = await Promise.all(
      texts.map((statement) => u.officer.send(opened.id, 'RECORD_STATEMENT', { statement })),
    );
    expect(replies.map((r) => r.status)).toEqual(texts.map(() => 200));

    const entries = await history(u.officer, opened.id);
    expect(entries).toHaveLength(investigating.revision + 20);
    expect(entries).toHaveLength(1 + 2 + 20); // OPEN, ACCEPT, APPROVE_INVESTIGATION, then the statements
    expectGapless(
      entries.map((e) => e.seq),
      entries.length,
    );
    const recorded = entries
      .filter((e) => e.type === 'RECORD_STATEMENT')
      .map((e) => e.payload.statement as string);
    expect(recorded.sort()).toEqual([...texts].sort());
    const after = await getCase(u.officer, opened.id);
    expect(after.revision).toBe(entries.length);
    expect(
      (after.context as { statements: { text: string }[] }).statements.map((s) => s.text).sort(),
    ).toEqual([...texts].sort());
    // A self-transition does not re-arm the time limit: still exactly one investigation deadline.
    expect(after.deadlines.filter((d) => d.kind === 'investigation')).toEqual([
      expect.objectContaining({ status: 'pending' }),
    ]);
    expect(await verify(opened.id)).toMatchObject({ ok: true, replayMatches: true, checked: entries.length });
  });

  it('20 concurrent opens with one businessKey create one case: one 201, the rest 200 with its id', async () => {
    const businessKey = unique('RACE-');
    const body = openBody({ businessKey });
    const replies = await Promise.all(
      Array.from({ length: 20 }, () => u.integration.post<CaseView>('/cases', body)),
    );
    expect(replies.filter((r) => r.status === 201)).toHaveLength(1);
    expect(replies.filter((r) => r.status === 200)).toHaveLength(19);
    expect(new Set(replies.map((r) => r.body.id)).size).toBe(1);
    const listed = await u.officer.get<{ items: CaseView[] }>(`/cases?q=${businessKey}`);
    expect(listed.body.items).toHaveLength(1);
  });
});
