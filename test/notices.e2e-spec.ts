/*
 * Notices (通知) and webhooks: committed steps reach, through the change outbox, exactly the users a
 * case now waits for (by role, in their unit, within reach); 督办 and time limits about to lapse too.
 * Webhooks receive the same notices signed with their secret, retried after a failure.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openStream } from './support/event-stream';
import { claims, signJwt, TEST_SUB_UNIT } from './support/jwt';
import { queuePrefix, waitFor } from './support/deadline-helpers';
import {
  expectStatus,
  openCase,
  step,
  users,
  walkToInvestigation,
  type ErrorBody,
  type Users,
} from './support/procedure';
import { Client, startTestApp, TEST_SECRET, type TestApp } from './support/test-app';

interface Notice {
  id: string;
  kind: string;
  case: { id: string; title: string; businessKey: string };
  role: string | null;
  params: Record<string, unknown>;
  read: boolean;
}
interface NoticePage {
  items: Notice[];
  unread: number;
}

let app: TestApp;
let u: Users;
/** A second officer of the test unit, a supervisor there, and users outside the case's reach. */
let colleague: Client;
let below: Client;
let leaderBelow: Client;

async function as(sub: string, roles: string[], unit?: string): Promise<Client> {
  return new Client(app.baseUrl, await signJwt(claims(sub, roles, 3600, unit), TEST_SECRET));
}

beforeAll(async () => {
  app = await startTestApp({
    QUEUE_PREFIX: queuePrefix('notices'),
    NOTICE_SWEEP_MS: '300',
    NOTICE_DUE_SOON_WORKING_DAYS: '3',
    // The investigation limit falls due within three working days: a 即将到期 notice.
    DEADLINE_OVERRIDES: JSON.stringify({ investigation: 'P2D' }),
    WEBHOOK_BACKOFF_MS: '200',
    WEBHOOK_ATTEMPTS: '5',
  });
  u = await users(app.baseUrl);
  colleague = await as('otto-officer', ['officer']);
  below = await as('bea-below', ['officer'], TEST_SUB_UNIT);
  leaderBelow = await as('lars-below', ['leader'], TEST_SUB_UNIT);
});

afterAll(async () => {
  await app?.close();
});

async function notices(client: Client): Promise<NoticePage> {
  return expectStatus(await client.get<NoticePage>('/notices?limit=100'), 200).body;
}

const about = (page: NoticePage, caseId: string, kind?: string) =>
  page.items.filter((n) => n.case.id === caseId && (!kind || n.kind === kind));

/** Waits until `client` has a notice of `kind` about the case; the other notices of that step exist by then. */
function noticeFor(client: Client, caseId: string, kind: string): Promise<Notice> {
  return waitFor(
    `a ${kind} notice about ${caseId}`,
    async () => about(await notices(client), caseId, kind)[0],
    20_000,
  );
}

it('a new case reaches the officers of its unit only; the next step reaches the leader, not who acted', async () => {
  const opened = await openCase(u);
  const work = await noticeFor(colleague, opened.id, 'work');
  expect(work).toMatchObject({
    role: 'officer',
    read: false,
    case: { id: opened.id, title: opened.title },
    params: { events: expect.arrayContaining(['ACCEPT']) },
  });
  // The same step's notices are written together: the others have theirs, or none, by now.
  expect(about(await notices(u.officer), opened.id, 'work')).toHaveLength(1);
  for (const other of [u.leader, u.committee, u.supervisor, below, leaderBelow]) {
    expect(about(await notices(other), opened.id)).toEqual([]);
  }

  await step(u, opened.id, 'ACCEPT');
  const leaderWork = await noticeFor(u.leader, opened.id, 'work');
  expect(leaderWork.params.events).toEqual(expect.arrayContaining(['APPROVE_INVESTIGATION']));
  // Who accepted is not told of their own step; the leader below the unit is out of reach.
  expect(about(await notices(u.officer), opened.id)).toHaveLength(1);
  expect(about(await notices(leaderBelow), opened.id)).toEqual([]);
});

it('reading a notice lowers the unread count; someone else’s notice is 404, a bad id 400', async () => {
  const opened = await openCase(u);
  const work = await noticeFor(colleague, opened.id, 'work');
  const before = (await notices(colleague)).unread;
  const read = expectStatus(
    await colleague.post<{ read: boolean; unread: number }>(`/notices/${work.id}/read`),
    200,
  );
  expect(read.body).toMatchObject({ read: true, unread: before - 1 });
  const again = expectStatus(await colleague.post<{ unread: number }>(`/notices/${work.id}/read`), 200);
  expect(again.body.unread).toBe(before - 1);
  expect(about(await notices(colleague), opened.id)[0].read).toBe(true);
  // The other officer's copy is still unread: read marks are per person.
  expect(about(await notices(u.officer), opened.id)[0].read).toBe(false);
  const unreadOnly = expectStatus(
    await colleague.get<NoticePage>('/notices?unread=true&limit=100'),
    200,
  ).body;
  expect(about(unreadOnly, opened.id)).toEqual([]);

  expect((await u.leader.post<ErrorBody>(`/notices/${work.id}/read`)).status).toBe(404);
  expect((await below.post<ErrorBody>(`/notices/${work.id}/read`)).status).toBe(404);
  const bad = await colleague.post<ErrorBody>('/notices/not-a-uuid/read');
  expect([bad.status, bad.body.message]).toEqual([400, expect.stringMatching(/notice id/)]);
  const badLimit = await colleague.get<ErrorBody>('/notices?limit=0');
  expect([badLimit.status, badLimit.body.message]).toEqual([400, expect.stringMatching(/limit/)]);
});

it('督办 reaches whom the case waits for, with the message; a time limit about to lapse does too', async () => {
  const opened = await openCase(u);
  const investigating = await walkToInvestigation(u, opened.id);
  const limit = investigating.deadlines.find((d) => d.kind === 'investigation' && d.status === 'pending')!;
  const message = '请于三日内报送调查进展。';
  expectStatus(await u.supervisor.post(`/cases/${opened.id}/urge`, { message, deadlineId: limit.id }), 201);
  const urge = await noticeFor(colleague, opened.id, 'urge');
  expect(urge.params).toMatchObject({ message, deadlineKind: 'investigation', dueAt: limit.dueAt });
  expect(about(await notices(u.supervisor), opened.id)).toEqual([]);
  expect(about(await notices(below), opened.id)).toEqual([]);

  const dueSoon = await noticeFor(colleague, opened.id, 'dueSoon');
  expect(dueSoon.params).toMatchObject({ deadlineKind: 'investigation', dueAt: limit.dueAt });
  expect(about(await notices(below), opened.id)).toEqual([]);
});

it('the unread count is live: the stream tells of new work as it is written, and of a notice read', async () => {
  const bearer = await signJwt(claims('lena-leader', ['leader']), TEST_SECRET);
  const leader = new Client(app.baseUrl, bearer);
  const stream = await openStream(`${app.baseUrl}/notices/stream`, bearer);
  try {
    expect([stream.status, stream.headers.get('content-type')]).toEqual([
      200,
      'text/event-stream; charset=utf-8',
    ]);
    const first = await stream.next<{ unread: number }>('the first count', () => true, 20_000);
    const opened = await openCase(u);
    await step(u, opened.id, 'ACCEPT');
    await stream.next<{ unread: number }>('one more', (d) => d.unread === first.unread + 1, 20_000);
    const work = about(await notices(leader), opened.id, 'work')[0];
    const read = expectStatus(await leader.post<{ unread: number }>(`/notices/${work.id}/read`), 200).body;
    expect(read.unread).toBe(first.unread);
    await stream.next<{ unread: number }>('one less', (d) => d.unread === read.unread, 20_000);
  } finally {
    stream.close();
  }
});

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A real receiver on 127.0.0.1 that answers 500 to its first request and 200 afterwards. */
async function receiver(): Promise<{ server: Server; url: string; got: Received[] }> {
  const got: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      got.push({ headers: req.headers, body });
      res.statusCode = got.length === 1 ? 500 : 200;
      res.end();
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, got };
}

/** What a deployment does with the header: recompute the HMAC over "<t>.<body>" and compare. */
function verifies(secret: string, body: string, header: string): boolean {
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=')));
  const mac = createHmac('sha256', secret).update(`${parts.t}.${body}`).digest();
  const given = Buffer.from(String(parts.v1), 'hex');
  return (
    given.length === mac.length &&
    timingSafeEqual(given, mac) &&
    Math.abs(Date.now() / 1000 - Number(parts.t)) < 300
  );
}

it('a webhook gets the notices signed, is retried after a 500, and logs its deliveries; another subtree’s webhook gets none', async () => {
  const hook = await receiver();
  const other = await receiver();
  try {
    const secret = 'a-shared-secret-of-the-gateway';
    const created = expectStatus(
      await u.admin.post<{ id: string; unitId: string }>('/webhooks', {
        url: hook.url,
        secret,
        kinds: ['work'],
      }),
      201,
    ).body;
    expect(created.unitId).toBe('test');
    const belowHook = expectStatus(
      await u.admin.post<{ id: string }>('/webhooks', {
        url: other.url,
        secret: 'another-secret-0123456789',
        kinds: ['work', 'urge', 'dueSoon'],
        unitId: TEST_SUB_UNIT,
      }),
      201,
    ).body;

    const opened = await openCase(u);
    const delivered = await waitFor(
      'the delivery after a retry',
      async () => {
        const log = expectStatus(
          await u.admin.get<{
            items: { status: string; attempts: number; lastStatus: number; body: string }[];
          }>(`/webhooks/${created.id}/deliveries`),
          200,
        ).body.items;
        return log.find((d) => d.status === 'delivered' && d.body.includes(opened.id));
      },
      20_000,
    );
    expect(delivered).toMatchObject({ attempts: 2, lastStatus: 200 });
    const mine = hook.got.filter((r) => r.body.includes(opened.id));
    expect(mine).toHaveLength(2);
    for (const r of mine) {
      expect(r.body).toBe(delivered.body);
      expect(verifies(secret, r.body, String(r.headers['wenze-signature']))).toBe(true);
      expect(verifies('a-wrong-secret-0123456789', r.body, String(r.headers['wenze-signature']))).toBe(false);
      expect(r.headers['wenze-event']).toBe('work');
    }
    const body = JSON.parse(mine[1].body) as {
      notice: { kind: string; audience: unknown };
      case: { id: string };
    };
    expect(body).toMatchObject({
      notice: { kind: 'work', audience: { unit: 'test', role: 'officer' } },
      case: { id: opened.id },
    });
    // Deliveries of one notice are written together: the hook of the unit below has none for this case.
    const belowLog = expectStatus(
      await u.admin.get<{ items: { body: string }[] }>(`/webhooks/${belowHook.id}/deliveries`),
      200,
    ).body.items;
    expect(belowLog.filter((d) => d.body.includes(opened.id))).toEqual([]);
    expect(other.got.filter((r) => r.body.includes(opened.id))).toEqual([]);
  } finally {
    hook.server.close();
    other.server.close();
  }
});

it('registering a webhook: bad input is 400, a unit outside reach 404, other roles 403; nothing is left behind', async () => {
  const before = expectStatus(await u.admin.get<{ items: unknown[] }>('/webhooks'), 200).body.items.length;
  const good = { url: 'http://127.0.0.1:9/hook', secret: 'a-shared-secret-of-the-gateway', kinds: ['work'] };
  const bad: [unknown, RegExp][] = [
    [{ ...good, url: 'ftp://127.0.0.1/hook' }, /http or https/],
    [{ ...good, url: 'not a url' }, /absolute http\(s\) URL/],
    [{ ...good, url: 'http://user:pw@127.0.0.1/hook' }, /user name or password/],
    [{ ...good, secret: 'short' }, /secret must be 16 to 200 characters/],
    [{ ...good, kinds: [] }, /at least one notice kind/],
    [{ ...good, kinds: ['everything'] }, /kinds must be among/],
    [{ ...good, extra: true }, /extra/],
  ];
  for (const [body, why] of bad) {
    const reply = await u.admin.post<ErrorBody>('/webhooks', body);
    expect([reply.status, reply.body.message]).toEqual([400, expect.stringMatching(why)]);
  }
  const adminBelow = await as('ann-admin-below', ['admin'], TEST_SUB_UNIT);
  expect((await adminBelow.post<ErrorBody>('/webhooks', { ...good, unitId: 'test' })).status).toBe(404);
  expect((await u.supervisor.post<ErrorBody>('/webhooks', good)).status).toBe(403);
  expect(expectStatus(await u.admin.get<{ items: unknown[] }>('/webhooks'), 200).body.items).toHaveLength(
    before,
  );
});

it('removing a webhook: nothing more is sent to it; outside reach 404, other roles 403', async () => {
  const hook = await receiver();
  try {
    const created = expectStatus(
      await u.admin.post<{ id: string }>('/webhooks', {
        url: hook.url,
        secret: 'a-shared-secret-of-the-gateway',
        kinds: ['work'],
      }),
      201,
    ).body;
    const adminBelow = await as('ann-admin-below', ['admin'], TEST_SUB_UNIT);
    expect((await adminBelow.request('DELETE', `/webhooks/${created.id}`)).status).toBe(404);
    expect((await u.supervisor.request('DELETE', `/webhooks/${created.id}`)).status).toBe(403);
    expect((await u.admin.request('DELETE', '/webhooks/not-an-id')).status).toBe(400);
    expect((await u.admin.request('DELETE', `/webhooks/${created.id}`)).status).toBe(204);
    expect((await u.admin.request('DELETE', `/webhooks/${created.id}`)).status).toBe(404);
    const listed = expectStatus(await u.admin.get<{ items: { id: string }[] }>('/webhooks'), 200).body.items;
    expect(listed.map((w) => w.id)).not.toContain(created.id);
    expect((await u.admin.get(`/webhooks/${created.id}/deliveries`)).status).toBe(404);
    // new work after the removal: a kept webhook gets it, the removed one nothing
    const kept = await receiver();
    try {
      const keptHook = expectStatus(
        await u.admin.post<{ id: string }>('/webhooks', {
          url: kept.url,
          secret: 'another-secret-0123456789',
          kinds: ['work'],
        }),
        201,
      ).body;
      const opened = await openCase(u);
      await waitFor(
        'the kept webhook’s delivery',
        async () =>
          expectStatus(
            await u.admin.get<{ items: { status: string; body: string }[] }>(
              `/webhooks/${keptHook.id}/deliveries`,
            ),
            200,
          ).body.items.find((d) => d.status === 'delivered' && d.body.includes(opened.id)),
        20_000,
      );
      expect(hook.got.filter((r) => r.body.includes(opened.id))).toEqual([]);
      expect((await u.admin.request('DELETE', `/webhooks/${keptHook.id}`)).status).toBe(204);
    } finally {
      kept.server.close();
    }
  } finally {
    hook.server.close();
  }
});

interface AccessLogPage {
  items: { actor: { sub: string }; action: string; caseId: string | null; case: { title: string } | null }[];
}

it('查阅登记: reads are found by the case’s title or number, and name the case read', async () => {
  const opened = await openCase(u, { title: `查阅登记测试 ${Date.now()}` });
  expectStatus(await colleague.get(`/cases/${opened.id}`), 200);
  const page = expectStatus(
    await u.supervisor.get<AccessLogPage>(
      `/access-log?q=${encodeURIComponent(opened.title)}&actor=otto-officer`,
    ),
    200,
  ).body;
  expect(page.items).toEqual([
    expect.objectContaining({
      actor: expect.objectContaining({ sub: 'otto-officer' }),
      action: 'case.read',
      caseId: opened.id,
      case: { title: opened.title, businessKey: opened.businessKey },
    }),
  ]);
  const tooLong = await u.supervisor.get<ErrorBody>(`/access-log?q=${'x'.repeat(201)}`);
  expect([tooLong.status, tooLong.body.message]).toEqual([
    400,
    expect.stringMatching(/q must be at most 200/),
  ]);
});
