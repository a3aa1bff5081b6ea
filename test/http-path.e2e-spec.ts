/*
 * The events route's lighter answer (Prefer: return=minimal, RFC 7240), the Server-Timing header
 * that load tests read (SERVER_TIMING=true), and the security headers of every answer, on the real
 * service.
 */
import { expectStatus, getCase, openCase, users, type Users } from './support/procedure';
import { startTestApp, token, type TestApp } from './support/test-app';

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
    expect(full.body).toMatchObject({
      id: c.id,
      revision: 3,
      yourEvents: ['EXTEND_INVESTIGATION', 'TAKE_OVER'],
    });
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
    expect(Object.keys(timing).sort()).toEqual(['auth', 'queue', 't0', 'total', 'tx', 'validate', 'view']);
    for (const ms of Object.values(timing)) expect(ms).toBeGreaterThanOrEqual(0);
    // t0: when the service saw the request, in ms since the epoch (for the load generator's clock).
    expect(Math.abs(timing.t0 - Date.now())).toBeLessThan(3_600_000);
    const parts = timing.auth + timing.validate + timing.queue + timing.tx + timing.view;
    expect(timing.total).toBeGreaterThanOrEqual(parts);
  });
});

describe('security headers', () => {
  let app: TestApp;
  let origin: string;

  beforeAll(async () => {
    app = await startTestApp();
    origin = app.baseUrl.replace(/\/api\/v1$/, '');
  }, 60_000);

  afterAll(() => app?.close());

  /** The Content-Security-Policy of an answer, as directive → sources. */
  function csp(res: Response): Record<string, string[]> {
    const header = res.headers.get('content-security-policy');
    if (!header) throw new Error(`no Content-Security-Policy on ${res.url}`);
    return Object.fromEntries(
      header.split(';').map((directive) => {
        const [name, ...sources] = directive.trim().split(/\s+/);
        return [name, sources];
      }),
    );
  }

  /** What every answer carries, whatever it is. */
  function expectHardened(res: Response): void {
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-powered-by')).toBeNull();
    expect(csp(res)['frame-ancestors']).toEqual(["'none'"]);
  }

  /** The same-origin scripts and stylesheets a page names, each fetched: the page's policy lets them load. */
  async function expectAssetsLoad(res: Response, html: string): Promise<void> {
    const refs = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*\shref)=["']([^"']+)["']/g)].map(
      (m) => m[1],
    );
    for (const ref of refs.filter((r) => !/^https?:/.test(r))) {
      const asset = await fetch(new URL(ref, res.url));
      expect({ ref, status: asset.status }).toEqual({ ref, status: 200 });
    }
  }

  it('on an API answer: a policy that allows nothing, no framing, no sniffing, no referrer', async () => {
    const res = await fetch(`${app.baseUrl}/cases`, {
      headers: { authorization: `Bearer ${await token('olivia', ['officer'])}` },
    });
    expect(res.status).toBe(200);
    expectHardened(res);
    expect(csp(res)['default-src']).toEqual(["'none'"]);
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    // Refusals too.
    const refused = await fetch(`${app.baseUrl}/cases`);
    expect(refused.status).toBe(401);
    expectHardened(refused);
    expect(csp(refused)['default-src']).toEqual(["'none'"]);
  });

  it('on the workbench: its own scripts and styles only, no inline script, no framing', async () => {
    for (const path of ['/', '/cases/0b7e3f60-1f36-4c3e-9a53-0e2b1f6c7a10']) {
      const res = await fetch(origin + path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expectHardened(res);
      const policy = csp(res);
      expect(policy['default-src']).toEqual(["'self'"]);
      expect(policy['script-src']).toEqual(["'self'"]);
      expect(policy['style-src']).toEqual(["'self'"]);
      expect(policy['object-src']).toEqual(["'none'"]);
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      // What the policy would block: inline scripts, <style> blocks and style attributes.
      const html = await res.text();
      expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>|<style|\sstyle=/);
      await expectAssetsLoad(res, html);
    }
  });

  it('the API documentation still loads: its own scripts, with the inline styles Swagger UI uses', async () => {
    const res = await fetch(`${origin}/api/docs`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('swagger-ui');
    expectHardened(res);
    const policy = csp(res);
    expect(policy['script-src']).toEqual(["'self'"]);
    expect(policy['style-src']).toEqual(["'self'", "'unsafe-inline'"]);
    expect(policy['img-src']).toEqual(["'self'", 'data:']);
    // No inline script: every script is a file the service serves (script-src 'self').
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    await expectAssetsLoad(res, html);
    // The document itself is API.
    const json = await fetch(`${origin}/api/docs-json`);
    expect(json.status).toBe(200);
    expect(csp(json)['default-src']).toEqual(["'none'"]);
  });

  it('the queue board page: inline styles, its own scripts, and a referrer policy that keeps its Origin', async () => {
    const res = await fetch(`${origin}/admin/queues`, {
      headers: { authorization: `Bearer ${await token('ada', ['admin'])}` },
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    expectHardened(res);
    const policy = csp(res);
    expect(policy['script-src']).toEqual(["'self'"]);
    expect(policy['style-src']).toEqual(["'self'", "'unsafe-inline'"]);
    // same-origin, not no-referrer: under no-referrer Firefox (per the Fetch standard) sends `Origin: null` with the board's
    // own PUTs, which its CSRF check would refuse.
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
    // Its only inline <script> is JSON data, which no policy runs.
    for (const [tag] of html.matchAll(/<script(?![^>]*\ssrc=)[^>]*>/g)) {
      expect(tag).toContain('type="application/json"');
    }
    // Refusals carry the headers too.
    const refused = await fetch(`${origin}/admin/queues`);
    expect(refused.status).toBe(401);
    expectHardened(refused);
  });
});
