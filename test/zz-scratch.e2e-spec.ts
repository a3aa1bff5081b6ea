import { openBody, openCase, users, walkToInvestigation } from './support/procedure';
import { startTestApp } from './support/test-app';
import { signJwt, claims } from './support/jwt';
import { Client, TEST_SECRET } from './support/test-app';

it('probe', async () => {
  const app = await startTestApp();
  try {
    const u = await users(app.baseUrl);
    const c = await openCase(u);
    await walkToInvestigation(u, c.id);
    const out: unknown[] = [];
    for (const type of [
      '__proto__',
      'constructor',
      'toString',
      'hasOwnProperty',
      'xstate.done.state.accountability.execution',
      '*',
    ])
      out.push([type, (await u.officer.send(c.id, type, {})).status]);
    out.push([
      'idem',
      (await u.integration.post('/cases', openBody(), { 'idempotency-key': 'k'.repeat(200) })).status,
    ]);
    const longSub = new Client(app.baseUrl, signJwt(claims('s'.repeat(300), ['officer']), TEST_SECRET));
    out.push(['longsub', (await longSub.send(c.id, 'RECORD_STATEMENT', { statement: 'x' })).status]);
    out.push(['nul', (await u.integration.post('/cases', openBody({ title: 'a\u0000b' }))).status]);
    const lone = await u.integration.post<{ title: string; id: string }>(
      '/cases',
      openBody({ title: 'a\ud800b' }),
    );
    out.push(['lone', lone.status, JSON.stringify(lone.body.title)]);
    const bk = await u.integration.post<{ id: string }>(
      '/cases',
      openBody({ businessKey: 'b'.repeat(200), title: 't'.repeat(500) }),
    );
    out.push(['bk', bk.status]);
    const steps = ['ACCEPT', 'APPROVE_INVESTIGATION', 'RECORD_STATEMENT', 'SUBMIT_REPORT', 'PROPOSE_OPINION'];
    const { step } = await import('./support/procedure');
    for (const s of steps) await step(u, bk.body.id, s as never);
    const d = await u.committee.send(bk.body.id, 'DECIDE', {
      decisionNo: 'x',
      measures: [{ type: 'notice' }],
      alsoInvestigate: [
        {
          subject: { ref: 'r'.repeat(200), kind: 'individual', name: 'n'.repeat(200) },
          responsibility: 'direct',
        },
      ],
    });
    out.push(['alsoInvestigate', d.status, JSON.stringify(d.body).slice(0, 200)]);
    const c2 = await openCase(u);
    for (const s of [...steps, 'DECIDE']) await step(u, c2.id, s as never);
    const corr = await u.admin.send(c2.id, 'CORRECT_DECISION', { reason: '问'.repeat(20000) });
    out.push(['correct', corr.status]);
    console.log(JSON.stringify(out));
    console.log(app.logs().slice(-3000));
  } finally {
    await app.close();
  }
});
