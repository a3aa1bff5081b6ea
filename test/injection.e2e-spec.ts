/*
 * Hostile text — SQL, LIKE wildcards, script, JSON-ish, template syntax, control and very long
 * unicode — in every free-text field and every filter. Text is stored and returned verbatim (or
 * refused with a 4xx), never executed: the tables are all still there, no filter widens to other
 * rows, and `q=%` finds only titles with a literal %. (NUL, the bidirectional embedding/override/isolate
 * controls and lone surrogates are refused outright: abuse.e2e-spec; the marks U+200E/U+200F stay text.)
 */
import { SAMPLE } from '../machines/accountability.fixtures';
import { claims, signJwt } from './support/jwt';
import {
  expectStatus,
  getCase,
  history,
  openBody,
  openCase,
  rectificationCaseOf,
  rectificationOrder,
  step,
  unique,
  users,
  walkPages,
  walkToDecision,
  walkToInvestigation,
  type CaseView,
  type Users,
} from './support/procedure';
import { Client, startTestApp, TEST_SECRET, type Reply, type TestApp } from './support/test-app';

let app: TestApp;
let u: Users;

const TABLES = ['case', 'transition', 'deadline', 'subject', 'measure', 'case_link', 'idempotency_key'];

async function counts(): Promise<Record<string, number>> {
  const sql = `SELECT ${TABLES.map((t) => `(SELECT COUNT(*) FROM "${t}") AS "${t}"`).join(', ')}`;
  const [row] = await app.store.query<Record<string, number | string>>(sql);
  return Object.fromEntries(TABLES.map((t) => [t, Number(row[t])]));
}

/** A string of exactly `units` UTF-16 code units mixing CJK, accents, emoji (surrogate pairs), RTL and zero-width marks. */
function longUnicode(units: number): string {
  const pieces = ['问责', 'é', '🚨', '\u200f', 'ß', '\u200b', 'Ω', '👩‍⚖️', 'ع'];
  let s = '';
  for (let i = 0; s.length < units; i++) s += pieces[i % pieces.length];
  // Cut on a code point boundary, then pad with a one-unit character.
  let cut = s.slice(0, units);
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  return cut.padEnd(units, 'x');
}

const HOSTILE = [
  "' OR 1=1 --",
  '"; DROP TABLE "case"; --',
  "'); DROP TABLE subject; --",
  "1'; DELETE FROM transition WHERE '1'='1",
  '\' UNION SELECT id, snapshot FROM "case" --',
  '%',
  '_',
  '\\',
  '\\%',
  '%_%',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '{"$gt": ""}',
  '{"__proto__": {"admin": true}}',
  '${7*7} {{7*7}} #{7*7}',
  '../../../../etc/passwd',
  'line\r\nX-Injected: yes',
  'tab\tquote"apostrophe\'backtick`',
  '\u200fgnp.exe',
  longUnicode(180),
];

/** `text` in a field of at most `max` units: as is when it fits, else a unicode string of exactly `max`. */
const fit = (text: string, max: number) => (text.length <= max ? text : longUnicode(max));

beforeAll(async () => {
  app = await startTestApp();
  u = await users(app.baseUrl);
});

afterAll(async () => {
  await app?.close();
});

describe('free-text fields keep hostile text verbatim', () => {
  it.each(HOSTILE.map((s, i) => [i, s]))(
    '#%i %j: title, business key, subject, facts and payloads',
    async (_i, s) => {
      const ref = `${s}-${unique()}`.slice(-200);
      const businessKey = `${unique('bk-')}${s}`.slice(0, 200);
      const opened = await u.integration.post<CaseView>('/cases', {
        // The situation is a checked list (2019 Art 7), no longer free text: it is refused there (accountability-v2).
        ...openBody({ businessKey, title: s, facts: s }),
        subject: { kind: 'individual', ref, name: s, organisation: s, post: s },
      });
      expectStatus(opened, 201);
      const c = opened.body;
      expect({ title: c.title, businessKey: c.businessKey }).toEqual({ title: s, businessKey });
      expect(c.subject).toMatchObject({ ref, name: s, organisation: s, post: s });
      expect(c.context).toMatchObject({ title: s, facts: s, situation: 'seriousAccident' });

      await walkToInvestigation(u, c.id);
      await step(u, c.id, 'RECORD_STATEMENT', { statement: s });
      await step(u, c.id, 'EXTEND_INVESTIGATION', { days: 10, reason: s });
      const after = await getCase(u.officer, c.id);
      expect(after.context).toMatchObject({ statements: [expect.objectContaining({ text: s })] });
      const rows = await history(u.officer, c.id);
      expect(rows.slice(-2).map((r) => r.payload)).toEqual([{ statement: s }, { days: 10, reason: s }]);

      // Found by its own text: the subject by ref, the case by q.
      const record = expectStatus(
        await u.officer.get<{ ref: string; name: string }>(`/subjects/${encodeURIComponent(ref)}`),
        200,
      );
      expect(record.body).toMatchObject({ ref, name: s });
      const found = await walkPages<CaseView>(
        u.officer,
        `/cases?q=${encodeURIComponent(s.slice(0, 200))}`,
        100,
      );
      expect(found.items.map((x) => x.id)).toContain(c.id);

      const verify = expectStatus(await u.supervisor.get<{ ok: boolean }>(`/cases/${c.id}/verify`), 200).body;
      expect(verify.ok).toBe(true);
    },
  );

  it('hostile text in the richer payloads (decision, linked cases, delivery, appeal, correction) comes back verbatim', async () => {
    const s = HOSTILE.slice(0, 12).join(' | ');
    const c = await openCase(u, { businessKey: unique("bk-'--") });
    await walkToDecision(u, c.id);
    const linkedRef = `${unique('L-')}' OR 1=1 --`;
    const decided = await step(u, c.id, 'DECIDE', {
      decisionNo: fit(s, 200),
      measures: [{ type: 'formalWarning', responsibility: 'direct' }],
      serious: false,
      rectification: { ...rectificationOrder(), requirement: s },
      alsoInvestigate: [
        {
          subject: { kind: 'individual', ref: linkedRef, name: fit(s, 200) },
          responsibility: 'mainLeadership',
          title: fit(s, 200),
        },
      ],
    });
    const link = decided.links.find((l) => l.relation === 'alsoInvestigate')!;
    expect(link.title).toBe(fit(s, 200));
    const linked = await getCase(u.officer, link.caseId);
    expect(linked.subject).toMatchObject({ ref: linkedRef, name: fit(s, 200) });
    await step(u, c.id, 'DELIVER', {
      deliveredAt: new Date().toISOString(),
      recipients: [{ kind: 'other', name: fit(s, 200) }],
    });
    // The order to rectify went to a rectification case of its own, verbatim.
    const r = await rectificationCaseOf(u.officer, c.id);
    expect(r.context).toMatchObject({ items: [{ description: s }] });
    await step(u, c.id, 'FILE_APPEAL', { grounds: s });
    await step(u, c.id, 'CORRECT_DECISION', { reason: s });
    const rows = await history(u.officer, c.id);
    expect(rows.slice(-3).map((r) => r.payload)).toEqual([
      { deliveredAt: expect.any(String), recipients: [{ kind: 'other', name: fit(s, 200) }] },
      { grounds: s },
      { reason: s },
    ]);
    expect((await getCase(u.officer, c.id)).outcome).toBe('corrected');
    expect(expectStatus(await u.supervisor.get<{ ok: boolean }>(`/cases/${c.id}/verify`), 200).body.ok).toBe(
      true,
    );
  });

  it('the longest text every field takes, in unicode, is stored whole (or refused with 400 naming the field, never 500)', async () => {
    // The DTO limits: title 500, business key and subject fields 200, facts and payload text 20 000.
    const title = longUnicode(500);
    const key200 = longUnicode(200);
    // Headers are bytes: the longest key is ASCII.
    const IDEMPOTENCY_KEY = `${unique()}${"' OR 1=1 --".repeat(20)}`.slice(0, 200);
    const subject = {
      kind: 'individual',
      ref: longUnicode(199) + '1',
      name: key200,
      organisation: key200,
      post: key200,
    };
    const longest = {
      ...openBody({ businessKey: key200, title, facts: longUnicode(20_000) }),
      subject,
    };
    const opened = await u.integration.post<CaseView>('/cases', longest, {
      'idempotency-key': IDEMPOTENCY_KEY,
    });
    expectStatus(opened, 201);
    const c = opened.body;
    expect({ title: c.title, businessKey: c.businessKey, name: c.subject.name, ref: c.subject.ref }).toEqual({
      title,
      businessKey: key200,
      name: key200,
      ref: subject.ref,
    });
    expect((c.context as { facts: string }).facts).toBe(longUnicode(20_000));
    // The same Idempotency-Key (200 characters, so more than 200 once scoped to the caller) with the same
    // body finds it again.
    const again = await u.integration.post<CaseView>('/cases', longest, {
      'idempotency-key': IDEMPOTENCY_KEY,
    });
    expect({ status: again.status, id: again.body.id }).toEqual({ status: 200, id: c.id });

    await walkToDecision(u, c.id);
    // A linked case whose derived business key and title are longer than the columns.
    const decided = await step(u, c.id, 'DECIDE', {
      ...SAMPLE.DECIDE,
      alsoInvestigate: [
        { subject: { kind: 'individual', ref: longUnicode(200), name: key200 }, responsibility: 'direct' },
      ],
    });
    const linked = await getCase(u.officer, decided.links[0].caseId);
    expect(linked.title.length).toBeLessThanOrEqual(500);
    expect(linked.title.startsWith(title.slice(0, 400))).toBe(true);
    expect(linked.businessKey.length).toBeLessThanOrEqual(200);
    await step(u, c.id, 'DELIVER', {
      deliveredAt: new Date().toISOString(),
      recipients: [{ kind: 'subject', name: key200 }],
    });
    // A correction reason of 20 000 characters (the measures' lifted reason keeps what fits).
    await step(u, c.id, 'CORRECT_DECISION', { reason: longUnicode(20_000) });
    const rows = await history(u.officer, c.id);
    expect(rows[rows.length - 1].payload).toEqual({ reason: longUnicode(20_000) });
    expect(expectStatus(await u.supervisor.get<{ ok: boolean }>(`/cases/${c.id}/verify`), 200).body.ok).toBe(
      true,
    );

    // One character over a limit: 400 naming the field.
    const over = await u.integration.post('/cases', openBody({ title: '问'.repeat(501) }));
    expect(over.status).toBe(400);
    expect((over.body as { message: string }).message).toMatch(/title/);
  });

  it('text the length check undercounts (variation selectors) is stored whole or refused with 400', async () => {
    // class-validator's MaxLength does not count a U+FE0F after a character; the database does.
    const before = await counts();
    const title = '☎\ufe0f'.repeat(400); // 800 code points, 400 for the check
    const reply = await u.integration.post<CaseView>('/cases', openBody({ title }));
    if (reply.status === 201) {
      expect((await getCase(u.officer, reply.body.id)).title).toBe(title);
    } else {
      expect({ status: reply.status, body: reply.body }).toMatchObject({
        status: 400,
        body: { message: expect.stringMatching(/long|shorter than or equal to 500 characters/) },
      });
      expect(await counts()).toEqual(before);
    }
  });

  it('NUL characters are stored verbatim or refused with 400, never a 500, and a refusal writes nothing', async () => {
    const before = await counts();
    const nul = 'before\u0000after';
    const opened = await u.integration.post<CaseView>('/cases', openBody({ title: nul, facts: nul }));
    if (opened.status === 201) {
      expect((await getCase(u.officer, opened.body.id)).title).toBe(nul);
    } else {
      expect(opened.status).toBe(400);
      expect(await counts()).toEqual(before);
    }
    const c = await openCase(u);
    await walkToInvestigation(u, c.id);
    const mid = await counts();
    const sent = await u.officer.send(c.id, 'RECORD_STATEMENT', { statement: nul });
    if (sent.status === 200) {
      expect((await history(u.officer, c.id)).pop()!.payload).toEqual({ statement: nul });
    } else {
      expect(sent.status).toBe(400);
      expect(await counts()).toEqual(mid);
    }
    for (const path of [
      '/cases?q=',
      '/cases?state=',
      '/audit?actor=',
      '/audit?type=',
      '/deadlines?kind=',
      '/subjects/',
    ]) {
      const reply = await u.supervisor.get(`${path}${encodeURIComponent(nul)}`);
      expect({ path, ok: [200, 400, 404].includes(reply.status) }).toEqual({ path, ok: true });
    }
  });
});

describe('filters take hostile text as data', () => {
  const FILTERS = [
    '/cases?q=',
    '/cases?state=',
    '/cases?workflow=',
    '/cases?subjectId=',
    '/audit?actor=',
    '/audit?type=',
    '/deadlines?kind=',
  ];

  it('every filter with every hostile string: 200 with only matching rows, or 400; nothing changes', async () => {
    // Something to find: a case with a deadline, opened by the integration user.
    const c = await openCase(u);
    await walkToInvestigation(u, c.id);
    const before = await counts();
    const failures: string[] = [];
    for (const s of HOSTILE) {
      for (const filter of FILTERS) {
        const reply: Reply<{ items: Record<string, unknown>[] }> = await u.supervisor.get(
          `${filter}${encodeURIComponent(s)}`,
        );
        if (reply.status === 400) continue;
        if (reply.status !== 200) {
          failures.push(`${filter}${JSON.stringify(s)} → ${reply.status}`);
          continue;
        }
        const items = reply.body.items;
        const bad = items.filter((item) => !matches(filter, s, item));
        if (bad.length)
          failures.push(`${filter}${JSON.stringify(s)} returned ${bad.length} non-matching rows`);
      }
    }
    expect(failures).toEqual([]);
    expect(await counts()).toEqual(before);
  });

  /** Whether a returned row really matches the filter value, taken literally. */
  function matches(filter: string, s: string, item: Record<string, unknown>): boolean {
    const lower = (x: unknown) => String(x).toLowerCase();
    switch (filter) {
      case '/cases?q=':
        return lower(item.title).includes(lower(s)) || lower(item.businessKey).includes(lower(s));
      case '/cases?state=':
        return String(item.state)
          .split(',')
          .some((st) => st === s || st.startsWith(`${s}.`));
      case '/cases?workflow=':
        return item.workflow === s;
      case '/cases?subjectId=':
        return (item.subject as { id: string }).id === s;
      case '/audit?actor=':
        return (item.actor as { sub: string }).sub === s;
      case '/audit?type=':
        return item.type === s;
      default:
        return item.kind === s;
    }
  }

  it('a token subject full of SQL is just a name: stored verbatim and found by /audit?actor= alone', async () => {
    const sub = `' OR 1=1 -- ${unique()}`;
    const sneaky = new Client(app.baseUrl, signJwt(claims(sub, ['officer']), TEST_SECRET));
    const c = await openCase(u);
    expectStatus(await sneaky.send(c.id, 'ACCEPT'), 200);
    const page = expectStatus(
      await u.supervisor.get<{ items: { actor: { sub: string }; caseId: string; type: string }[] }>(
        `/audit?actor=${encodeURIComponent(sub)}`,
      ),
      200,
    ).body;
    expect(page.items).toEqual([
      expect.objectContaining({ actor: expect.objectContaining({ sub }), caseId: c.id, type: 'ACCEPT' }),
    ]);
  });

  it('q=% matches only titles with a literal %; likewise _ and \\ are not wildcards', async () => {
    const tag = unique('like-');
    const titles = {
      percent: `${tag} 100% certain`,
      underscore: `${tag} snake_case`,
      backslash: `${tag} C:\\path`,
      plain: `${tag} nothing special`,
    };
    const ids: Record<string, string> = {};
    for (const [k, title] of Object.entries(titles)) ids[k] = (await openCase(u, { title })).id;
    for (const [q, key] of [
      ['%', 'percent'],
      ['_', 'underscore'],
      ['\\', 'backslash'],
      ['0%', 'percent'],
      ['e_c', 'underscore'],
    ] as const) {
      const all = (await walkPages<CaseView>(u.officer, `/cases?q=${encodeURIComponent(q)}`, 100)).items;
      for (const item of all) {
        expect({
          q,
          title: item.title,
          ok: item.title.includes(q) || item.businessKey.includes(q),
        }).toMatchObject({ ok: true });
      }
      const ours = all.filter((x) => Object.values(ids).includes(x.id)).map((x) => x.id);
      expect({ q, ours }).toEqual({ q, ours: [ids[key]] });
    }
    // And the wildcard-free search still works across them.
    const mine = (await walkPages<CaseView>(u.officer, `/cases?q=${encodeURIComponent(tag)}`, 100)).items;
    expect(mine.map((x) => x.id).sort()).toEqual(Object.values(ids).sort());
  });

  it('after all of it, every table is still there and readable', async () => {
    const c = await counts();
    for (const t of TABLES) expect(c[t]).toBeGreaterThanOrEqual(0);
    expect(c.case).toBeGreaterThan(HOSTILE.length);
    expectStatus(await u.officer.get('/cases?limit=100'), 200);
  });
});
