/*
 * What a workflow declares is checked when the service starts: a module whose effects have no
 * handler, or whose roles, events or deadlines disagree with its machine, stops the start with a
 * message that names the problem (instead of failing on the first case that reaches it).
 */
import { join } from 'node:path';
import { startTestApp } from './support/test-app';

const MODULE = join(__dirname, 'fixtures', 'broken.workflow.ts');

describe('the service refuses to start with a workflow that disagrees with itself', () => {
  it.each([
    ['effect', /declares effects with no handler: sendFax/],
    ['role', /roles ghost are not declared in its roles/],
    ['event', /events FLY are not in the machine/],
    ['linkedEvent', /linked events LAND are not in the machine/],
    ['deadline', /deadline policies for delays the machine lacks: lunch/],
    ['ruleGuard', /rule guarded names guards the machine lacks: ghostGuard/],
    ['ruleId', /rule ids twice repeat/],
  ])('%s', async (kind, message) => {
    const started = startTestApp({ WORKFLOW_MODULES: MODULE, WENZE_TEST_BROKEN: kind });
    await expect(started).rejects.toThrow(/exited with code 1 before listening/);
    await expect(started).rejects.toThrow(message);
  });
});
