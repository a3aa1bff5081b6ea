import { initialTransition, transition, type AnyMachineSnapshot } from 'xstate';
import { canonicalJson } from '../history/canonical-json';
import { stateLabel } from '../machine-snapshot';
import type { PathStep, WorkflowRule } from '../rule.types';
import type { MachineEvent, WorkflowDefinition } from '../workflow.types';

/** The checker's clock: the opening at T0, each step one day later. */
const T0 = Date.parse('2026-01-05T01:00:00.000Z');
const DAY = 86_400_000;

/** A rule's result over every path walked: how many paths it was judged on, and the shortest that breaks it. */
export interface RuleResult {
  rule: WorkflowRule;
  paths: number;
  counterExample: { path: string[]; message: string } | null;
}

export interface WorkflowRuleReport {
  workflow: string;
  version: number;
  /** Paths judged (every prefix of every walked path: one per transition taken, plus the openings). */
  paths: number;
  /** Distinct snapshots expanded. */
  snapshots: number;
  /** Whether some path reached maxDepth with events still to take (the walk is bounded there). */
  bounded: boolean;
  results: RuleResult[];
}

interface Node {
  snapshot: AnyMachineSnapshot;
  path: PathStep[];
}

/** Walks every path of the workflow's machine (breadth first, so counter-examples are shortest) and judges each rule. */
export function checkRules(wf: WorkflowDefinition): WorkflowRuleReport {
  const rules = wf.rules;
  const report: WorkflowRuleReport = {
    workflow: wf.name,
    version: wf.version,
    paths: 0,
    snapshots: 0,
    bounded: false,
    results: (rules?.list ?? []).map((rule) => ({ rule, paths: 0, counterExample: null })),
  };
  if (!rules) return report;
  const { model } = rules;
  const seen = new Set<string>();
  const judge = (path: PathStep[]) => {
    report.paths += 1;
    for (const result of report.results) {
      result.paths += 1;
      if (result.counterExample) continue;
      const message = result.rule.check(path);
      if (message !== null) result.counterExample = { path: path.map(describeStep), message };
    }
  };
  let queue: Node[] = [];
  for (const input of Object.values(model.inputs)) {
    const [snapshot] = initialTransition(wf.machine, input);
    const path = [stepOf(snapshot, null)];
    judge(path);
    if (remember(seen, model.key, path[0])) queue.push({ snapshot, path });
  }
  for (let depth = 1; queue.length > 0; depth++) {
    const next: Node[] = [];
    const at = new Date(T0 + depth * DAY).toISOString();
    for (const node of queue) {
      report.snapshots += 1;
      for (const event of takenEvents(wf, node, at)) {
        if (depth > model.maxDepth) {
          report.bounded = true;
          break;
        }
        const [after] = transition(wf.machine, node.snapshot, event);
        const path = [...node.path, stepOf(after, event)];
        judge(path);
        if (remember(seen, model.key, path[path.length - 1])) next.push({ snapshot: after, path });
      }
    }
    queue = next;
  }
  return report;
}

function takenEvents(wf: WorkflowDefinition, node: Node, at: string): MachineEvent[] {
  if (node.snapshot.status !== 'active') return [];
  const last = node.path[node.path.length - 1];
  return wf.rules!.model.events(last, at).filter((event) => {
    try {
      return node.snapshot.can(event);
    } catch {
      return false;
    }
  });
}

function stepOf(snapshot: AnyMachineSnapshot, event: MachineEvent | null): PathStep {
  return {
    event,
    state: stateLabel(snapshot),
    matches: (path: string) => snapshot.matches(path as never),
    context: snapshot.context as unknown,
    status: snapshot.status === 'done' ? 'done' : 'active',
  };
}

/** True the first time a snapshot of this key is met. */
function remember(seen: Set<string>, key: ((step: PathStep) => string) | undefined, step: PathStep): boolean {
  const k = key ? key(step) : defaultKey(step);
  if (seen.has(k)) return false;
  seen.add(k);
  return true;
}

/** The state and the context with every time stamp blanked: the checker's clock makes each path's times differ. */
function defaultKey(step: PathStep): string {
  return `${step.state}|${canonicalJson(step.context)}`.replace(/"\d{4}-\d\d-\d\dT[^"]*"/g, '"T"');
}

function describeStep(step: PathStep): string {
  return step.event ? `${step.event.type} → ${step.state}` : `(opened) ${step.state}`;
}
