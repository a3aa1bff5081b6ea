import ELK, { type ElkExtendedEdge, type ElkNode } from 'elkjs/lib/elk.bundled.js';
import type { HistoryEntry, Workflow, WorkflowTransition } from '../api/types';

export interface LaidOutNode {
  id: string;
  parent: string | null;
  x: number;
  y: number;
  width: number;
  height: number;
  compound: boolean;
  final: boolean;
}

export interface DiagramEdge {
  id: string;
  source: string;
  target: string;
  events: string[];
}

const elk = new ELK();

/** `a` is `b` or one of its ancestors. */
export const within = (a: string, b: string) => b === a || b.startsWith(`${a}.`);

/** Rough text width at 12px: CJK characters are about twice as wide as Latin ones. */
export function textWidth(label: string): number {
  let w = 0;
  for (const ch of label) w += /[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 12.5 : 7;
  return w;
}

/** One edge per (source, target), carrying every event that takes it; self-loops are left out. */
export function diagramEdges(wf: Workflow): DiagramEdge[] {
  const byKey = new Map<string, DiagramEdge>();
  for (const t of wf.machine.transitions) {
    for (const target of t.targets) {
      if (target === t.source) continue;
      const id = `${t.source}->${target}`;
      const edge = byKey.get(id) ?? { id, source: t.source, target, events: [] };
      if (!edge.events.includes(t.event)) edge.events.push(t.event);
      byKey.set(id, edge);
    }
  }
  return [...byKey.values()];
}

const parentOf = (path: string): string | null =>
  path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : null;

/** The ancestor-or-self of `path` whose parent is `container`. */
function childUnder(path: string, container: string | null): string {
  const parts = path.split('.');
  const depth = container === null ? 1 : container.split('.').length + 1;
  return parts.slice(0, depth).join('.');
}

/**
 * Lays the machine out with ELK: layered, left to right;
 * compound states are laid out on their own, and edges that cross them are lifted to the level
 * where both ends are siblings (for the layout only; the diagram draws the real edges).
 */
export async function layout(
  wf: Workflow,
  size: (path: string) => { width: number; height: number },
): Promise<LaidOutNode[]> {
  const states = wf.machine.states;
  const hasChildren = new Set(states.map((s) => s.parent).filter((p): p is string => p !== null));
  const lifted = new Map<string | null, ElkExtendedEdge[]>();
  for (const e of diagramEdges(wf)) {
    let common = parentOf(e.source);
    while (common !== null && !within(common, e.target)) common = parentOf(common);
    const source = childUnder(e.source, common);
    const target = childUnder(e.target, common);
    if (source === target) continue;
    const list = lifted.get(common) ?? [];
    if (!list.some((x) => x.sources[0] === source && x.targets[0] === target))
      list.push({ id: `${source}=>${target}`, sources: [source], targets: [target] });
    lifted.set(common, list);
  }
  const build = (parent: string | null): ElkNode[] =>
    states
      .filter((s) => s.parent === parent)
      .map((s) =>
        hasChildren.has(s.path)
          ? {
              id: s.path,
              layoutOptions: {
                'elk.algorithm': 'layered',
                'elk.direction': 'RIGHT',
                'elk.padding': '[top=28,left=10,bottom=10,right=10]',
                'elk.spacing.nodeNode': '12',
                'elk.layered.spacing.nodeNodeBetweenLayers': '28',
              },
              children: build(s.path),
              edges: lifted.get(s.path) ?? [],
            }
          : { id: s.path, ...size(s.path) },
      );
  const graph = await elk.layout({
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.layered.spacing.nodeNodeBetweenLayers': '30',
      'elk.spacing.nodeNode': '18',
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
      // a loop back (RETURN_PLAN: planSubmitted → issued) is drawn backwards, never the way forward
      'elk.layered.cycleBreaking.strategy': 'MODEL_ORDER',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      'elk.layered.nodePlacement.bk.fixedAlignment': 'BALANCED',
    },
    children: build(null),
    edges: lifted.get(null) ?? [],
  });
  const out: LaidOutNode[] = [];
  const walk = (nodes: ElkNode[] | undefined, parent: string | null) => {
    for (const n of nodes ?? []) {
      const state = states.find((s) => s.path === n.id);
      out.push({
        id: n.id,
        parent,
        x: n.x ?? 0,
        y: n.y ?? 0,
        width: n.width ?? 100,
        height: n.height ?? 40,
        compound: Boolean(n.children?.length),
        final: state?.type === 'final',
      });
      walk(n.children, n.id);
    }
  };
  walk(graph.children, null);
  return out;
}

function matches(t: { source: string; targets: string[] }, from: string[], to: string[]) {
  return (
    from.some((f) => within(t.source, f)) && t.targets.some((target) => to.some((l) => within(target, l)))
  );
}

/** The states the case has been in, and the edges its history took. */
export function pathTaken(
  wf: Workflow,
  history: HistoryEntry[],
): { visited: Set<string>; taken: Set<string> } {
  const visited = new Set<string>();
  const taken = new Set<string>();
  const edges = diagramEdges(wf);
  const addWithAncestors = (leaf: string) => {
    const parts = leaf.split('.');
    for (let i = 1; i <= parts.length; i++) visited.add(parts.slice(0, i).join('.'));
  };
  for (const h of history) {
    const to = h.to.split(',');
    to.forEach(addWithAncestors);
    if (!h.from) continue;
    const from = h.from.split(',');
    const exact: WorkflowTransition[] = wf.machine.transitions.filter(
      (t) => t.event === h.type && matches(t, from, to),
    );
    const hits = exact.length
      ? edges.filter((e) => exact.some((t) => t.source === e.source && t.targets.includes(e.target)))
      : edges.filter(
          (e) =>
            matches({ source: e.source, targets: [e.target] }, from, to) &&
            !from.some((f) => within(e.target, f)),
        );
    hits.forEach((e) => taken.add(e.id));
  }
  return { visited, taken };
}
