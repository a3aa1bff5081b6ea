/*
 * The workbench's names of the procedures' states, deadlines and values (web/src/i18n/terms.ts, the
 * one table of them), for what the service writes for readers itself: the 台账 export, the indices'
 * drill-down lines, the dossier as PDF. Looked up as the workbench does: `workflow:key` wins over the shared `key`.
 */
import type { CatalogueTerms, Label } from '../src/engine/workflow.types';
import { DEADLINES, EVENTS, STATES, VALUES, WORKFLOWS_ZH } from '../web/src/i18n/terms';

type Table = Record<string, readonly [string, string]>;

const label = (entry: readonly [string, string] | undefined): Label | undefined =>
  entry ? { en: entry[0], zh: entry[1] } : undefined;

function entryOf(table: Table, workflow: string, key: string): Label | undefined {
  return label(table[`${workflow}:${key}`] ?? table[key]);
}

/** One state path's name: its own entry, else its last segment's, else the path itself. */
function oneState(workflow: string, path: string): Label {
  const last = path.split('.').at(-1) ?? path;
  return entryOf(STATES, workflow, path) ?? entryOf(STATES, workflow, last) ?? { zh: path, en: path };
}

/** A stage as the workbench shows it: parallel regions of one state as "执行：措施执行 · 申诉期内". */
function stateName(workflow: string, path: string): Label {
  const leaves = path.split(',');
  const top = leaves[0].split('.')[0];
  const nested = leaves.length > 1 && leaves.every((l) => l.startsWith(`${top}.`));
  const parts = leaves.map((l) => oneState(workflow, l));
  const zh = parts.map((p) => p.zh).join(' · ');
  const en = parts.map((p) => p.en).join(' · ');
  if (!nested) return { zh, en };
  const head = oneState(workflow, top);
  return { zh: `${head.zh}：${zh}`, en: `${head.en}: ${en}` };
}

/**
 * A history row's type as the timeline names it: a deadline's firing (xstate.after.<kind>…) as
 * "期限届满：调查期限", the end of parallel regions as 执行完毕, else the event's own entry (the type
 * itself when it has none).
 */
function eventName(workflow: string, type: string): Label {
  if (type.startsWith('xstate.after.')) {
    const fired = entryOf(EVENTS, workflow, 'deadline') ?? { zh: type, en: type };
    const kind = type.split('.')[2] ?? '';
    const limit = entryOf(DEADLINES, workflow, kind) ?? { zh: kind, en: kind };
    return { zh: `${fired.zh}：${limit.zh}`, en: `${fired.en}: ${limit.en}` };
  }
  if (type.startsWith('xstate.done.')) return entryOf(EVENTS, workflow, 'done') ?? { zh: type, en: type };
  return entryOf(EVENTS, workflow, type) ?? { zh: type, en: type };
}

export const TERMS: CatalogueTerms = {
  workflow: (name) => {
    const zh = WORKFLOWS_ZH[name]?.[0];
    const en = VALUES[name]?.[0];
    return zh ? { zh, en: en ?? name } : undefined;
  },
  state: stateName,
  deadline: (workflow, kind) => entryOf(DEADLINES, workflow, kind),
  value: (workflow, key) => entryOf(VALUES, workflow, key),
  event: eventName,
};
