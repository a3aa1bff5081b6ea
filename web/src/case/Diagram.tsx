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
type StateNode = Node<StateData, 'state' | 'compound'>;

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

const nodeTypes = { state: StateBox, compound: CompoundBox };

type RoutedEdge = Edge<{ points: Point[]; label: string }, 'routed'>;

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
    </g>
  );
}

const edgeTypes = { routed: RoutedEdgeLine };

/** The procedure as a diagram: the current state highlighted, the path the case took drawn from its history. */
export function Diagram({
  workflow,
  states,
  history,
}: {
  workflow: Workflow;
  states: string[];
  history: HistoryEntry[];
}) {
  const { t, stateName, stateParts, eventName, lang } = useI18n();
  const [laid, setLaid] = useState<Layout | null>(null);
  const label = (path: string) => stateName(path);
  // The box's width: on a narrow screen the whole graph would shrink its text too far, so the first
  // view shows the current stage and the next ones, readable (the fit button shows the whole graph).
  const box = useRef<HTMLDivElement>(null);
  const [boxWidth, setBoxWidth] = useState(0);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    setBoxWidth(el.clientWidth);
    const observer = new ResizeObserver(() => setBoxWidth(el.clientWidth));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    let live = true;
    const size = (p: string) => {
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
      type: n.compound ? 'compound' : 'state',
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
      const fromHere = [...next].some((s) => within(e.source, s));
      const deadline = e.events.every((ev) => ev.startsWith('xstate.'));
      return {
        id: e.id,
        source: e.source,
        target: e.target,
        type: 'routed',
        data: { points: e.points, label: e.events.map(eventName).join(' / ') },
        zIndex: 2,
        animated: fromHere && !wasTaken,
        className: wasTaken ? 'edge-taken' : fromHere ? 'edge-next' : 'edge-idle',
        ariaLabel: e.events.map(eventName).join(' / '),
        style: deadline ? { strokeDasharray: '5 4' } : undefined,
        markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16 },
      };
    });
    return { nodes, edges };
    // label depends on the language only
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [laid, workflow, history, states, lang]);

  const focus = useMemo(() => {
    if (!laid || !boxWidth) return undefined;
    const graphWidth = Math.max(...laid.nodes.filter((n) => !n.parent).map((n) => n.x + n.width));
    if (boxWidth / graphWidth >= READABLE_ZOOM) return undefined;
    const here = (id: string) => states.some((s) => within(id, s));
    const ids = new Set(laid.nodes.filter((n) => !n.compound && here(n.id)).map((n) => n.id));
    for (const e of laid.edges) if (here(e.source)) ids.add(e.target);
    return ids.size ? [...ids].map((id) => ({ id })) : undefined;
  }, [laid, boxWidth, states]);

  return (
    <Panel
      title={t('procedure')}
      id="diagram"
      actions={
        <span className="legend" aria-hidden="true">
          <span className="legend-current">■ {t('legendCurrent')}</span>
          <span className="legend-visited">■ {t('legendVisited')}</span>
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
        {laid && boxWidth > 0 && (
          <ReactFlow
            key={lang}
            nodes={nodes}
            edges={edges}
            nodeTypes={nodeTypes}
            edgeTypes={edgeTypes}
            fitView
            // room on the left for the zoom controls, so they never cover the first stage
            fitViewOptions={{
              padding: { top: '12px', right: '12px', bottom: '12px', left: '44px' },
              ...(focus ? { nodes: focus, minZoom: READABLE_ZOOM, maxZoom: 1 } : {}),
            }}
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

/** Below this zoom the states' names are too small to read. */
const READABLE_ZOOM = 0.7;

// CasePage loads it lazily
export default Diagram;
