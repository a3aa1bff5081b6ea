/*
 * npm run rules [workflow…]: walks every path of every deployed workflow's machine (bounded; the
 * catalogue plus WORKFLOW_MODULES) and checks each named rule on each; prints rule, source (zh and
 * en), workflow@version, paths checked and whether it holds; exits 1 on a violation, with the
 * shortest path that breaks it. Names given on the command line narrow it to those workflows.
 */
import { loadCatalogue } from '../src/catalogue/catalogue';
import { checkRules } from '../src/engine/rules/rule-checker';

const only = process.argv.slice(2);
const workflows = loadCatalogue().workflows.filter((wf) => only.length === 0 || only.includes(wf.name));
const unknown = only.filter((name) => !workflows.some((wf) => wf.name === name));
if (unknown.length) {
  console.error(`No deployed workflow named ${unknown.join(', ')}`);
  process.exit(2);
}

let broken = 0;
const rows: string[][] = [['rule', 'source', 'source (en)', 'workflow', 'paths', 'holds']];
const notes: string[] = [];
for (const wf of workflows) {
  if (!wf.rules) continue;
  const started = Date.now();
  const report = checkRules(wf);
  notes.push(
    `${wf.name}@${wf.version}: ${report.paths} paths, ${report.snapshots} snapshots` +
      `${report.bounded ? `, bounded at depth ${wf.rules.model.maxDepth}` : ''}, ${Date.now() - started} ms`,
  );
  for (const r of report.results) {
    rows.push([
      r.rule.id,
      r.rule.source.zh,
      r.rule.source.en,
      `${wf.name}@${wf.version}`,
      String(r.paths),
      r.counterExample ? 'NO' : 'yes',
    ]);
    if (!r.counterExample) continue;
    broken += 1;
    console.error(
      `\n${wf.name}@${wf.version} rule ${r.rule.id} (${r.rule.source.en}: ${r.rule.text.en}) is broken: ${r.counterExample.message}`,
    );
    console.error(r.counterExample.path.map((s, i) => `  ${i}. ${s}`).join('\n'));
  }
}
/** East Asian characters take two columns in a terminal. */
const width = (s: string) => [...s].reduce((n, c) => n + (/[\u1100-\uffef]/.test(c) ? 2 : 1), 0);
const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => width(r[i]))));
for (const r of rows) {
  console.log(
    r
      .map((c, i) => c + ' '.repeat(widths[i] - width(c)))
      .join('  ')
      .trimEnd(),
  );
}
console.log(`\n${notes.join('\n')}\n${rows.length - 1} rules, ${broken} broken`);
process.exit(broken ? 1 : 0);
