import {
  Background,
  BaseEdge,
  Controls,
  Handle,
  MarkerType,
  Position,
  ReactFlow,
  type Edge,
  type EdgeProps,
  type Node,
  type NodeProps,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { HistoryEntry, Workflow } from '../api/types';
import { Panel } from '../common/ui';
import { useI18n } from '../i18n/i18n';
import { textWidth } from '../common/text';
import { layout, pathTaken, within, type Layout, type Point } from './layout';

type StateData = {
  label: string;
  en: string | null;
  zh: string;
  status: 'current' | 'visited' | 'idle';
  final: boolean;
};
type StateNode = Node<StateData, 'state' | 'compound' | 'choice'>;

function StateBox({ data }: NodeProps<StateNode>) {
  return (
    <div className={`st st-${data.status}${data.final ? ' st-final' : ''}`} title={data.label}>
      <Handle type="target" position={Position.Left} />
      {data.en && <span className="st-en">{data.en}</span>}
      <span className="st-zh">{data.zh}</span>
      <Handle type="source" position={Position.Right} />
    </div>
  );
}

function CompoundBox({ data }: NodeProps<StateNode>) {
  return (
    <div className={`st-compound st-${data.status}`}>
      <Handle type="target" position={Position.Left} />
      <span className="st-compound-label">{data.label}</span>
      <Handle type="source" position={Position.Right} />
    </div>
  );
}

/** A transient state (its eventless choice taken at once on entry): a small diamond, named on hover. */
function ChoiceBox({ data }: NodeProps<StateNode>) {
  return (
    <div className="st-choice" title={data.label}>
      <Handle type="target" position={Position.Left} />
      <span className="st-choice-mark" />
      <Handle type="source" position={Position.Right} />
    </div>
  );
}

const nodeTypes = { state: StateBox, compound: CompoundBox, choice: ChoiceBox };

/** The smallest zoom: the states' text (11–12 px) at its size, never shrunk below readable; pan for the rest. */
const READABLE_ZOOM = 1;
const MAX_ZOOM = 1.1;

type RoutedEdge = Edge<{ points: Point[]; label: string; shown: boolean }, 'routed'>;

/**
 * Where a route's label goes without covering a box: above the middle of a horizontal segment long
 * enough to hold it, else beside a tall enough vertical one; null when none is (the name stays on hover).
 */
function labelAt(points: Point[], width: number): (Point & { anchor: 'middle' | 'start' }) | null {
  let best: (Point & { anchor: 'middle' | 'start'; room: number }) | null = null;
  for (let i = 1; i < points.length; i++) {
    const [a, b] = [points[i - 1], points[i]];
    const [dx, dy] = [Math.abs(b.x - a.x), Math.abs(b.y - a.y)];
    const spot =
      dy < 1 && dx >= width + 16
        ? { x: (a.x + b.x) / 2, y: a.y - 4, anchor: 'middle' as const, room: dx - width }
        : dx < 1 && dy >= 40
          ? { x: a.x + 4, y: (a.y + b.y) / 2 + 4, anchor: 'start' as const, room: dy - 40 }
          : null;
    if (spot && (!best || spot.room > best.room)) best = spot;
  }
  return best;
}

/** The SVG path through ELK's route, its corners slightly rounded. */
function routePath(points: Point[], radius = 6): string {
  if (points.length < 2) return '';
  let d = `M ${points[0].x} ${points[0].y}`;
  for (let i = 1; i < points.length - 1; i++) {
    const [a, b, c] = [points[i - 1], points[i], points[i + 1]];
    const r = Math.min(radius, Math.hypot(b.x - a.x, b.y - a.y) / 2, Math.hypot(c.x - b.x, c.y - b.y) / 2);
    const towards = (p: Point, q: Point) => {
      const len = Math.hypot(q.x - p.x, q.y - p.y) || 1;
      return { x: p.x + ((q.x - p.x) / len) * r, y: p.y + ((q.y - p.y) / len) * r };
    };
    const before = towards(b, a);
    const after = towards(b, c);
    d += ` L ${before.x} ${before.y} Q ${b.x} ${b.y} ${after.x} ${after.y}`;
  }
  const last = points[points.length - 1];
  return `${d} L ${last.x} ${last.y}`;
}

/** An edge drawn along the route ELK computed around the boxes (not a curve between the handles). */
function RoutedEdgeLine({ id, data, markerEnd, style, interactionWidth }: EdgeProps<RoutedEdge>) {
  const at = data?.shown && data.label ? labelAt(data.points, textWidth(data.label) * 0.9) : null;
  return (
    <g>
      {/* the events that take it, on hover */}
      {data?.label && <title>{data.label}</title>}
      <BaseEdge
        id={id}
        path={routePath(data?.points ?? [])}
        markerEnd={markerEnd}
        style={style}
        interactionWidth={interactionWidth}
      />
      {at && (
        <text x={at.x} y={at.y} textAnchor={at.anchor} className="edge-label">
          {data?.label}
        </text>
      )}
    </g>
  );
}

const edgeTypes = { routed: RoutedEdgeLine };

/** The procedure as a diagram: the current state highlighted, the path the case took drawn from its history. */
export function Diagram({
  workflow,
  states,
  history,
  allowed,
}: {
  workflow: Workflow;
  states: string[];
  history: HistoryEntry[];
  /** The events the case accepts now (allowedEvents): only their edges are drawn as next steps. */
  allowed?: string[];
}) {
  const { t, stateName, stateParts, eventName, lang } = useI18n();
  const [laid, setLaid] = useState<Layout | null>(null);
  const box = useRef<HTMLDivElement>(null);
  const label = (path: string) => stateName(path);
  const transient = useMemo(() => transientStates(workflow), [workflow]);

  useEffect(() => {
    let live = true;
    const size = (p: string) => {
      if (transient.has(p)) return { width: 22, height: 22 };
      const { en, zh } = stateParts(p);
      return { width: Math.max(84, textWidth(en ?? ''), textWidth(zh)) + 22, height: en ? 42 : 32 };
    };
    layout(workflow, size).then(
      (n) => live && setLaid(n),
      () => undefined,
    );
    return () => {
      live = false;
    };
    // stateName changes with the language only
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [workflow, lang]);

  const { nodes, edges } = useMemo(() => {
    if (!laid) return { nodes: [] as StateNode[], edges: [] as RoutedEdge[] };
    const { visited, taken } = pathTaken(workflow, history);
    const isCurrent = (id: string) => states.some((s) => within(id, s));
    const nodes: StateNode[] = laid.nodes.map((n) => ({
      id: n.id,
      type: n.compound ? 'compound' : transient.has(n.id) ? 'choice' : 'state',
      position: { x: n.x, y: n.y },
      ...(n.parent ? { parentId: n.parent, extent: 'parent' as const } : {}),
      width: n.width,
      height: n.height,
      style: { width: n.width, height: n.height },
      draggable: false,
      selectable: false,
      data: {
        label: n.compound
          ? [stateParts(n.id).en, stateParts(n.id).zh].filter(Boolean).join(' ')
          : label(n.id),
        ...stateParts(n.id),
        status: isCurrent(n.id) ? 'current' : visited.has(n.id) ? 'visited' : 'idle',
        final: n.final,
      },
      zIndex: n.compound ? 0 : 1,
    }));
    const next = new Set(states);
    const edges: RoutedEdge[] = laid.edges.map((e) => {
      const wasTaken = taken.has(e.id);
      const fromHere =
        [...next].some((s) => within(e.source, s)) &&
        (!allowed || e.events.some((ev) => allowed.includes(ev) || ev.startsWith('xstate.after')));
      const deadline = e.events.every((ev) => ev.startsWith('xstate.after'));
      const named = e.events.filter((ev) => !ev.startsWith('xstate.'));
      return {
        id: e.id,
        source: e.source,
        target: e.target,
        type: 'routed',
        // the events that take it, written along the steps the case may take next
        data: { points: e.points, label: named.map(eventName).join(' / '), shown: fromHere && !wasTaken },
        zIndex: 2,
        animated: fromHere && !wasTaken,
        className: wasTaken ? 'edge-taken' : fromHere ? 'edge-next' : 'edge-idle',
        ariaLabel: named.map(eventName).join(' / '),
        style: deadline ? { strokeDasharray: '5 4' } : undefined,
        markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16 },
      };
    });
    return { nodes, edges };
    // label depends on the language only
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [laid, workflow, history, states, allowed, lang]);

  return (
    <Panel
      title={t('procedure')}
      id="diagram"
      actions={
        <span className="legend" aria-hidden="true">
          <span className="legend-current">■ {t('legendCurrent')}</span>
          <span className="legend-visited">■ {t('legendVisited')}</span>
          <span className="legend-next">
            <svg width="22" height="8">
              <line x1="0" y1="4" x2="22" y2="4" />
            </svg>
            {t('legendNext')}
          </span>
          <span className="legend-deadline">
            <svg width="22" height="8">
              <line x1="0" y1="4" x2="22" y2="4" />
            </svg>
            {t('legendDeadline')}
          </span>
          {transient.size > 0 && <span className="legend-choice">◆ {t('legendChoice')}</span>}
        </span>
      }
    >
      <div
        className="diagram"
        role="img"
        aria-label={`${t('procedure')}: ${states.map(stateName).join(', ')}`}
        data-testid="diagram"
        data-current={states.join(',')}
        ref={box}
      >
        {laid && (
          <ReactFlow
            key={lang}
            nodes={nodes}
            edges={edges}
            nodeTypes={nodeTypes}
            edgeTypes={edgeTypes}
            defaultViewport={viewportFor(laid, nodes, states, box.current)}
            minZoom={0.2}
            nodesDraggable={false}
            nodesConnectable={false}
            elementsSelectable={false}
            zoomOnScroll={false}
            preventScrolling={false}
          >
            <Background gap={24} size={1} />
            <Controls showInteractive={false} position="top-left" />
          </ReactFlow>
        )}
      </div>
    </Panel>
  );
}

/** States left at once on entry: every transition out of them is eventless (`xstate.always`). */
function transientStates(wf: Workflow): Set<string> {
  const out = new Map<string, string[]>();
  for (const tr of wf.machine.transitions) out.set(tr.source, [...(out.get(tr.source) ?? []), tr.event]);
  return new Set([...out].filter(([, evs]) => evs.every((e) => e === 'xstate.always')).map(([s]) => s));
}

/**
 * The whole diagram when it fits at a readable zoom; else the readable zoom, centred on the current
 * state (the zoom controls and dragging show the rest). Room on the left for the zoom controls.
 */
function viewportFor(laid: Layout, nodes: StateNode[], states: string[], el: HTMLDivElement | null) {
  const w = el?.clientWidth ?? 1000;
  const h = el?.clientHeight ?? 460;
  const [left, pad] = [44, 12];
  const absolute = new Map<string, Point>();
  for (const n of laid.nodes) {
    const p = n.parent ? absolute.get(n.parent) : undefined;
    absolute.set(n.id, { x: n.x + (p?.x ?? 0), y: n.y + (p?.y ?? 0) });
  }
  const top = laid.nodes.filter((n) => !n.parent);
  const gw = Math.max(1, ...top.map((n) => n.x + n.width));
  const gh = Math.max(1, ...top.map((n) => n.y + n.height));
  const fit = Math.min(MAX_ZOOM, (w - left - pad) / gw, (h - 2 * pad) / gh);
  const zoom = Math.max(READABLE_ZOOM, fit);
  // the whole length centred when it fits; else from its start while the current state shows with room
  // after it (the next steps), else that state centred
  const centre = (size: number, length: number, start: number, focus: number) =>
    length * zoom <= size - start - pad
      ? start + (size - start - pad - length * zoom) / 2
      : start + focus * zoom + 180 <= size - pad
        ? start
        : Math.min(start, Math.max(size - pad - length * zoom, size / 2 - focus * zoom));
  const current = nodes.find((n) => n.type !== 'compound' && states.some((s) => within(n.id, s)));
  const at = current ? absolute.get(current.id) : undefined;
  const focus =
    at && current ? { x: at.x + (current.width ?? 0) / 2, y: at.y + (current.height ?? 0) / 2 } : null;
  return {
    zoom,
    x: centre(w, gw, left, focus?.x ?? gw / 2),
    y: centre(h, gh, pad, focus?.y ?? gh / 2),
  };
}

// CasePage loads it lazily
export default Diagram;
