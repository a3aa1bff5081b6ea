import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk.bundled.js';
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

export interface Point {
  x: number;
  y: number;
}

/** An edge as ELK routed it: its polyline, in the diagram's own coordinates (not its container's). */
export interface LaidOutEdge extends DiagramEdge {
  points: Point[];
}

export interface Layout {
  nodes: LaidOutNode[];
  edges: LaidOutEdge[];
}

type Elk = InstanceType<typeof import('elkjs/lib/elk.bundled.js').default>;
let elkLoaded: Promise<Elk> | null = null;
/** ELK (~1.6 MB) is loaded the first time a diagram is laid out, as a chunk of its own. */
function loadElk(): Promise<Elk> {
  elkLoaded ??= import('elkjs/lib/elk.bundled.js').then(({ default: ELK }) => new ELK());
  return elkLoaded;
}

/** `a` is `b` or one of its ancestors. */
export const within = (a: string, b: string) => b === a || b.startsWith(`${a}.`);

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

/**
 * Lays the machine out with ELK: layered, left to right, compound states (and a parallel state's
 * regions) laid out with their children in one pass, so that ELK routes every edge, also those
 * into or out of a compound state, orthogonally around the boxes. The nodes come back relative to
 * their parent (as the diagram places them), the edges' bend points relative to the diagram.
 */
export async function layout(
  wf: Workflow,
  size: (path: string) => { width: number; height: number },
): Promise<Layout> {
  const states = wf.machine.states;
  const hasChildren = new Set(states.map((s) => s.parent).filter((p): p is string => p !== null));
  // Edges between a compound state and one of its own children (a child re-entering its parent,
  // or the parent re-entering a child, e.g. COMPLETE_ITEM re-routing within escalated) stay
  // undrawn: the box already holds the child, and routing them pulls the whole chain of stages
  // to the compound's edge.
  const drawn = diagramEdges(wf).filter((e) => !within(e.target, e.source) && !within(e.source, e.target));
  const edges: ElkExtendedEdge[] = drawn.map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] }));
  const build = (parent: string | null): ElkNode[] =>
    states
      .filter((s) => s.parent === parent)
      .map((s) =>
        hasChildren.has(s.path)
          ? {
              id: s.path,
              layoutOptions: { 'elk.padding': '[top=30,left=12,bottom=12,right=12]' },
              children: build(s.path),
            }
          : { id: s.path, ...size(s.path) },
      );
  const elk = await loadElk();
  const graph = await elk.layout({
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      'elk.edgeRouting': 'ORTHOGONAL',
      // bend points in the diagram's coordinates, whichever compound state holds the edge
      'elk.json.edgeCoords': 'ROOT',
      'elk.layered.spacing.nodeNodeBetweenLayers': '34',
      'elk.layered.spacing.edgeNodeBetweenLayers': '14',
      'elk.spacing.nodeNode': '20',
      'elk.spacing.edgeNode': '12',
      'elk.spacing.edgeEdge': '8',
      // a loop back (RETURN_PLAN: planSubmitted → issued) is drawn backwards, never the way forward
      'elk.layered.cycleBreaking.strategy': 'MODEL_ORDER',
      // the main chain of stages on one straight line, the branches off it
      'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
    },
    children: build(null),
    edges,
  });
  const nodes: LaidOutNode[] = [];
  const walk = (list: ElkNode[] | undefined, parent: string | null) => {
    for (const n of list ?? []) {
      const state = states.find((s) => s.path === n.id);
      nodes.push({
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
  const routed = new Map<string, Point[]>();
  const collect = (n: ElkNode) => {
    for (const e of n.edges ?? [])
      routed.set(
        e.id,
        (e.sections ?? []).flatMap((s) => [s.startPoint, ...(s.bendPoints ?? []), s.endPoint]),
      );
    n.children?.forEach(collect);
  };
  collect(graph);
  return {
    nodes,
    edges: drawn.map((e) => ({ ...e, points: routed.get(e.id) ?? [] })),
  };
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
