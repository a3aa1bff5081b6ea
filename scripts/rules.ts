/*
 * npm run rules: walks every path of every workflow's machine (bounded) and checks each named rule
 * on each; prints rule, source, workflow, paths checked and whether it holds; exits 1 on a violation,
 * with the shortest path that breaks it.
 */
import { checkRules } from '../src/engine/rules/rule-checker';
import { WORKFLOWS } from '../workflows';

let broken = 0;
const rows: string[][] = [['rule', 'source', 'workflow', 'paths', 'holds']];
for (const wf of WORKFLOWS) {
  const report = checkRules(wf);
  for (const r of report.results) {
    rows.push([
      r.rule.id,
      r.rule.source.zh,
      `${wf.name}@${wf.version}`,
      String(r.paths),
      r.counterExample ? 'NO' : 'yes',
    ]);
    if (r.counterExample) {
      broken += 1;
      console.error(
        `\n${wf.name}@${wf.version} ${r.rule.id} (${r.rule.source.en}) is broken: ${r.counterExample.message}`,
      );
      console.error(r.counterExample.path.map((s, i) => `  ${i}. ${s}`).join('\n'));
    }
  }
}
const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => [...r[i]].length)));
for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i])).join('  '));
console.log(`\n${rows.length - 1} rules, ${broken} broken`);
process.exit(broken ? 1 : 0);
