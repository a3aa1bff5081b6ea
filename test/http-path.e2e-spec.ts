/*
 * The events route's lighter answer (Prefer: return=minimal, RFC 7240) and the Server-Timing header
 * that load tests read (SERVER_TIMING=true), on the real service.
 */
import { expectStatus, getCase, openCase, users, type Users } from './support/procedure';
import { startTestApp, type TestApp } from './support/test-app';

describe('the events route', () => {
  let app: TestApp;
  let u: Users;

  beforeAll(async () => {
    app = await startTestApp({ SERVER_TIMING: 'true' });
    u = await users(app.baseUrl);
  }, 60_000);

  afterAll(() => app?.close());

  it('answers the state and revision only when the client prefers return=minimal', async () => {
    const c = await openCase(u);
    const reply = expectStatus(
      await u.officer.send(c.id, 'ACCEPT', undefined, { prefer: 'return=minimal' }),
      200,
    );
    expect(Object.keys(reply.body).sort()).toEqual([
      'id',
      'outcome',
      'revision',
      'state',
      'states',
      'status',
      'updatedAt',
    ]);
    expect(reply.body).toMatchObject({ id: c.id, state: 'pendingApproval', revision: 2, status: 'active' });
    expect(reply.headers.get('preference-applied')).toBe('return=minimal');
    expect(reply.headers.get('etag')).toBe('"2"');
    const view = await getCase(u.officer, c.id);
    expect({ state: view.state, revision: view.revision, updatedAt: view.updatedAt }).toEqual({
      state: reply.body.state,
      revision: reply.body.revision,
      updatedAt: reply.body.updatedAt,
    });
    // the default stays the whole view
    const full = expectStatus(await u.leader.send(c.id, 'APPROVE_INVESTIGATION'), 200);
    expect(full.headers.get('preference-applied')).toBeNull();
    expect(full.body).toMatchObject({ id: c.id, revision: 3, yourEvents: ['EXTEND_INVESTIGATION'] });
    expect(full.body.deadlines).toEqual([
      expect.objectContaining({ kind: 'investigation', status: 'pending' }),
    ]);
  });

  it('says where the time went in Server-Timing when SERVER_TIMING=true', async () => {
    const c = await openCase(u);
    const reply = expectStatus(await u.officer.send(c.id, 'ACCEPT'), 200);
    const timing = Object.fromEntries(
      (reply.headers.get('server-timing') ?? '').split(', ').map((part) => {
        const [name, dur] = part.split(';dur=');
        return [name, Number(dur)];
      }),
    );
    expect(Object.keys(timing).sort()).toEqual(['auth', 'queue', 'total', 'tx', 'validate', 'view']);
    for (const ms of Object.values(timing)) expect(ms).toBeGreaterThanOrEqual(0);
    const parts = timing.auth + timing.validate + timing.queue + timing.tx + timing.view;
    expect(timing.total).toBeGreaterThanOrEqual(parts);
  });
});
