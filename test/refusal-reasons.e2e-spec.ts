/*
 * Guard refusals of the accountability, inquiry and preliminary verification procedures over HTTP
 * (issue 22, defect 3): a 422 whose `messageCode` and `params` carry the event, the stage and the
 * workflow's reason in zh and en with its values, times as ISO parameters (the workbench shows them
 * in Beijing time), so a reader in Chinese gets no English server text.
 */
import { SAMPLE } from '../machines/accountability.fixtures';
import {
  deliverPayload,
  expectStatus,
  openCase,
  unique,
  users,
  walkToDecision,
  type CaseView,
  type ErrorBody,
  type Users,
} from './support/procedure';
import { startTestApp, type Client, type TestApp } from './support/test-app';

let app: TestApp;
let u: Users;

beforeAll(async () => {
  app = await startTestApp();
  u = await users(app.baseUrl);
});

afterAll(async () => {
  await app?.close();
});

const ago = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();

async function send(as: Client, id: string, type: string, payload?: unknown): Promise<CaseView> {
  return expectStatus(await as.send<CaseView>(id, type, payload), 200).body;
}

interface Reason {
  zh: string;
  en: string;
  params: Record<string, string | number>;
}

/** The refusal's reason in both languages with its placeholders filled, as a client fills them. */
function filled(reason: Reason): { zh: string; en: string } {
  const fill = (t: string) =>
    t.replace(/\{(\w+)\}/g, (whole, k: string) => (k in reason.params ? String(reason.params[k]) : whole));
  return { zh: fill(reason.zh), en: fill(reason.en) };
}

/** Sends a refused event: a 422 EVENT_GUARD_FAILED naming the event and stage, with the workflow's reason. */
async function refusal(
  as: Client,
  id: string,
  type: string,
  payload: unknown,
  state: string,
): Promise<Reason> {
  const reply = await as.send<ErrorBody>(id, type, payload);
  expect({ status: reply.status, code: reply.body.code, messageCode: reply.body.messageCode }).toEqual({
    status: 422,
    code: 'EVENT_GUARD_FAILED',
    messageCode: 'EVENT_GUARD_FAILED',
  });
  expect(reply.body.params).toMatchObject({ event: type, state });
  const reason = reply.body.params?.reason as Reason;
  expect(reason).toEqual({ zh: expect.any(String), en: expect.any(String), params: expect.any(Object) });
  const words = filled(reason);
  expect(words.zh).not.toMatch(/[{}]/);
  expect(words.en).not.toMatch(/[{}]/);
  // the workflow's own words in Chinese: no Latin script outside the values
  expect(reason.zh.replace(/\{\w+\}/g, '')).not.toMatch(/[A-Za-z]/);
  return reason;
}

describe('guard refusals carry the reader’s reason in zh and en, with its times as ISO parameters', () => {
  it('accountability: a delivery dated before the decision', async () => {
    const opened = await openCase(u);
    await walkToDecision(u, opened.id);
    const decided = await send(u.committee, opened.id, 'DECIDE', SAMPLE.DECIDE);
    const decidedAt = String((decided.context.decision as { at: string }).at);
    const deliveredAt = new Date(Date.parse(decidedAt) - 2 * 3_600_000).toISOString();
    const reason = await refusal(
      u.officer,
      opened.id,
      'DELIVER',
      { ...deliverPayload(), deliveredAt },
      'notification',
    );
    expect(reason).toMatchObject({
      zh: '送达日期（{date}）早于作出问责决定的时间（{decidedAt}）',
      params: { date: deliveredAt, decidedAt },
    });
  });

  it('inquiry: the letter received before it was sent', async () => {
    const ref = unique('cadre-');
    const opened = expectStatus(
      await u.integration.post<CaseView>('/cases', {
        workflow: 'inquiry',
        title: `Report on tenders steered to a relative ${ref}`,
        subject: { ref, kind: 'individual', name: 'Li Si', organisation: 'County Transport Bureau' },
        clue: 'A contractor writes that the chief steered two tenders to his brother-in-law',
        source: 'report',
      }),
      201,
    ).body;
    await send(u.leader, opened.id, 'APPROVE', { method: 'letter' });
    const sentAt = new Date().toISOString();
    await send(u.officer, opened.id, 'SEND_LETTER', { sentAt, letterRef: 'HX-1' });
    const receivedAt = ago(3);
    const reason = await refusal(
      u.officer,
      opened.id,
      'RECORD_LETTER_RECEIVED',
      { receivedAt },
      'awaitingReceipt',
    );
    expect(reason).toMatchObject({
      zh: '{field}（{date}）早于{step}的时间（{since}）',
      params: { field: '被函询人收到函件的时间', date: receivedAt, step: '函件发出', since: sentAt },
    });
    expect(filled(reason).zh).toBe(`被函询人收到函件的时间（${receivedAt}）早于函件发出的时间（${sentAt}）`);
  });

  it('preliminary verification: evidence obtained before the start was approved', async () => {
    const ref = unique('cadre-');
    const opened = expectStatus(
      await u.integration.post<CaseView>('/cases', {
        workflow: 'preliminaryVerification',
        title: `Tenders steered to a relative ${ref}`,
        subject: { ref, kind: 'individual', name: 'Li Si' },
        clue: 'Two tenders went to the chief’s brother-in-law',
        source: 'inquiry',
      }),
      201,
    ).body;
    const started = await send(u.leader, opened.id, 'APPROVE_START', {
      plan: 'Check the tender file',
      team: [{ name: 'Wang Fang' }, { name: 'Zhao Min' }],
    });
    const startedAt = String((started.context.start as { at: string }).at);
    const obtainedAt = ago(24);
    const reason = await refusal(
      u.officer,
      opened.id,
      'RECORD_EVIDENCE',
      { description: 'a bank statement', obtainedAt },
      'verifying',
    );
    expect(reason.params).toMatchObject({ field: '证据取得时间', date: obtainedAt, since: startedAt });
    expect(filled(reason).zh).toBe(`证据取得时间（${obtainedAt}）早于批准开展初步核实的时间（${startedAt}）`);
  });
});
