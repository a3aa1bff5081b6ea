/*
 * The workbench's session cookie (issue 22, defect 5), end to end against the real service (SQLite,
 * and PostgreSQL with WENZE_TEST_PG_URL): POST /auth/session with a bearer token sets an HttpOnly,
 * SameSite=Strict cookie under /api/v1; the API then takes the cookie in place of the header — reads
 * freely, writes only from the service's own origin with the workbench's X-Wenze-Client header (CSRF);
 * DELETE /auth/session clears it.
 */
import { claims, signJwt } from './support/jwt';
import { expectStatus, openBody, type CaseView, type ErrorBody, type Page } from './support/procedure';
import { Client, startTestApp, TEST_SECRET, type TestApp } from './support/test-app';

let app: TestApp;
let officerToken: string;
let origin: string;

/** The cookie pair (name=value) of a Set-Cookie header. */
const pairOf = (setCookie: string | null) => (setCookie ?? '').split(';')[0];

beforeAll(async () => {
  app = await startTestApp();
  origin = new URL(app.baseUrl).origin;
  officerToken = signJwt(claims('cookie-officer', ['officer']), TEST_SECRET);
});

afterAll(async () => {
  await app?.close();
});

async function signIn(): Promise<string> {
  const reply = await new Client(app.baseUrl, officerToken).post('/auth/session');
  expectStatus(reply, 204);
  const set = reply.headers.get('set-cookie');
  expect(set).toMatch(/^wenze_session=[^;]+; Path=\/api\/v1; Max-Age=\d+; HttpOnly; SameSite=Strict$/);
  return pairOf(set);
}

describe('the session cookie', () => {
  it('signs later requests in without the bearer header: reads, and writes from the workbench', async () => {
    const cookie = await signIn();
    const browser = new Client(app.baseUrl); // no bearer: only the cookie
    const me = expectStatus(await browser.get<{ sub: string }>('/me', { cookie }), 200);
    expect(me.body.sub).toBe('cookie-officer');

    const opened = expectStatus(
      await browser.post<CaseView>('/cases', openBody({ title: '通过会话 cookie 新建的案件' }), {
        cookie,
        origin,
        'x-wenze-client': 'workbench',
      }),
      201,
    );
    const read = expectStatus(await browser.get<CaseView>(`/cases/${opened.body.id}`, { cookie }), 200);
    expect(read.body.title).toBe('通过会话 cookie 新建的案件');
  });

  it('refuses a write by cookie from another site, without the Origin, or without the workbench header, and opens nothing', async () => {
    const cookie = await signIn();
    const browser = new Client(app.baseUrl);
    const title = `跨站请求 ${Date.now()}`;
    const tries: [Record<string, string>, RegExp][] = [
      [{ origin: 'https://evil.example', 'x-wenze-client': 'workbench' }, /another site/],
      [{ 'x-wenze-client': 'workbench' }, /Origin or Referer/],
      [{ origin }, /X-Wenze-Client/],
    ];
    for (const [headers, why] of tries) {
      const reply = await browser.post<ErrorBody>('/cases', openBody({ title }), { cookie, ...headers });
      expect(reply.status).toBe(403);
      expect(reply.body.message).toMatch(why);
    }
    const officer = new Client(app.baseUrl, officerToken);
    const found = expectStatus(
      await officer.get<Page<CaseView>>(`/cases?q=${encodeURIComponent(title)}`),
      200,
    );
    expect(found.body.items).toEqual([]);
  });

  it('is not renewed from itself, is refused once cleared, and a bad cookie is a 401', async () => {
    const cookie = await signIn();
    const browser = new Client(app.baseUrl);
    const renew = await browser.post<ErrorBody>('/auth/session', undefined, {
      cookie,
      origin,
      'x-wenze-client': 'workbench',
    });
    expect(renew.status).toBe(400);
    expect(renew.body.message).toMatch(/bearer token/);

    const cleared = expectStatus(await browser.request('DELETE', '/auth/session'), 204);
    expect(cleared.headers.get('set-cookie')).toMatch(/^wenze_session=; Path=\/api\/v1; Max-Age=0; HttpOnly/);
    // The browser drops the cookie; without it the API asks for a sign-in.
    expect((await browser.get('/me')).status).toBe(401);
    const forged = await browser.get<ErrorBody>('/me', { cookie: 'wenze_session=not.a.token' });
    expect(forged.status).toBe(401);
  });

  it('a bearer header wins over the cookie (another user signed in in this tab)', async () => {
    const cookie = await signIn();
    const other = new Client(app.baseUrl, signJwt(claims('cookie-leader', ['leader']), TEST_SECRET));
    const me = expectStatus(await other.get<{ sub: string }>('/me', { cookie }), 200);
    expect(me.body.sub).toBe('cookie-leader');
  });
});
