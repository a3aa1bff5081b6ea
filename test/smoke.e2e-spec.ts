import { startTestApp, type TestApp } from './support/test-app';
import { users, openCase, walkToDecision } from './support/procedure';
let t: TestApp;
beforeAll(async () => { t = await startTestApp(); });
afterAll(async () => { await t?.close(); });
it('starts', async () => {
  const u = await users(t.baseUrl);
  const c = await openCase(u);
  const d = await walkToDecision(u, c.id);
  console.log(JSON.stringify(d, null, 1).slice(0, 4000));
});
