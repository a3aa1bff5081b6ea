/* For the workflows' refusal specs: a refusal's reason as the workbench renders it, and the events a machine guards. */
import type { AnyStateMachine, AnyStateNode } from 'xstate';
import type { Refusal } from '../src/engine/workflow.types';

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const PLACEHOLDER = /\{(\w+)\}/g;

/** An ISO time as the workbench shows it in zh: Beijing local time, to the minute. */
export function beijing(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/**
 * The reason of a refusal in both languages, filled from its params as the workbench fills it (times
 * in Beijing time); throws when there is none, or a placeholder has no parameter.
 */
export function readerWords(refusal: Refusal | string | null | undefined): {
  zh: string;
  en: string;
  /** The Chinese template with its placeholders taken out: the workflow's own words. */
  zhWords: string;
} {
  if (!refusal || typeof refusal === 'string' || !refusal.reason)
    throw new Error(`no reason for the reader: ${JSON.stringify(refusal)}`);
  const params = refusal.params ?? {};
  const fill = (template: string) =>
    template.replace(PLACEHOLDER, (_whole, name: string) => {
      if (!(name in params)) throw new Error(`"${template}" has no parameter ${name}`);
      const value = String(params[name]);
      return ISO_TIME.test(value) ? beijing(value) : value;
    });
  return {
    zh: fill(refusal.reason.zh),
    en: fill(refusal.reason.en),
    zhWords: refusal.reason.zh.replace(PLACEHOLDER, ''),
  };
}

/** The user events a machine's transitions guard (deadline timeouts and eventless transitions left out). */
export function guardedEvents(machine: AnyStateMachine): string[] {
  const found = new Set<string>();
  const walk = (node: AnyStateNode) => {
    for (const [type, transitions] of node.transitions) {
      if (!type.startsWith('xstate.') && transitions.some((t) => t.guard)) found.add(type);
    }
    Object.values(node.states).forEach(walk);
  };
  walk(machine.root);
  return [...found].sort();
}

/** The machine refuses the event, and the workflow says why in Chinese words of its own, every placeholder filled. */
export function expectRefusedInChinese<C, E>(
  explain: ((context: C, event: E) => Refusal | string | null | undefined) | undefined,
  before: { can(event: E): boolean; context: C },
  event: E,
  zh: RegExp,
): void {
  expect(before.can(event)).toBe(false);
  const words = readerWords(explain!(before.context, event));
  expect(words.zh).toMatch(zh);
  expect(words.zhWords).not.toMatch(/[A-Za-z]/);
  expect(words.en).not.toMatch(/[{}]/);
}

/** The guarded events of a machine that no row of a refusal table sends. */
export function uncoveredEvents(
  machine: AnyStateMachine,
  refused: readonly (readonly [string, unknown, { type: string }, RegExp])[],
): string[] {
  const covered = new Set(refused.map(([, , e]) => e.type));
  return guardedEvents(machine).filter((t) => !covered.has(t));
}
