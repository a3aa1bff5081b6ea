/*
 * Nobody impersonated, nothing slipped in (issue 19, item 5): tokens naming a system subject, guessing
 * tokens, a live stream outliving its token, invisible control characters in text, bodies that are not
 * JSON, a retried event applied twice, and the metrics read by anyone but an operator. Runs on SQLite,
 * and on PostgreSQL with WENZE_TEST_PG_URL: the answers are the same on both stores.
 */
import { claims, signJwt } from './support/jwt';
import { openStream } from './support/event-stream';
import { queuePrefix } from './support/deadline-helpers';
import {
  type CaseView,
  type ErrorBody,
  expectStatus,
  history,
  openBody,
  openCase,
  unique,
  users,
  type Users,
} from './support/procedure';
import { Client, startTestApp, TEST_SECRET, token, type TestApp } from './support/test-app';

const FAILURE_LIMIT = 5;

let app: TestApp;
let u: Users;

beforeAll(async () => {
  app = await startTestApp({
    QUEUE_PREFIX: queuePrefix('abuse'),
    // Each test is its own client (X-Forwarded-For), so that the failure budget of one is not another's.
    TRUST_PROXY: 'true',
    AUTH_FAILURE_LIMIT: String(FAILURE_LIMIT),
    AUTH_FAILURE_WINDOW_SECONDS: '600',
  });
  u = await users(app.baseUrl);
}, 60_000);

afterAll(async () => {
  await app?.close();
});

/** A client at its own address, so that each test has a failure budget of its own. */
function from(bearer: string | undefined, address = `203.0.113.${Math.floor(Math.random() * 250) + 1}`) {
  const client = new Client(app.baseUrl, bearer);
  return {
    get: (path: string) => client.get<ErrorBody>(path, { 'x-forwarded-for': address }),
  };
}

describe('reserved subjects', () => {
  it.each(['system:deadline', 'system:linked-case', 'SYSTEM:deadline', 'system:anything'])(
    'a token whose sub is %s is refused with 401, saying the name is reserved',
    async (sub) => {
      const reply = await from(signJwt(claims(sub, ['admin']), TEST_SECRET)).get('/cases');
      expect(reply.status).toBe(401);
      expect(reply.body.message).toMatch(/reserved/);
    },
  );

  it('a sub that merely contains the word is a user like any other (the control)', async () => {
    const reply = await from(signJwt(claims('systems:ops', ['officer']), TEST_SECRET)).get('/cases');
    expect(reply.status).toBe(200);
  });
});

describe('failed authentication is limited per client', () => {
  it(`after ${FAILURE_LIMIT} failures: 429 with Retry-After; good tokens and other clients are unaffected`, async () => {
    const address = '198.51.100.23';
    const bad = from(signJwt(claims('mallory', ['admin']), 'not-the-secret-0123456789abcdef-0123'), address);
    for (let i = 0; i < FAILURE_LIMIT; i++) expect((await bad.get('/cases')).status).toBe(401);
    const limited = await bad.get('/cases');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.body.message).toMatch(/failed authentication/i);
    // Still limited on the next try, with or without a token.
    expect((await from(undefined, address).get('/cases')).status).toBe(429);
    // A good token from the same address still works; another address is not limited.
    expect((await from(await token('olivia', ['officer']), address).get('/cases')).status).toBe(200);
    expect((await bad.get('/me')).status).toBe(429);
    expect(
      (await from(signJwt(claims('mallory', ['admin']), 'x'.repeat(40)), '198.51.100.24').get('/cases'))
        .status,
    ).toBe(401);
  });
});

describe('live streams', () => {
  it('a stream ends when its token expires', async () => {
    const opened = await openCase(u);
    const shortLived = signJwt(claims('leo-leader', ['leader'], 3), TEST_SECRET);
    const stream = await openStream(`${app.baseUrl}/cases/${opened.id}/stream`, shortLived);
    try {
      expect(stream.status).toBe(200);
      await stream.next('the current revision', () => true, 5_000);
      await expect(stream.next('the end of the stream', () => false, 20_000)).rejects.toThrow(
        /the stream ended/,
      );
    } finally {
      stream.close();
    }
  }, 30_000);
});

describe('control characters in text', () => {
  const FORBIDDEN: [string, string][] = [
    ['NUL', 'a\u0000b'],
    ['right-to-left override', 'invoice\u202Efdp.exe'],
    ['left-to-right embedding', '\u202Atext'],
    ['first strong isolate', 'x\u2068y'],
    ['pop directional isolate', 'x\u2069'],
    ['lone high surrogate', 'x\ud800y'],
    ['lone low surrogate', '\udc00'],
  ];

  async function caseCount(): Promise<number> {
    const rows = await app.store.query<{ n: number | string }>('SELECT COUNT(*) AS n FROM "case"');
    return Number(rows[0].n);
  }

  it.each(FORBIDDEN)(
    '%s: refused with 400 naming the field, in open payloads and nested fields',
    async (_what, text) => {
      const before = await caseCount();
      const title = await u.integration.post<ErrorBody>('/cases', openBody({ title: text }));
      expect(title.status).toBe(400);
      expect(title.body.message).toMatch(/\btitle\b/);
      const name = await u.integration.post<ErrorBody>(
        '/cases',
        openBody({ subject: { ref: unique('p-'), name: `Zhang ${text}` } }),
      );
      expect(name.status).toBe(400);
      expect(name.body.message).toMatch(/subject\.name/);
      expect(await caseCount()).toBe(before);
    },
  );

  it.each(FORBIDDEN)(
    '%s: refused in event payloads, urgings and unit names, leaving nothing behind',
    async (_what, text) => {
      const opened = await openCase(u);
      const declined = await u.officer.send<ErrorBody>(opened.id, 'DECLINE', { reason: `No case ${text}` });
      expect(declined.status).toBe(400);
      expect(declined.body.message).toMatch(/payload\.reason/);
      const urged = await u.supervisor.post<ErrorBody>(`/cases/${opened.id}/urge`, { message: text });
      expect(urged.status).toBe(400);
      expect(urged.body.message).toMatch(/\bmessage\b/);
      expect(await history(u.officer, opened.id)).toHaveLength(1);
      const code = unique('u-');
      const unit = await u.admin.post<ErrorBody>('/units', {
        code,
        name: `Unit ${text}`,
        parentCode: 'test',
      });
      expect(unit.status).toBe(400);
      expect(unit.body.message).toMatch(/\bname\b/);
      const units = expectStatus(await u.admin.get<{ items: { code: string }[] }>('/units'), 200).body;
      expect(units.items.map((x) => x.code)).not.toContain(code);
    },
  );

  it('an attachment whose file name carries a right-to-left override is refused, naming the file name', async () => {
    const opened = await openCase(u);
    const form = new FormData();
    form.append('kind', 'other');
    form.append('file', new Blob(['%PDF-1.4\n%%EOF\n'], { type: 'application/pdf' }), 'report\u202Efdp.exe');
    const res = await fetch(`${app.baseUrl}/cases/${opened.id}/attachments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await token('olivia-officer', ['officer'])}` },
      body: form,
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorBody).message).toMatch(/file name/);
    expect(await history(u.officer, opened.id)).toHaveLength(1);
  });

  it('in a search or a path: 400 naming the parameter, the same on both stores', async () => {
    for (const [path, name] of [
      ['/cases?q=a%00b', 'q'],
      ['/cases?q=%E2%80%AEtxt', 'q'],
      [`/subjects/${encodeURIComponent('p-\u202E1')}`, 'id'],
    ]) {
      const reply = await u.officer.get<ErrorBody>(path);
      expect(reply.status).toBe(400);
      expect(reply.body.message).toMatch(new RegExp(`^${name} contains U\\+`));
    }
  });

  it('ordinary text passes: Chinese, emoji, tabs and new lines, a right-to-left script (the control)', async () => {
    const opened = await openCase(u, { title: '县道塌方 🚧\tالعربية\n第二行' });
    expect(opened.title).toBe('县道塌方 🚧\tالعربية\n第二行');
  });
});

describe('events accept JSON only', () => {
  it.each([
    ['text/plain', JSON.stringify({ type: 'ACCEPT' })],
    ['application/x-www-form-urlencoded', 'type=ACCEPT'],
  ])('%s: 415, and the case is unchanged', async (contentType, body) => {
    const opened = await openCase(u);
    const res = await fetch(`${app.baseUrl}/cases/${opened.id}/events`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await token('olivia-officer', ['officer'])}`,
        'content-type': contentType,
      },
      body,
    });
    expect(res.status).toBe(415);
    expect(((await res.json()) as ErrorBody).message).toMatch(/application\/json/);
    expect(await history(u.officer, opened.id)).toHaveLength(1);
  });

  it('multipart/form-data on an event: 415', async () => {
    const opened = await openCase(u);
    const form = new FormData();
    form.append('type', 'ACCEPT');
    const res = await fetch(`${app.baseUrl}/cases/${opened.id}/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await token('olivia-officer', ['officer'])}` },
      body: form,
    });
    expect(res.status).toBe(415);
    expect(await history(u.officer, opened.id)).toHaveLength(1);
  });

  it('opening a case as text/plain: 415, nothing opened', async () => {
    const res = await fetch(`${app.baseUrl}/cases`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await token('petition-desk', ['integration'])}`,
        'content-type': 'text/plain',
      },
      body: JSON.stringify(openBody({ businessKey: unique('bk-') })),
    });
    expect(res.status).toBe(415);
  });

  it('application/json with a charset is JSON (the control)', async () => {
    const opened = await openCase(u);
    const reply = await u.officer.send<CaseView>(opened.id, 'ACCEPT', undefined, {
      'content-type': 'application/json; charset=utf-8',
    });
    expect(reply.status).toBe(200);
  });
});

describe('/metrics is for operators', () => {
  it('admins may scrape; supervisors and officers may not (403)', async () => {
    expect((await u.admin.get('/metrics')).status).toBe(200);
    expect((await u.supervisor.get('/metrics')).status).toBe(403);
    expect((await u.officer.get('/metrics')).status).toBe(403);
  });
});
