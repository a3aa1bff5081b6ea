/*
 * The queue board's browser session on the real service: the service itself sets the board cookie
 * (HttpOnly, SameSite=Strict, only under /admin/queues, no longer than the token or 8 hours) for the
 * roles the catalogue grants `queueBoard`, and a change on the board that only the cookie
 * authenticates must come from the service's own origin, as a cross-site form or script cannot.
 */
import { queuePrefix } from './support/deadline-helpers';
import { Client, startTestApp, token, type TestApp } from './support/test-app';

const SESSION = '/auth/queue-board-session';
/** A harmless change on the board: drop the deadline queue's completed jobs. */
const CLEAN = '/admin/queues/api/queues/deadlines/clean/completed';

interface Cookie {
  name: string;
  value: string;
  attributes: Record<string, string | true>;
}

/** The Set-Cookie headers of an answer, parsed as a browser reads them. */
function setCookies(res: Response): Cookie[] {
  return res.headers.getSetCookie().map((line) => {
    const [pair, ...rest] = line.split(';');
    const eq = pair.indexOf('=');
    const attributes: Record<string, string | true> = {};
    for (const attribute of rest) {
      const [key, value] = attribute.trim().split('=');
      attributes[key.toLowerCase()] = value ?? true;
    }
    return { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim(), attributes };
  });
}

function boardCookie(res: Response): Cookie {
  const cookie = setCookies(res).find((c) => c.name === 'wenze_board');
  if (!cookie) throw new Error(`no wenze_board cookie in ${JSON.stringify(res.headers.getSetCookie())}`);
  return cookie;
}

async function message(res: Response): Promise<string> {
  return ((await res.json()) as { message: string }).message;
}

describe('the queue board cookie and its CSRF check', () => {
  let app: TestApp;
  let origin: string;
  let admin: string;

  beforeAll(async () => {
    app = await startTestApp({ QUEUE_PREFIX: queuePrefix('board') });
    origin = app.baseUrl.replace(/\/api\/v1$/, '');
    admin = await token('ada', ['admin']);
  }, 60_000);

  afterAll(() => app?.close());

  /** POST of the session route with this bearer token and extra headers. */
  function openSession(bearer: string, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${app.baseUrl}${SESSION}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bearer}`, ...headers },
    });
  }

  /** A request to the board carrying only the cookie (as a browser would send it). */
  function board(
    path: string,
    cookie: string,
    init: { method?: string; headers?: Record<string, string> } = {},
  ) {
    return fetch(origin + path, {
      method: init.method ?? 'GET',
      headers: { cookie: `wenze_board=${cookie}`, ...init.headers },
    });
  }

  it('sets an HttpOnly, SameSite=Strict cookie under /admin/queues that lives no longer than the token', async () => {
    const res = await openSession(admin);
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
    const cookie = boardCookie(res);
    expect(cookie.value).toBe(admin);
    expect(cookie.attributes).toMatchObject({ path: '/admin/queues', httponly: true, samesite: 'Strict' });
    // The token expires in an hour: so does the cookie (give or take the seconds the test took).
    const maxAge = Number(cookie.attributes['max-age']);
    expect(maxAge).toBeGreaterThan(3500);
    expect(maxAge).toBeLessThanOrEqual(3600);
    // Plain HTTP: not Secure, or the browser would drop it.
    expect(cookie.attributes.secure).toBeUndefined();
    // The script-written cookie of earlier workbenches is cleared.
    expect(setCookies(res).find((c) => c.name === 'wenze_token')).toMatchObject({
      value: '',
      attributes: { path: '/admin', 'max-age': '0' },
    });
  });

  it('caps the cookie at 8 hours for a longer-lived token', async () => {
    const res = await openSession(await token('ada', ['admin'], 7 * 24 * 3600));
    expect(res.status).toBe(204);
    expect(boardCookie(res).attributes['max-age']).toBe(String(8 * 3600));
  });

  it('opens the board page and its API with the cookie the service set', async () => {
    const { value } = boardCookie(await openSession(admin));
    const page = await board('/admin/queues', value);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('<html');
    const queues = await board('/admin/queues/api/queues', value);
    expect(queues.status).toBe(200);
    expect(((await queues.json()) as { queues: { name: string }[] }).queues.map((q) => q.name)).toEqual([
      'deadlines',
    ]);
  });

  it('refuses the cookie to roles without the queue board: 403 at the session route, no cookie', async () => {
    for (const roles of [['officer'], ['supervisor', 'leader']]) {
      const res = await openSession(await token('olivia', roles));
      expect(res.status).toBe(403);
      expect(await message(res)).toBe('This needs one of the roles: admin');
      expect(res.headers.getSetCookie()).toEqual([]);
    }
    const anonymous = await fetch(`${app.baseUrl}${SESSION}`, { method: 'POST' });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.getSetCookie()).toEqual([]);
  });

  it('clears the cookie at sign-out (DELETE), token or not', async () => {
    const res = await fetch(`${app.baseUrl}${SESSION}`, { method: 'DELETE' });
    expect(res.status).toBe(204);
    const cookie = boardCookie(res);
    expect(cookie.value).toBe('');
    expect(cookie.attributes).toMatchObject({ path: '/admin/queues', 'max-age': '0', httponly: true });
  });

  it('refuses a change authenticated by the cookie from another origin, or from nowhere: 403', async () => {
    const sources: Record<string, string>[] = [
      { origin: 'https://evil.example' },
      { origin: 'null' }, // a sandboxed frame or a privacy-stripped origin
      { origin: `http://127.0.0.1.evil.example:${new URL(origin).port}` },
      { referer: 'https://evil.example/admin/queues/' },
      {}, // neither Origin nor Referer
    ];
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      for (const headers of sources) {
        const res = await board(CLEAN, admin, { method, headers });
        expect(res.status).toBe(403);
        expect(await message(res)).toMatch(
          /^(The queue board refuses changes sent from another site|A change on the queue board must say where it comes from)/,
        );
      }
    }
    // A change under /admin/queues with the cookie and a foreign origin, whatever the route.
    const post = await board('/admin/queues/api/queues/deadlines/add', admin, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
    });
    expect(post.status).toBe(403);
  });

  it('lets the board itself make changes: same origin by Origin or by Referer', async () => {
    const own = await board(CLEAN, admin, { method: 'PUT', headers: { origin } });
    expect(own.status).toBe(200);
    const byReferer = await board(CLEAN, admin, {
      method: 'PUT',
      headers: { referer: `${origin}/admin/queues/queue/deadlines` },
    });
    expect(byReferer.status).toBe(200);
    // A POST under the board from its own origin is not refused as cross-site either.
    const post = await board('/admin/queues/api/metrics/history/purge', admin, {
      method: 'POST',
      headers: { origin },
    });
    expect(post.status).not.toBe(403);
    expect(post.status).toBeLessThan(500);
  });

  it('reads pages with the cookie from anywhere, and takes changes with a bearer token from anywhere', async () => {
    // GET changes nothing; links from other sites to the board keep working (SameSite=Strict aside).
    const page = await board('/admin/queues', admin, { headers: { origin: 'https://evil.example' } });
    expect(page.status).toBe(200);
    // A bearer token is never sent by the browser on its own: no CSRF.
    const bearer = await fetch(origin + CLEAN, {
      method: 'PUT',
      headers: { authorization: `Bearer ${admin}`, origin: 'https://evil.example' },
    });
    expect(bearer.status).toBe(200);
  });

  it('answers a malformed cookie with 401, never 500, for reads and changes alike', async () => {
    for (const cookie of ['%', '%E0%A4%A', 'not-a-jwt', '""']) {
      for (const [path, method] of [
        ['/admin/queues', 'GET'],
        ['/admin/queues/api/queues', 'GET'],
        [CLEAN, 'PUT'],
      ]) {
        const res = await board(path, cookie, { method, headers: { origin } });
        expect(res.status).toBe(401);
      }
    }
    // The script-written cookie of earlier workbenches is no longer a way in.
    const legacy = await fetch(`${origin}/admin/queues`, { headers: { cookie: `wenze_token=${admin}` } });
    expect(legacy.status).toBe(401);
  });

  it('a non-admin cookie from the own origin is still refused by role', async () => {
    const officer = await token('olivia', ['officer']);
    const res = await board(CLEAN, officer, { method: 'PUT', headers: { origin } });
    expect(res.status).toBe(403);
    expect(await message(res)).toBe('The queue board needs one of the roles: admin');
  });

  it('neither X-Forwarded-Proto makes the cookie Secure nor X-Forwarded-Host passes the origin check', async () => {
    const res = await fetch(`${app.baseUrl}${SESSION}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'x-forwarded-proto': 'https' },
    });
    expect(boardCookie(res).attributes.secure).toBeUndefined();
    const change = await fetch(app.baseUrl.replace(/\/api\/v1$/, '') + CLEAN, {
      method: 'PUT',
      headers: {
        cookie: `wenze_board=${admin}`,
        'x-forwarded-host': 'wenze.example.org',
        origin: 'https://wenze.example.org',
      },
    });
    expect(change.status).toBe(403);
  });

  it('the API client sees the same route in the OpenAPI document', async () => {
    const docs = new Client(origin);
    const reply = await docs.get<{ paths: Record<string, Record<string, unknown>> }>('/api/docs-json');
    expect(Object.keys(reply.body.paths[`/api/v1${SESSION}`]).sort()).toEqual(['delete', 'post']);
  });
});

describe('the queue board behind a trusted proxy (TRUST_PROXY=true)', () => {
  let app: TestApp;
  let admin: string;

  beforeAll(async () => {
    app = await startTestApp({ QUEUE_PREFIX: queuePrefix('board-proxy'), TRUST_PROXY: 'true' });
    admin = await token('ada', ['admin']);
  }, 60_000);

  afterAll(() => app?.close());

  const origin = () => app.baseUrl.replace(/\/api\/v1$/, '');

  it('marks the cookie Secure when the proxy says the client came over TLS', async () => {
    const open = (headers: Record<string, string>) =>
      fetch(`${app.baseUrl}${SESSION}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin}`, ...headers },
      });
    expect(boardCookie(await open({ 'x-forwarded-proto': 'https' })).attributes.secure).toBe(true);
    expect(boardCookie(await open({})).attributes.secure).toBeUndefined();
    const cleared = await fetch(`${app.baseUrl}${SESSION}`, {
      method: 'DELETE',
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(boardCookie(cleared).attributes.secure).toBe(true);
  });

  it('compares the origin with the host the client addressed (X-Forwarded-Host)', async () => {
    const change = (headers: Record<string, string>) =>
      fetch(origin() + CLEAN, {
        method: 'PUT',
        headers: { cookie: `wenze_board=${admin}`, 'x-forwarded-host': 'wenze.example.org', ...headers },
      });
    expect((await change({ origin: 'https://wenze.example.org' })).status).toBe(200);
    expect((await change({ origin: 'https://WENZE.example.org:443' })).status).toBe(200);
    // The proxy's upstream address is not where the browser was.
    expect((await change({ origin: origin() })).status).toBe(403);
    expect((await change({ origin: 'https://other.example.org' })).status).toBe(403);
  });
});
