/*
 * Limits hold, and say so clearly: the body size limit (413 just past BODY_LIMIT_BYTES, not before),
 * the rate limit (429 on the request past RATE_LIMIT_PER_MINUTE), the page size (limit 100 yes, 101
 * no), and a case with 10 000 history rows that still answers GET /cases/:id, /history and /verify.
 * These check correctness, not speed: timing goals live in `npm run bench`.
 */
import { transition, type AnyMachineSnapshot } from 'xstate';
import { accountabilityMachine as machine } from '../machines/accountability.machine';
import { chainHash } from '../src/engine/history/hash-chain';
import { canonicalJson } from '../src/engine/history/canonical-json';
import {
  expectStatus,
  getCase,
  openBody,
  openCase,
  step,
  SUBS,
  users,
  walkToInvestigation,
  type CaseView,
  type HistoryEntry,
  type Users,
} from './support/procedure';
import { Client, startTestApp, token, type TestApp } from './support/test-app';

const BODY_LIMIT = 2048;
const RATE_LIMIT = 20;

/** Small bodies and normal rates. */
let app: TestApp;
let u: Users;
/** RATE_LIMIT_PER_MINUTE=20. */
let limited: TestApp;

beforeAll(async () => {
  [app, limited] = await Promise.all([
    startTestApp({ BODY_LIMIT_BYTES: String(BODY_LIMIT) }),
    startTestApp({ RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT) }),
  ]);
  u = await users(app.baseUrl);
});

afterAll(async () => {
  await Promise.all([app?.close(), limited?.close()]);
});

async function counts(store: TestApp['store']): Promise<number[]> {
  const [row] = await store.query<Record<string, number | string>>(
    'SELECT (SELECT COUNT(*) FROM "case") AS c, (SELECT COUNT(*) FROM "transition") AS t, (SELECT COUNT(*) FROM "subject") AS s',
  );
  return [Number(row.c), Number(row.t), Number(row.s)];
}

/** The JSON text of `make(padding)`, padded so that it is exactly `bytes` bytes of UTF-8. */
function sized(bytes: number, make: (padding: string) => unknown, unit = 'x'): string {
  const base = Buffer.byteLength(JSON.stringify(make('')));
  const unitBytes = Buffer.byteLength(unit);
  const n = Math.floor((bytes - base) / unitBytes);
  const text = JSON.stringify(make(unit.repeat(n) + 'x'.repeat(bytes - base - n * unitBytes)));
  expect(Buffer.byteLength(text)).toBe(bytes);
  return text;
}

describe(`body size (BODY_LIMIT_BYTES=${BODY_LIMIT})`, () => {
  it('opening a case: a body of exactly the limit is accepted, one byte more is 413 and creates nothing', async () => {
    for (const unit of ['x', '问', '🚨']) {
      const at = sized(BODY_LIMIT, (facts) => openBody({ facts: `f${facts}` }), unit);
      expectStatus(await u.integration.post('/cases', at), 201);
      const before = await counts(app.store);
      const over = sized(BODY_LIMIT + 1, (facts) => openBody({ facts: `f${facts}` }), unit);
      const reply = await u.integration.post('/cases', over);
      expect({ unit, status: reply.status }).toEqual({ unit, status: 413 });
      expect(reply.body).toMatchObject({
        statusCode: 413,
        error: 'Payload Too Large',
        message: expect.stringMatching(/body/i),
      });
      expect(await counts(app.store)).toEqual(before);
    }
  });

  it('sending an event: exactly the limit is applied, one byte more is 413 and changes nothing', async () => {
    const c = await openCase(u);
    await walkToInvestigation(u, c.id);
    const statement = (text: string) => ({ type: 'RECORD_STATEMENT', payload: { statement: `s${text}` } });
    const at = sized(BODY_LIMIT, statement);
    expect((await u.officer.post<CaseView>(`/cases/${c.id}/events`, at)).status).toBe(200);
    const revision = (await getCase(u.officer, c.id)).revision;
    const over = sized(BODY_LIMIT + 1, statement);
    expect((await u.officer.post(`/cases/${c.id}/events`, over)).status).toBe(413);
    expect((await getCase(u.officer, c.id)).revision).toBe(revision);
  });

  it('a chunked body with no Content-Length is cut off at the limit too', async () => {
    const before = await counts(app.store);
    const text = JSON.stringify(openBody({ facts: 'y'.repeat(BODY_LIMIT) }));
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        const bytes = Buffer.from(text);
        for (let i = 0; i < bytes.length; i += 512) controller.enqueue(bytes.subarray(i, i + 512));
        controller.close();
      },
    });
    const res = await fetch(`${app.baseUrl}/cases`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await token(SUBS.integration, ['integration'])}`,
      },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(await counts(app.store)).toEqual(before);
  });
});

describe(`rate limit (RATE_LIMIT_PER_MINUTE=${RATE_LIMIT})`, () => {
  it(`the ${RATE_LIMIT + 1}st request in a minute gets 429 with a clear message; a refused write writes nothing`, async () => {
    const lu = await users(limited.baseUrl);
    const replies = [];
    // Spread over several routes: the budget is the user's, not the route's (health is not counted).
    const paths = ['/workflows', '/cases', '/deadlines'];
    for (let i = 0; i < RATE_LIMIT; i++) replies.push((await lu.officer.get(paths[i % paths.length])).status);
    expect(replies).toEqual(Array(RATE_LIMIT).fill(200));
    const refused = await lu.officer.get('/cases');
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
    const message = (refused.body as { message: string }).message;
    expect(message).toMatch(/too many requests/i);
    expect(message).toMatch(new RegExp(`${RATE_LIMIT}\\b.*minute`));
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // A refused write writes nothing.
    const before = await counts(limited.store);
    const open = await lu.officer.post('/cases', openBody());
    expect(open.status).toBe(429);
    expect(await counts(limited.store)).toEqual(before);
    // Another user from the same address has a budget of their own.
    expect((await lu.integration.post('/cases', openBody())).status).toBe(201);
    // Health checks are not counted against anyone.
    for (let i = 0; i < RATE_LIMIT + 5; i++) expect((await lu.officer.get('/health/live')).status).toBe(200);
  });

  it('without a token (public routes), the budget is the client address', async () => {
    const anonymous = new Client(limited.baseUrl);
    const statuses = [];
    for (let i = 0; i <= RATE_LIMIT; i++) statuses.push((await anonymous.get('/dossier-key')).status);
    expect(statuses.slice(0, RATE_LIMIT)).toEqual(Array(RATE_LIMIT).fill(200));
    expect(statuses[RATE_LIMIT]).toBe(429);
  });
});

describe('page size', () => {
  it('limit=100 is served, limit=101 is 400 naming limit, on every list', async () => {
    for (const path of ['/cases', '/audit', '/deadlines']) {
      const ok = await u.supervisor.get<{ items: unknown[] }>(`${path}?limit=100`);
      expect({ path, status: ok.status }).toEqual({ path, status: 200 });
      expect(ok.body.items.length).toBeLessThanOrEqual(100);
      const over = await u.supervisor.get<{ message: string }>(`${path}?limit=101`);
      expect({ path, status: over.status }).toEqual({ path, status: 400 });
      expect(over.body.message).toMatch(/limit/);
    }
  });
});

describe('a case with 10 000 history rows', () => {
  const N = 10_000;

  /**
   * Appends N RECORD_STATEMENT rows straight into the store, exactly as the engine would have written
   * them (same canonical JSON, same hash chain), and moves the case row to match: revision, head hash,
   * snapshot (computed with the pure machine). GET /verify then checks all of it independently.
   */
  async function appendStatements(caseId: string): Promise<void> {
    const [row] = await app.store.query<{
      snapshot: string;
      revision: number;
      head_hash: string;
      updated_at: string;
      state: string;
    }>('SELECT snapshot, revision, head_hash, updated_at, state FROM "case" WHERE id = ?', [caseId]);
    const stored = JSON.parse(row.snapshot) as { value: never; context: never };
    let snapshot: AnyMachineSnapshot = machine.resolveState({ value: stored.value, context: stored.context });
    let prevHash = row.head_hash;
    const start = Date.parse(row.updated_at);
    const rows: unknown[][] = [];
    for (let i = 1; i <= N; i++) {
      const at = new Date(start + i).toISOString();
      const payload = { statement: `statement ${i}: I followed the instructions I was given` };
      snapshot = transition(machine, snapshot, {
        type: 'RECORD_STATEMENT',
        payload,
        at,
        actor: SUBS.officer,
      })[0];
      const fields = {
        caseId,
        seq: Number(row.revision) + i,
        type: 'RECORD_STATEMENT',
        payload: canonicalJson(payload),
        actorSub: SUBS.officer,
        actorRoles: canonicalJson(['officer']),
        fromState: row.state,
        toState: row.state,
        at,
        prevHash,
      };
      const hash = chainHash(fields);
      rows.push([
        fields.caseId,
        fields.seq,
        fields.type,
        fields.payload,
        fields.actorSub,
        fields.actorRoles,
        fields.fromState,
        fields.toState,
        fields.at,
        fields.prevHash,
        hash,
      ]);
      prevHash = hash;
    }
    const BATCH = 500;
    for (let i = 0; i < rows.length; i += BATCH) {
      const batch = rows.slice(i, i + BATCH);
      await app.store.exec(
        `INSERT INTO "transition" (case_id, seq, type, payload, actor_sub, actor_roles, from_state, to_state, at, prev_hash, hash) VALUES ${batch
          .map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
          .join(', ')}`,
        batch.flat(),
      );
    }
    const last = rows[rows.length - 1];
    const changed = await app.store.exec(
      'UPDATE "case" SET snapshot = ?, revision = ?, head_hash = ?, updated_at = ? WHERE id = ? AND revision = ?',
      [
        canonicalJson({ value: snapshot.value, context: snapshot.context, status: snapshot.status }),
        Number(row.revision) + N,
        prevHash,
        last[8],
        caseId,
        row.revision,
      ],
    );
    expect(changed).toBe(1);
  }

  it('still answers GET /cases/:id, /history and /verify, and takes more events', async () => {
    const c = await openCase(u);
    await walkToInvestigation(u, c.id);
    await appendStatements(c.id);

    const view = await getCase(u.officer, c.id);
    expect(view.revision).toBe(N + 3);
    expect(view.state).toBe('investigation');
    expect((view.context as { statements: unknown[] }).statements).toHaveLength(N);

    const rows = expectStatus(await u.officer.get<HistoryEntry[]>(`/cases/${c.id}/history`), 200).body;
    expect(rows).toHaveLength(N + 3);
    expect(rows.every((r, i) => r.seq === i + 1)).toBe(true);
    expect(rows[N + 2].payload).toEqual({
      statement: `statement ${N}: I followed the instructions I was given`,
    });

    const verify = expectStatus(
      await u.supervisor.get<{ ok: boolean; checked: number; replayMatches: boolean }>(
        `/cases/${c.id}/verify`,
      ),
      200,
    );
    expect(verify.body).toMatchObject({ ok: true, checked: N + 3, replayMatches: true });

    // The engine carries on from the appended chain.
    await step(u, c.id, 'RECORD_STATEMENT', { statement: 'one more, through the API' });
    const next = await step(u, c.id, 'SUBMIT_REPORT');
    expect({ state: next.state, revision: next.revision }).toEqual({
      state: 'preliminaryOpinion',
      revision: N + 5,
    });
    const again = expectStatus(
      await u.supervisor.get<{ ok: boolean; checked: number }>(`/cases/${c.id}/verify`),
      200,
    );
    expect(again.body).toMatchObject({ ok: true, checked: N + 5, replayMatches: true });

    // The cross-case audit pages through it; the signed dossier carries all of it.
    const page = expectStatus(
      await u.supervisor.get<{ items: HistoryEntry[]; nextCursor: string | null }>(
        `/audit?caseId=${c.id}&limit=100`,
      ),
      200,
    ).body;
    expect(page.items).toHaveLength(100);
    expect(page.nextCursor).not.toBeNull();
    const dossier = expectStatus(
      await u.supervisor.get<{ dossier: { history: unknown[]; verification: { ok: boolean } } }>(
        `/cases/${c.id}/dossier`,
      ),
      200,
    ).body;
    expect(dossier.dossier.history).toHaveLength(N + 5);
    expect(dossier.dossier.verification.ok).toBe(true);
  });

  it('a forged row among the 10 000 is found', async () => {
    const c = await openCase(u);
    await walkToInvestigation(u, c.id);
    await appendStatements(c.id);
    // Change one payload deep in the chain, going around the append-only triggers.
    const triggers =
      app.store.kind === 'postgres'
        ? ['ALTER TABLE "transition" DISABLE TRIGGER transition_append_only']
        : ['DROP TRIGGER transition_no_update'];
    for (const sql of triggers) await app.store.exec(sql);
    try {
      await app.store.exec('UPDATE "transition" SET payload = ? WHERE case_id = ? AND seq = ?', [
        canonicalJson({ statement: 'I was never there' }),
        c.id,
        5000,
      ]);
    } finally {
      if (app.store.kind === 'postgres')
        await app.store.exec('ALTER TABLE "transition" ENABLE TRIGGER transition_append_only');
      else
        await app.store.exec(`CREATE TRIGGER transition_no_update BEFORE UPDATE ON "transition"
          BEGIN SELECT RAISE(ABORT, 'transition history is append-only'); END`);
    }
    const verify = expectStatus(
      await u.supervisor.get<{ ok: boolean; brokenAtSeq?: number }>(`/cases/${c.id}/verify`),
      200,
    );
    expect(verify.body).toMatchObject({ ok: false, brokenAtSeq: 5000 });
  });
});
