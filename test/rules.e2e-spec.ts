/*
 * Rules as named properties, end to end, on a procedure src/ does not know (the inspection finding
 * fixture, deployed with WORKFLOW_MODULES): `npm run rules` proves its rules and fails on one its
 * machine does not keep; GET /workflows/:name/rules publishes them; a refusal by a guard a rule lists
 * names the rule, its source and its text (details.rule), and says it in words.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { FINDING_WORKFLOW } from './fixtures/inspection.workflow';
import { expectStatus, unique, type CaseView, type ErrorBody } from './support/procedure';
import { Client, startTestApp, TS_REGISTER, type TestApp } from './support/test-app';

const ROOT = resolve(__dirname, '..');
const MODULE = 'test/fixtures/inspection.workflow.ts';

interface RuleBody {
  id: string;
  source: { zh: string; en: string };
  text: { zh: string; en: string };
  guards: string[];
}

const ART5 = {
  id: 'escalateAfterFixLimit',
  source: { zh: '《巡察问题整改测试规程》第五条', en: 'Inspection follow-up test procedure, Art 5' },
  text: {
    zh: '整改期限届满仍未整改的，方可移交问责',
    en: 'a finding is escalated only once its fix limit has passed',
  },
};
const ART7 = {
  id: 'rejectedFixNotResubmitted',
  source: { zh: '《巡察问题整改测试规程》第七条', en: 'Inspection follow-up test procedure, Art 7' },
  text: { zh: '被退回的整改材料不得原样再次提交', en: 'a rejected fix is not submitted again unchanged' },
};

/** Runs `npm run rules -- <workflow>` with these modules deployed: its exit code and what it printed. */
function runRules(modules: string, workflow: string): { code: number; out: string; err: string } {
  try {
    const out = execFileSync(process.execPath, ['-r', TS_REGISTER, 'scripts/rules.ts', workflow], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, WORKFLOW_MODULES: modules },
      stdio: 'pipe',
    });
    return { code: 0, out, err: '' };
  } catch (error) {
    const e = error as { status: number; stdout: string; stderr: string };
    return { code: e.status, out: e.stdout, err: e.stderr };
  }
}

describe('npm run rules', () => {
  it('lists each rule with its source, workflow@version and paths, all holding', () => {
    const { code, out } = runRules(MODULE, FINDING_WORKFLOW);
    expect(code).toBe(0);
    const lines = out.split('\n');
    expect(lines[0].split(/\s{2,}/)).toEqual(['rule', 'source', 'source (en)', 'workflow', 'paths', 'holds']);
    const row = lines.find((l) => l.startsWith('escalateAfterFixLimit'))!.split(/\s{2,}/);
    expect(row).toEqual([
      ART5.id,
      ART5.source.zh,
      ART5.source.en,
      `${FINDING_WORKFLOW}@1`,
      expect.any(String),
      'yes',
    ]);
    expect(Number(row[4])).toBeGreaterThan(40);
    expect(out).toContain('4 rules, 0 broken');
  });

  it('fails on a rule the machine does not keep, with the shortest path that breaks it', () => {
    const { code, out, err } = runRules('test/fixtures/unkept-rule.workflow.ts', FINDING_WORKFLOW);
    expect(code).toBe(1);
    expect(out).toMatch(/^escalateAfterFixLimit .* NO$/m);
    expect(out).toContain('4 rules, 1 broken');
    expect(err).toContain(
      [
        `${FINDING_WORKFLOW}@1 rule escalateAfterFixLimit (${ART5.source.en}: ${ART5.text.en}) is broken: escalated before the fix limit passed`,
        '  0. (opened) reported',
        '  1. ASSIGN_FINDING_OWNER → rectifying',
        '  2. ESCALATE_FINDING → escalated',
      ].join('\n'),
    );
  });
});

describe('rules over HTTP', () => {
  let app: TestApp;
  let inspector: Client;
  let lead: Client;

  beforeAll(async () => {
    app = await startTestApp({ WORKFLOW_MODULES: MODULE });
    inspector = await Client.as(app.baseUrl, 'ines-inspector', ['inspector']);
    lead = await Client.as(app.baseUrl, 'liu-inspection-lead', ['inspectionLead']);
  }, 60_000);

  afterAll(async () => {
    await app?.close();
  });

  async function openAssigned(): Promise<CaseView> {
    const ref = unique('unit-');
    const opened = expectStatus(
      await inspector.post<CaseView>('/cases', {
        workflow: FINDING_WORKFLOW,
        title: `Stairwell without guard rail ${ref}`,
        subject: { ref, kind: 'organisation', name: `Township Office ${ref}` },
        findingCode: 'safetyLapse',
        severity: 3,
        fixBy: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      }),
      201,
    ).body;
    return expectStatus(
      await lead.send<CaseView>(opened.id, 'ASSIGN_FINDING_OWNER', { owner: 'Deputy head Wu' }),
      200,
    ).body;
  }

  it('GET /workflows/:name/rules publishes each rule with its source, text and guards', async () => {
    const rules = expectStatus(
      await inspector.get<RuleBody[]>(`/workflows/${FINDING_WORKFLOW}/rules`),
      200,
    ).body;
    expect(rules.map((r) => r.id)).toEqual([
      'escalateAfterFixLimit',
      'escalatedOnce',
      'rejectedFixNotResubmitted',
      'resolvedWithEvidence',
    ]);
    expect(rules[0]).toEqual({ ...ART5, guards: ['fixLimitPassed'] });
    expect(rules[3].guards).toEqual([]);
    // the same list in the workflow's description
    const wf = expectStatus(
      await lead.get<{ rules: RuleBody[] }>(`/workflows/${FINDING_WORKFLOW}`),
      200,
    ).body;
    expect(wf.rules).toEqual(rules);
  });

  it('GET /workflows/:name(/rules): 404 for an unknown workflow, 401 without a token', async () => {
    const unknown = await inspector.get<ErrorBody>('/workflows/noSuchProcedure/rules');
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toMatch(/noSuchProcedure/);
    // and GET /workflows/:name, as its OpenAPI declares
    expect((await inspector.get('/workflows/noSuchProcedure')).status).toBe(404);
    expect((await new Client(app.baseUrl).get(`/workflows/${FINDING_WORKFLOW}/rules`)).status).toBe(401);
  });

  it('a guard on the case refuses: the 422 names the rule, its source and text, in words too', async () => {
    const rectifying = await openAssigned();
    const refused = await lead.send<ErrorBody>(rectifying.id, 'ESCALATE_FINDING', { reason: 'Slow' });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('EVENT_NOT_ALLOWED');
    expect(refused.body.details).toMatchObject({ state: 'rectifying', rule: ART5 });
    expect(refused.body.message).toBe(
      'ESCALATE_FINDING is not allowed in state rectifying yet (allowed now: SUBMIT_FINDING_FIX): ' +
        `${ART5.text.en} (rule ${ART5.id}, ${ART5.source.en})`,
    );
    // nothing moved
    const after = expectStatus(await inspector.get<CaseView>(`/cases/${rectifying.id}`), 200).body;
    expect(after).toMatchObject({ state: 'rectifying', revision: rectifying.revision });
    // an event with no transition in the state names no rule
    const early = await inspector.send<ErrorBody>(rectifying.id, 'ACCEPT_FINDING_FIX');
    expect(early.status).toBe(422);
    expect(early.body.details).not.toHaveProperty('rule');
  });

  it('a guard on the payload refuses: EVENT_GUARD_FAILED naming the rule the workflow explains', async () => {
    const c = await openAssigned();
    await expectStatus(await inspector.send(c.id, 'SUBMIT_FINDING_FIX', { evidence: 'Rail installed' }), 200);
    await expectStatus(await inspector.send(c.id, 'REJECT_FINDING_FIX', { reason: 'Rail is loose' }), 200);
    const again = await inspector.send<ErrorBody>(c.id, 'SUBMIT_FINDING_FIX', { evidence: 'Rail installed' });
    expect(again.status).toBe(422);
    expect(again.body.code).toBe('EVENT_GUARD_FAILED');
    expect(again.body.details).toMatchObject({ state: 'rectifying', rule: ART7 });
    expect(again.body.message).toBe(
      'SUBMIT_FINDING_FIX is allowed in state rectifying, but not with this payload: ' +
        `this evidence was rejected already (rule ${ART7.id}, ${ART7.source.en})`,
    );
    // other evidence is taken
    const fixed = await inspector.send<CaseView>(c.id, 'SUBMIT_FINDING_FIX', { evidence: 'Rail bolted' });
    expect(expectStatus(fixed, 200).body.state).toBe('verifying');
  });
});
