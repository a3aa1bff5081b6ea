import type { WorkflowDefinition } from './workflow.types';

interface StateNodeLike {
  states: Record<string, StateNodeLike>;
}

/** Every state path of a machine, dotted (`execution`, `execution.appeal`, `execution.appeal.open`). */
function statePaths(node: StateNodeLike, prefix = ''): string[] {
  return Object.entries(node.states ?? {}).flatMap(([key, child]) => [
    prefix + key,
    ...statePaths(child, `${prefix}${key}.`),
  ]);
}

/** What is wrong with a workflow's documents: states its machine lacks, bad number codes. */
export function documentProblems(wf: WorkflowDefinition): string[] {
  const problems: string[] = [];
  const known = new Set(statePaths(wf.machine.root as unknown as StateNodeLike));
  for (const [kind, doc] of Object.entries(wf.documents ?? {})) {
    if (!/^[a-zA-Z][a-zA-Z0-9]*$/.test(kind)) problems.push(`document kind "${kind}" is not an identifier`);
    const unknown = doc.states.filter((s) => !known.has(s));
    if (unknown.length)
      problems.push(`document ${kind} names states the machine lacks: ${unknown.join(', ')}`);
    if (!doc.states.length) problems.push(`document ${kind} names no state to issue it in`);
    if (!doc.numberCode.trim() || /[〔〕]/.test(doc.numberCode)) {
      problems.push(`document ${kind} needs a number code without brackets`);
    }
  }
  return problems;
}
