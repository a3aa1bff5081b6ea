/*
 * Bad requests of every kind get a 4xx with a message naming the problem, never a 500, and never
 * write anything: the reference case's revision and history, and the number of cases, stay as they were.
 */
import { connect } from 'node:net';
import { SAMPLE } from '../machines/accountability.fixtures';
import { WORKFLOWS } from '../workflows';
import { claims, epoch, signJwt, unsignedJwt } from './support/jwt';
import {
  getCase,
  history,
  openBody,
  openCase,
  unique,
  users,
  walkPages,
  walkToDecision,
  walkToInvestigation,
  type CaseView,
  type ErrorBody,
  type Users,
} from './support/procedure';
import { Client, startTestApp, TEST_SECRET, token, type Reply, type TestApp } from './support/test-app';

let app: TestApp;
let u: Users;
/** A case in `investigation`, the target of the bad events. */
let target: CaseView;
/** A case in `decision`, for the richer payloads. */
let deciding: CaseView;

interface Written {
  cases: number;
  revisions: [number, number];
  history: [number, number];
}

async function written(): Promise<Written> {
  const all = await walkPages<CaseView>(u.officer, '/cases', 100);
  const [a, b] = await Promise.all([getCase(u.officer, target.id), getCase(u.officer, deciding.id)]);
  const [ha, hb] = await Promise.all([history(u.officer, target.id), history(u.officer, deciding.id)]);
  return { cases: all.items.length, revisions: [a.revision, b.revision], history: [ha.length, hb.length] };
}

let baseline: Written;

beforeAll(async () => {
  app = await startTestApp();
  u = await users(app.baseUrl);
  target = await openCase(u);
  await walkToInvestigation(u, target.id);
  deciding = await openCase(u);
  await walkToDecision(u, deciding.id);
  baseline = await written();
});

afterEach(async () => {
  // After every bad request: nothing was written.
  expect(await written()).toEqual(baseline);
});

afterAll(async () => {
  await app?.close();
});

/** A 4xx with the standard error body; the message must match. */
function expectError(reply: Reply<unknown>, status: number, message?: RegExp): ErrorBody {
  const body = reply.body as ErrorBody;
  if (reply.status !== status) {
    throw new Error(`expected HTTP ${status}, got ${reply.status}: ${JSON.stringify(reply.body)}`);
  }
  expect(body).toMatchObject({ statusCode: status, error: expect.any(String), message: expect.any(String) });
  if (message) expect(body.message).toMatch(message);
  return body;
}

describe('opening a case', () => {
  it('unknown workflow: 400 naming it, and no subject is created', async () => {
    const ref = unique('ghost-');
    const reply = await u.integration.post('/cases', {
      ...openBody({ subject: { ref } }),
      workflow: 'witchHunt',
    });
    const body = expectError(reply, 400, /Unknown workflow "witchHunt"/);
    // each workflow once, whatever versions of it are deployed
    expect(body.details).toMatchObject({ known: [...new Set(WORKFLOWS.map((w) => w.name))] });
    expectError(await u.officer.get(`/subjects/${ref}`), 404);
  });

  it('missing fields: 400 naming each one', async () => {
    const { title: _title, source: _source, ...rest } = openBody();
    const body = expectError(await u.integration.post('/cases', rest), 400, /title/);
    expect(body.message).toMatch(/source/);
    expect(body.details?.problems).toEqual(
      expect.arrayContaining([expect.stringMatching(/^title/), expect.stringMatching(/^source/)]),
    );
  });

  it('wrong-typed and invalid fields: 400 naming the field, nested ones by their path', async () => {
    expectError(
      await u.integration.post('/cases', { ...openBody(), title: 42 }),
      400,
      /title must be a string/,
    );
    const badKind = openBody();
    const reply = await u.integration.post('/cases', {
      ...badKind,
      subject: { ...badKind.subject, kind: 'robot' },
    });
    expectError(reply, 400, /subject\.kind/);
    expectError(await u.integration.post('/cases', { ...openBody(), subject: 'Zhang San' }), 400, /subject/);
    expectError(await u.integration.post('/cases', { ...openBody(), title: 'x'.repeat(501) }), 400, /title/);
  });

  it('extra unknown fields: 400 naming them', async () => {
    expectError(
      await u.integration.post('/cases', { ...openBody(), priority: 'high' }),
      400,
      /priority should not exist/,
    );
    const body = openBody();
    const nested = await u.integration.post('/cases', { ...body, subject: { ...body.subject, salary: 1 } });
    expectError(nested, 400, /salary should not exist/);
  });

  it('a body that is not a JSON object, malformed JSON, or another content type: 4xx, never 500', async () => {
    expectError(await u.integration.post('/cases', '{"workflow": "accountability", '), 400);
    expectError(await u.integration.post('/cases', '[]'), 400);
    expectError(await u.integration.post('/cases', 'null'), 400);
    const text = await u.integration.request('POST', '/cases', 'workflow=accountability', {
      'content-type': 'text/plain',
    });
    expect(text.status).toBeGreaterThanOrEqual(400);
    expect(text.status).toBeLessThan(500);
  });

  it('an oversized body: 413', async () => {
    const body = JSON.stringify({ ...openBody(), facts: 'x'.repeat(2 * 1024 * 1024) });
    expect(await oversizedStatus('/cases', body)).toBe(413);
  });

  it('a bad Idempotency-Key: 400', async () => {
    const reply = await u.integration.post('/cases', openBody(), { 'idempotency-key': 'k'.repeat(201) });
    expectError(reply, 400, /Idempotency-Key/);
  });
});

describe('sending events', () => {
  it('unknown event: 400 naming it', async () => {
    const body = expectError(await u.officer.send(target.id, 'FLY_AWAY'), 400, /Unknown event "FLY_AWAY"/);
    expect(body.details?.known).toEqual(expect.arrayContaining(['ACCEPT', 'DECIDE']));
  });

  it('a timeout event from a user: refused', async () => {
    const reply = await u.officer.send(target.id, 'xstate.after.investigation.accountability.investigation');
    expectError(reply, 403, /deadline timer/);
  });

  it('missing payload or payload fields: 400 naming the field', async () => {
    expectError(await u.officer.send(target.id, 'RECORD_STATEMENT'), 400, /statement/);
    expectError(
      await u.officer.send(target.id, 'RECORD_STATEMENT', {}),
      400,
      /Invalid payload for RECORD_STATEMENT: .*statement/,
    );
    expectError(
      await u.officer.send(target.id, 'RECORD_STATEMENT', { statement: '' }),
      400,
      /statement should not be empty/,
    );
    expectError(await u.leader.send(target.id, 'EXTEND_INVESTIGATION', { reason: 'more time' }), 400, /days/);
    const { decisionNo: _n, ...noNumber } = SAMPLE.DECIDE;
    expectError(await u.committee.send(deciding.id, 'DECIDE', noNumber), 400, /decisionNo/);
  });

  it('wrong-typed payload fields: 400 naming the field, nested ones by their path', async () => {
    expectError(
      await u.leader.send(target.id, 'EXTEND_INVESTIGATION', { days: 'ten', reason: 'x' }),
      400,
      /days must be an integer/,
    );
    expectError(
      await u.leader.send(target.id, 'EXTEND_INVESTIGATION', { days: 1000, reason: 'x' }),
      400,
      /days must not be greater than 365/,
    );
    expectError(
      await u.officer.send(target.id, 'RECORD_STATEMENT', { statement: ['a'] }),
      400,
      /statement must be a string/,
    );
    const flogging = { ...SAMPLE.DECIDE, measures: [{ type: 'flogging' }] };
    expectError(await u.committee.send(deciding.id, 'DECIDE', flogging), 400, /measures\.0\.type/);
    const noDetail = { ...SAMPLE.DECIDE, measures: [{ type: 'organisationalHandling' }] };
    expectError(await u.committee.send(deciding.id, 'DECIDE', noDetail), 400, /measures\.0\.detail/);
    const badDate = { ...SAMPLE.DECIDE, rectification: { requirement: 'fix it', dueAt: 'next Tuesday' } };
    expectError(await u.committee.send(deciding.id, 'DECIDE', badDate), 400, /rectification\.dueAt/);
    const badTransfer = { to: 'moon', reference: 'X' };
    expectError(await u.committee.send(deciding.id, 'TRANSFER', badTransfer), 400, /to must be one of/);
    expectError(
      await u.officer.send(target.id, 'RECORD_STATEMENT', ['a statement']),
      400,
      /payload must be (a JSON|an) object/,
    );
    expectError(await u.officer.send(target.id, 'RECORD_STATEMENT', 'a statement'), 400, /payload/);
    expectError(
      await u.officer.post(`/cases/${target.id}/events`, { type: 42 }),
      400,
      /type must be a string/,
    );
    expectError(await u.officer.post(`/cases/${target.id}/events`, {}), 400, /type/);
  });

  it('a measure that does not fit the subject: refused with a message naming the problem', async () => {
    // `inspection` is a measure on organisations; the subject is a person.
    const reply = await u.committee.send<ErrorBody>(deciding.id, 'DECIDE', {
      ...SAMPLE.DECIDE,
      measures: [{ type: 'inspection' }],
    });
    expect([400, 422]).toContain(reply.status);
    // Not "DECIDE is not allowed in state decision; allowed now: DECIDE, …": say what is wrong with this DECIDE.
    expect(reply.body.message).toMatch(/measure|subject|inspection/i);
  });

  it('extra unknown payload fields: 400 naming them', async () => {
    const reply = await u.officer.send(target.id, 'RECORD_STATEMENT', { statement: 'x', mood: 'angry' });
    expectError(reply, 400, /mood should not exist/);
    expectError(
      await u.officer.send(target.id, 'WAIVE_STATEMENT', { reason: 'x', forced: true }),
      400,
      /forced should not exist/,
    );
    expectError(await u.officer.send(target.id, 'ACCEPT', { note: 'x' }), 400, /ACCEPT takes no payload/);
    const extraTop = await u.officer.post(`/cases/${target.id}/events`, {
      type: 'RECORD_STATEMENT',
      payload: { statement: 'x' },
      at: '2020-01-01T00:00:00Z',
    });
    expectError(extraTop, 400, /at should not exist/);
  });

  it('an oversized event body: 413', async () => {
    const body = JSON.stringify({
      type: 'RECORD_STATEMENT',
      payload: { statement: 'x'.repeat(2 * 1024 * 1024) },
    });
    expect(await oversizedStatus(`/cases/${target.id}/events`, body)).toBe(413);
  });

  it('malformed JSON: 400', async () => {
    expectError(
      await u.officer.post(`/cases/${target.id}/events`, '{"type": "RECORD_STATEMENT", "payload": {'),
      400,
    );
  });

  it('an event the state does not accept: 422 with the allowed events', async () => {
    const body = expectError(
      await u.officer.send(target.id, 'ACCEPT'),
      422,
      /ACCEPT is not allowed in state investigation/,
    );
    expect(body.details?.allowedEvents).toEqual(expect.arrayContaining(['RECORD_STATEMENT']));
  });

  it('unknown payload keys named like object members are refused like any other (400), and write nothing', async () => {
    const before = await getCase(u.officer, target.id);
    for (const key of [
      'prototype',
      'valueOf',
      'hasOwnProperty',
      '__defineGetter__',
      'constructor',
      'toString',
    ]) {
      const reply = await u.officer.post(`/cases/${target.id}/events`, {
        type: 'RECORD_STATEMENT',
        payload: JSON.parse(`{"statement":"x","${key}":{}}`),
      });
      expectError(reply, 400, new RegExp(`${key} should not exist`));
    }
    expect((await getCase(u.officer, target.id)).revision).toBe(before.revision);
  });

  it('bad If-Match and dryRun values: 400; a stale If-Match: 409', async () => {
    const statement = { statement: 'x' };
    expectError(
      await u.officer.send(target.id, 'RECORD_STATEMENT', statement, { 'if-match': 'yesterday' }),
      400,
      /If-Match/,
    );
    const dry = await u.officer.post(`/cases/${target.id}/events?dryRun=perhaps`, {
      type: 'RECORD_STATEMENT',
      payload: statement,
    });
    expectError(dry, 400, /dryRun must be true or false/);
    // A bracketed or unknown query parameter is refused, never ignored (which would commit the event).
    const before = await getCase(u.officer, target.id);
    for (const query of ['dryRun[]=true', 'dryrun=true', 'dry_run=true', 'dryRun=true&commit=yes']) {
      const reply = await u.officer.post(`/cases/${target.id}/events?${query}`, {
        type: 'RECORD_STATEMENT',
        payload: statement,
      });
      expectError(reply, 400, /should not exist|dryRun/);
    }
    expect((await getCase(u.officer, target.id)).revision).toBe(before.revision);
    expectError(
      await u.officer.send(target.id, 'RECORD_STATEMENT', statement, { 'if-match': '"1"' }),
      409,
      /revision/,
    );
  });
});

describe('addressing cases', () => {
  const missing = '3f0b2a7c-1d2e-4f5a-8b9c-0d1e2f3a4b5c';

  it('a bad case id: 400 on every route', async () => {
    for (const path of ['/cases/not-a-case', '/cases/123/history', '/cases/%27%20OR%201=1/verify']) {
      expectError(await u.officer.get(path), 400, /id must be a case id/);
    }
    expectError(await u.officer.send('not-a-case', 'ACCEPT'), 400, /id must be a case id/);
  });

  it('an unknown case: 404 on every route', async () => {
    for (const path of [`/cases/${missing}`, `/cases/${missing}/history`, `/cases/${missing}/verify`]) {
      expectError(await u.officer.get(path), 404, new RegExp(`No case ${missing}`));
    }
    expectError(await u.officer.send(missing, 'ACCEPT'), 404, new RegExp(`No case ${missing}`));
    expectError(await u.officer.post(`/cases/${missing}/events?dryRun=true`, { type: 'ACCEPT' }), 404);
  });

  it('an unknown workflow in the catalogue: 4xx naming it', async () => {
    const reply = await u.officer.get<ErrorBody>('/workflows/witchHunt');
    expect([400, 404]).toContain(reply.status);
    expect(reply.body.message).toMatch(/witchHunt/);
  });

  it('an unknown route: 404', async () => {
    expectError(await u.officer.get('/nothing-here'), 404);
  });
});

describe('lists', () => {
  it('a bad cursor: 400 naming the cursor', async () => {
    const wrongShape = Buffer.from(JSON.stringify({ a: 1 })).toString('base64url');
    for (const cursor of ['garbage!', wrongShape, Buffer.from('["only-one"]').toString('base64url')]) {
      expectError(
        await u.officer.get(`/cases?cursor=${encodeURIComponent(cursor)}`),
        400,
        /cursor is not valid/,
      );
      expectError(
        await u.supervisor.get(`/audit?cursor=${encodeURIComponent(cursor)}`),
        400,
        /cursor is not valid/,
      );
    }
  });

  it('a cursor whose values the lists never write: 400 on every paged list, not a failed query', async () => {
    const encode = (values: unknown) => Buffer.from(JSON.stringify(values)).toString('base64url');
    const time = '2026-01-05T08:00:00.000Z';
    const cursors = [
      Buffer.from('[1e400,"x"]').toString('base64url'), // a number past a double's range: Infinity
      encode(['1e400', 'x']), // text where the sort key is a time
      encode(['last tuesday', 'x']),
      encode([time, 'x'.repeat(201)]),
      encode([time, 7]),
    ];
    // The audit trail's ids are integers: on PostgreSQL text or an out-of-range number failed the query.
    const auditOnly = [encode([time, 'abc']), encode([time, '99999999999999999999']), encode([time, '-1'])];
    const lists: [Client, string, string[]][] = [
      [u.officer, '/cases', cursors],
      [u.officer, '/deadlines', cursors],
      [u.supervisor, '/audit', [...cursors, ...auditOnly]],
    ];
    for (const [client, path, bad] of lists) {
      for (const cursor of bad) {
        expectError(await client.get(`${path}?cursor=${cursor}`), 400, /cursor is not valid/);
      }
      // A cursor the list wrote itself still pages.
      const first = await client.get<{ nextCursor: string | null }>(`${path}?limit=1`);
      expect(first.status).toBe(200);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      expect((await client.get(`${path}?limit=1&cursor=${first.body.nextCursor}`)).status).toBe(200);
    }
  });

  it('bad limits and filters: 400 naming the parameter', async () => {
    expectError(await u.officer.get('/cases?limit=0'), 400, /limit/);
    expectError(await u.officer.get('/cases?limit=1000'), 400, /limit/);
    expectError(await u.officer.get('/cases?limit=many'), 400, /limit/);
    for (const limit of ['0x10', '1e1', '%2010', '10.0']) {
      expectError(await u.officer.get(`/cases?limit=${limit}`), 400, /limit must be a whole number/);
    }
    expectError(await u.officer.get('/cases?q=%00'), 400, /q must not contain NUL/);
    expectError(await u.officer.get('/cases?status=sleeping'), 400, /status/);
    expectError(await u.officer.get('/cases?overdue=maybe'), 400, /overdue must be true or false/);
    expectError(await u.officer.get('/cases?colour=red'), 400, /colour should not exist/);
    expectError(await u.supervisor.get('/audit?from=last%20week'), 400, /from must be an ISO 8601/);
    expectError(await u.supervisor.get('/audit?caseId=42'), 400, /caseId must be a case id/);
  });
});

describe('authentication', () => {
  const path = () => `/cases/${target.id}`;
  const as = (bearer?: string) => new Client(app.baseUrl, bearer);

  it('a token naming the deadline timer may not send a timeout: timeouts never come over HTTP', async () => {
    const view = await getCase(u.officer, target.id);
    const timeout = `xstate.after.investigation.accountability.investigation`;
    for (const roles of [['officer'], ['admin'], ['supervisor']]) {
      const timer = await Client.as(app.baseUrl, 'system:deadline', roles);
      expectError(await timer.send(target.id, timeout), 403, /Only the deadline timer sends timeout events/);
    }
    // Without any role of the service, the route itself is closed.
    const roleless = await Client.as(app.baseUrl, 'system:deadline', []);
    expectError(await roleless.send(target.id, timeout), 403, /may not use this/);
    const after = await getCase(u.officer, target.id);
    expect({ state: after.state, revision: after.revision }).toEqual({
      state: view.state,
      revision: view.revision,
    });
  });

  it('no token: 401', async () => {
    expectError(await as().get(path()), 401, /Missing bearer token/);
    expectError(
      await as().send(target.id, 'RECORD_STATEMENT', { statement: 'x' }),
      401,
      /Missing bearer token/,
    );
    expectError(await as().post('/cases', openBody()), 401);
    const basic = await as().get(path(), { authorization: 'Basic b2ZmaWNlcjpwYXNzd29yZA==' });
    expectError(basic, 401, /Missing bearer token/);
  });

  it('a token signed with another key: 401', async () => {
    const forged = signJwt(claims('olivia-officer', ['officer']), 'someone-elses-secret-0123456789abcdef');
    expectError(await as(forged).get(path()), 401, /signature/);
    expectError(await as(forged).send(target.id, 'RECORD_STATEMENT', { statement: 'x' }), 401, /signature/);
  });

  it('an expired token: 401', async () => {
    const expired = signJwt(
      { ...claims('olivia-officer', ['officer']), iat: epoch(-7200), exp: epoch(-3600) },
      TEST_SECRET,
    );
    expectError(await as(expired).get(path()), 401, /expired/);
    expectError(await as(expired).send(target.id, 'RECORD_STATEMENT', { statement: 'x' }), 401, /expired/);
  });

  it('an unsigned token (alg: none): 401', async () => {
    const unsigned = unsignedJwt(claims('olivia-officer', ['officer', 'admin']));
    expectError(await as(unsigned).get(path()), 401, /token/i);
    expectError(await as(unsigned).send(target.id, 'RECORD_STATEMENT', { statement: 'x' }), 401, /token/i);
  });

  it('a token with another algorithm (HS512 with the right key): 401', async () => {
    const hs512 = signJwt(claims('olivia-officer', ['officer']), TEST_SECRET, { alg: 'HS512', typ: 'JWT' });
    expectError(await as(hs512).get(path()), 401, /HS256/);
  });

  it('a token without roles or without a subject: 401 naming the claim', async () => {
    const { roles: _roles, ...noRoles } = claims('olivia-officer', ['officer']);
    expectError(await as(signJwt(noRoles, TEST_SECRET)).get(path()), 401, /roles/);
    const notAList = { ...claims('olivia-officer', []), roles: 'officer' };
    expectError(await as(signJwt(notAList, TEST_SECRET)).get(path()), 401, /roles/);
    const { sub: _sub, ...noSub } = claims('olivia-officer', ['officer']);
    expectError(await as(signJwt(noSub, TEST_SECRET)).get(path()), 401, /sub/);
  });

  it('garbage in the Authorization header: 401', async () => {
    expectError(await as('not.a.jwt').get(path()), 401, /token/i);
    expectError(await as('abc').get(path()), 401, /token/i);
  });

  it('a valid token with only unknown roles may neither read nor act: 403', async () => {
    const stranger = as(signJwt(claims('stranger', ['janitor']), TEST_SECRET));
    expectError(await stranger.get(path()), 403, /none/);
    expectError(await stranger.get(`/cases/${target.id}`), 403, /none/);
    expectError(await stranger.send(target.id, 'RECORD_STATEMENT', { statement: 'x' }), 403, /none/);
    expectError(await stranger.post('/cases', openBody()), 403);
  });
});

/**
 * The status the service answers to a body over its limit. It answers 413 as soon as it reads the
 * Content-Length, and closes: a client that writes the 2 MB regardless (as fetch does) often meets
 * the closed connection before it reads the answer. So this sends the headers, and waits.
 */
async function oversizedStatus(path: string, body: string): Promise<number> {
  const url = new URL(app.baseUrl + path);
  const bearer = await token('big-sender', ['officer', 'integration']);
  const socket = connect(Number(url.port), url.hostname);
  socket.setEncoding('utf8');
  const answer = new Promise<string>((ok, fail) => {
    let text = '';
    socket.on('data', (chunk: string) => (text += chunk));
    socket.once('close', () => ok(text));
    socket.once('error', fail);
  });
  await new Promise<void>((done) => socket.once('connect', () => done()));
  socket.write(
    `POST ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: Bearer ${bearer}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n` +
      body.slice(0, 1000),
  );
  const text = await answer;
  return Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
}
