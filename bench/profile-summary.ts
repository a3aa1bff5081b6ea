/*
 * Summarises a V8 CPU profile (`node --cpu-prof`, or `BENCH_PROFILE=1 npm run bench`): the top
 * self-time frames and the shares by package, as markdown, and a flame graph as a standalone SVG.
 *
 *   node -r ts-node/register/transpile-only bench/profile-summary.ts <file.cpuprofile> [out.svg] [topN] [marker]
 *
 * With a marker (a file name, e.g. cases.controller), the samples before the first one inside it —
 * the start-up — are left out (of the tables and the flame graph).
 *
 * Shares are of the busy time ((idle) and (program) left out of the denominator, listed apart).
 */
import { readFileSync, writeFileSync } from 'node:fs';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** Where a frame comes from: a package of node_modules, our own folders, or Node/V8. */
export function groupOf(frame: CallFrame): string {
  const url = frame.url;
  if (!url) {
    if (frame.functionName === '(garbage collector)') return 'GC';
    if (frame.functionName.startsWith('(')) return frame.functionName;
    return 'native (V8 builtins, C++ bindings)';
  }
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  if (url.startsWith('node:')) return 'node core';
  const own =
    /\/dist\/((?:src|machines|workflows|bench)\/[^/]+)/.exec(url) ??
    /\/((?:src|machines|workflows|bench)\/[^/]+)/.exec(url);
  return own ? own[1].replace(/\.js$/, '') : url;
}

function label(frame: CallFrame): string {
  const file = frame.url
    .replace(/^.*node_modules\//, '')
    .replace(/^.*\/dist\/\.bench-build\/dist\//, '')
    .replace(/^file:\/\//, '');
  return `${frame.functionName || '(anonymous)'}${file ? ` ${file}:${frame.lineNumber + 1}` : ''}`;
}

/**
 * The samples from the first one taken inside a frame of `marker` (a file, e.g. cases.controller) on:
 * the start-up (compiling and loading modules) left out.
 */
function fromMarker(profile: Profile, byId: Map<number, ProfileNode>, marker: string | undefined) {
  if (!marker) return 0;
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const hit = new Map<number, boolean>();
  const inMarker = (id: number): boolean => {
    const known = hit.get(id);
    if (known !== undefined) return known;
    const up = parent.get(id);
    const frame = byId.get(id)!.callFrame;
    // A named function of the file: its module's top-level code (anonymous) runs at start-up.
    const own = frame.functionName !== '' && frame.url.includes(marker);
    const yes = own || (up !== undefined && inMarker(up));
    hit.set(id, yes);
    return yes;
  };
  const first = profile.samples.findIndex(inMarker);
  return first < 0 ? 0 : first;
}

const fn = (name: string, file: string) => (f: CallFrame) => f.functionName === name && f.url.includes(file);
const file = (part: string) => (f: CallFrame) => f.url.includes(part);

/** The parts of POST /cases/:id/events that the analyses of bench/TAIL.md and profile-*.md follow. */
const HOT_PATH_PARTS: [string, (f: CallFrame) => boolean][] = [
  [
    'socket writes (writev, writeUtf8String: answers, Redis)',
    (f) => f.functionName === 'writev' || f.functionName === 'writeUtf8String',
  ],
  [
    'live refresh: publish to Redis (CaseChanges.committed + flush)',
    (f) =>
      (f.functionName === 'committed' || f.functionName === 'flush') && f.url.includes('live/case-changes'),
  ],
  ['TypeORM query runner (incl. SQLite inside it)', fn('query', 'typeorm/driver/better-sqlite3')],
  ['hot statements straight on better-sqlite3 (sqliteRun)', fn('sqliteRun', 'prepared-statements')],
  ['Nest ValidationPipe (body, query)', fn('transform', '@nestjs/common/pipes/validation.pipe')],
  ['payload validation (class-validator, the workflow payload)', fn('validatePayload', 'payload.validator')],
  ['XState step (restore, can, transition)', fn('stepCase', 'transition.step')],
  ['XState transition() building an actor per call', fn('createInertActorScope', 'xstate')],
  ['canonical JSON (snapshot, payload, hash input)', fn('canonicalJson', 'canonical-json')],
  ['the case view (CasesQuery.get)', fn('get', 'cases/cases.query')],
  ['helmet (per-route headers built per request)', file('@fastify/helmet')],
  ['pino-http (per-request logger)', file('pino-http')],
  ['GC', (f) => f.functionName === '(garbage collector)'],
];

export function summarise(profile: Profile, topN = 25, marker?: string): { markdown: string; svg: string } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  const from = fromMarker(profile, byId, marker);
  let skipped = 0;
  profile.samples.forEach((id, i) => {
    if (i < from) skipped += profile.timeDeltas[i] ?? 0;
    else self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const special = (f: CallFrame) => f.functionName === '(idle)' || f.functionName === '(program)';
  let idle = 0;
  let program = 0;
  const frames = new Map<string, number>();
  const groups = new Map<string, number>();
  for (const [id, us] of self) {
    const f = byId.get(id)!.callFrame;
    if (f.functionName === '(idle)') idle += us;
    else if (f.functionName === '(program)') program += us;
    if (special(f)) continue;
    const key = label(f);
    frames.set(key, (frames.get(key) ?? 0) + us);
    const g = groupOf(f);
    groups.set(g, (groups.get(g) ?? 0) + us);
  }
  const busy = total - idle - program;
  // Inclusive time of the hot path's parts: a sample counts for a part when one of its frames is in it.
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const parts = new Map<string, number>();
  for (const [id, us] of self) {
    const seen = new Set<string>();
    for (let j: number | undefined = id; j !== undefined; j = parent.get(j)) {
      const f = byId.get(j)!.callFrame;
      for (const [part, test] of HOT_PATH_PARTS) if (!seen.has(part) && test(f)) seen.add(part);
    }
    for (const part of seen) parts.set(part, (parts.get(part) ?? 0) + us);
  }
  const pct = (us: number) => `${((us / busy) * 100).toFixed(1)}%`;
  const msOf = (us: number) => `${(us / 1000).toFixed(0)} ms`;
  const top = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n);
  const md = [
    (marker
      ? `From the first sample in ${marker} on (${msOf(skipped)} of start-up before it left out). `
      : '') +
      `Profile: ${msOf(profile.endTime - profile.startTime - skipped)} wall, ${msOf(busy)} busy (JS, GC, native), ` +
      `${msOf(program)} (program) (V8/libuv outside JS: I/O, the event loop), ${msOf(idle)} idle.`,
    '',
    '| by package or folder | self time | share of busy |',
    '|---|---|---|',
    ...top(groups, 20).map(([g, us]) => `| ${g} | ${msOf(us)} | ${pct(us)} |`),
    '',
    '| part of the events route (time including callees) | time | share of busy |',
    '|---|---|---|',
    ...HOT_PATH_PARTS.map(
      ([part]) => `| ${part} | ${msOf(parts.get(part) ?? 0)} | ${pct(parts.get(part) ?? 0)} |`,
    ),
    '',
    `| top ${topN} frames by self time | self time | share of busy |`,
    '|---|---|---|',
    ...top(frames, topN).map(([f, us]) => `| \`${f.replace(/\|/g, '\\|')}\` | ${msOf(us)} | ${pct(us)} |`),
    '',
  ].join('\n');
  return { markdown: md, svg: flameGraph(profile, byId, self) };
}

/** A flame graph (root at the bottom, width = total time incl. children; (idle) left out). */
function flameGraph(profile: Profile, byId: Map<number, ProfileNode>, self: Map<number, number>): string {
  const totals = new Map<number, number>();
  const totalOf = (node: ProfileNode): number => {
    if (node.callFrame.functionName === '(idle)') return 0;
    let t = self.get(node.id) ?? 0;
    for (const c of node.children ?? []) t += totalOf(byId.get(c)!);
    totals.set(node.id, t);
    return t;
  };
  const root = profile.nodes[0];
  const all = totalOf(root);
  const W = 1600;
  const H = 16;
  const rects: string[] = [];
  let depthMax = 0;
  const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const walk = (node: ProfileNode, x: number, depth: number) => {
    const t = totals.get(node.id) ?? 0;
    const w = (t / all) * W;
    if (w < 1) return;
    depthMax = Math.max(depthMax, depth);
    const name = label(node.callFrame);
    const g = groupOf(node.callFrame);
    let hash = 0;
    for (const ch of g) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
    const fill = `hsl(${hash % 360},65%,${g.startsWith('src/') || g.startsWith('workflows/') ? 55 : 70}%)`;
    const text = w > 40 ? escape(name.slice(0, Math.floor(w / 6.5))) : '';
    rects.push(
      `<g><title>${escape(name)} — ${escape(g)} — ${((t / all) * 100).toFixed(2)}% (${(t / 1000).toFixed(0)} ms)</title>` +
        `<rect x="${x.toFixed(1)}" y="{Y${depth}}" width="${w.toFixed(1)}" height="${H - 1}" fill="${fill}"/>` +
        (text ? `<text x="${(x + 2).toFixed(1)}" y="{T${depth}}">${text}</text>` : '') +
        '</g>',
    );
    let cx = x;
    for (const c of node.children ?? []) {
      const child = byId.get(c)!;
      walk(child, cx, depth + 1);
      cx += ((totals.get(child.id) ?? 0) / all) * W;
    }
  };
  walk(root, 0, 0);
  const height = (depthMax + 1) * H + 20;
  const body = rects
    .join('\n')
    .replace(/\{Y(\d+)\}/g, (_, d: string) => String(height - (Number(d) + 1) * H))
    .replace(/\{T(\d+)\}/g, (_, d: string) => String(height - (Number(d) + 1) * H + 11));
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${height}" font-family="monospace" font-size="10">\n` +
    `<text x="4" y="12">CPU flame graph (width = time incl. callees; hover a frame for its name and share; idle left out)</text>\n` +
    `${body}\n</svg>\n`
  );
}

if (require.main === module) {
  const [file, svgOut, n, marker] = process.argv.slice(2);
  if (!file) {
    process.stderr.write(
      'usage: profile-summary.ts <file.cpuprofile> [out.svg] [topN] [marker file, e.g. cases.controller]\n',
    );
    process.exit(2);
  }
  const { markdown, svg } = summarise(
    JSON.parse(readFileSync(file, 'utf8')) as Profile,
    Number(n ?? 25),
    marker,
  );
  process.stdout.write(markdown);
  if (svgOut) writeFileSync(svgOut, svg);
}
