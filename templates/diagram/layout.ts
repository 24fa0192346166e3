/**
 * Positions of the procedure diagram, computed on the server with ELK (layered): lanes are columns, one per role,
 * and the procedure flows downwards through them like the SOP tables offices already know.
 *
 * Two ELK runs: the first one layers the steps (their order from top to bottom); the lane computation then puts each
 * step in its role's column; the second, interactive run keeps those positions and routes the arrows and places the
 * guard texts. No coordinates are invented here beyond "which column".
 */
import ElkBundled from 'elkjs/lib/elk.bundled.js';
import type { ELK, ElkExtendedEdge, ElkNode, ElkPoint } from 'elkjs/lib/elk-api.js';
import { workflowHash } from '../../engine/hash.ts';
import type { Workflow } from '../../engine/types.ts';
import { diagramGraph, type DiagramEdge, type DiagramGraph, type DiagramNode } from './graph.ts';
import { textWidth, wrapText } from './text-size.ts';

export const FONT = { step: 13, note: 11, lane: 13, guard: 11.5, line: 1.3 };
const BOX = { width: 184, padX: 12, padY: 10, maxGuardWidth: 150 };
const LANE = { pad: 22, header: 56 };

export interface Positioned {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface LaidLane extends Positioned {
  id: string;
  label: string;
  lines: string[];
}

export interface LaidNode extends DiagramNode, Positioned {
  lines: string[];
  noteLines: string[];
}

export interface LaidEdge extends DiagramEdge {
  points: ElkPoint[];
  guard?: Positioned & { lines: string[] };
}

export interface DiagramLayout {
  graph: DiagramGraph;
  width: number;
  height: number;
  headerHeight: number;
  lanes: LaidLane[];
  nodes: LaidNode[];
  edges: LaidEdge[];
}

const lineHeight = (size: number): number => Math.round(size * FONT.line);

/** Box size and text lines of a node, from the text's estimated width. */
function measure(node: DiagramNode): { width: number; height: number; lines: string[]; noteLines: string[] } {
  if (node.kind === 'start') return { width: 84, height: 32, lines: [node.text], noteLines: [] };
  const inner = BOX.width - 2 * BOX.padX;
  const lines = wrapText(node.text, inner, FONT.step);
  const noteLines = node.note ? wrapText(node.note, inner, FONT.note) : [];
  const height =
    2 * BOX.padY + lines.length * lineHeight(FONT.step) + (noteLines.length ? 6 + noteLines.length * lineHeight(FONT.note) : 0);
  return { width: BOX.width, height: Math.max(node.kind === 'end' ? 44 : 52, height), lines, noteLines };
}

function measureGuard(text: string): { width: number; height: number; lines: string[] } {
  const lines = wrapText(text, BOX.maxGuardWidth, FONT.guard);
  const width = Math.ceil(Math.max(...lines.map((l) => textWidth(l, FONT.guard)))) + 10;
  return { width, height: lines.length * lineHeight(FONT.guard) + 6, lines };
}

const BASE_OPTIONS = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.padding': '[top=0,left=0,bottom=0,right=0]',
  'elk.spacing.nodeNode': '28',
  'elk.spacing.edgeNode': '16',
  'elk.spacing.edgeEdge': '12',
  'elk.spacing.edgeLabel': '4',
  'elk.layered.spacing.nodeNodeBetweenLayers': '36',
  'elk.layered.spacing.edgeNodeBetweenLayers': '16',
  'elk.layered.spacing.edgeEdgeBetweenLayers': '12',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
};

const INTERACTIVE_OPTIONS = {
  'elk.layered.cycleBreaking.strategy': 'INTERACTIVE',
  'elk.layered.layering.strategy': 'INTERACTIVE',
  'elk.layered.crossingMinimization.strategy': 'INTERACTIVE',
  'elk.layered.nodePlacement.strategy': 'INTERACTIVE',
  'elk.separateConnectedComponents': 'false',
};

// elkjs is CommonJS: its constructor is both the module and its `default` (the bundled build runs in-process).
const ElkConstructor = ElkBundled.default;
let elk: ELK | undefined;

async function compute(graph: DiagramGraph): Promise<DiagramLayout> {
  elk ??= new ElkConstructor();
  const sizes = new Map(graph.nodes.map((n) => [n.id, measure(n)] as const));
  const guards = new Map(graph.edges.filter((e) => e.label).map((e) => [e.id, measureGuard(e.label!)] as const));
  const elkEdges = (withLabels: boolean): ElkExtendedEdge[] =>
    graph.edges.map((e) => ({
      id: e.id,
      sources: [e.from],
      targets: [e.to],
      ...(withLabels && guards.has(e.id)
        ? { labels: [{ id: `${e.id}-label`, text: e.label, ...size(guards.get(e.id)!), layoutOptions: { 'elk.edgeLabels.placement': 'HEAD' } }] }
        : {}),
    }));

  // Run 1: layering only (top-to-bottom order of the steps).
  const first = await elk.layout({
    id: 'root',
    layoutOptions: BASE_OPTIONS,
    children: graph.nodes.map((n) => ({ id: n.id, ...size(sizes.get(n.id)!) })),
    edges: elkEdges(false),
  });
  const rowOf = new Map((first.children ?? []).map((c) => [c.id, c.y ?? 0] as const));

  // Lane computation: each node goes into its role's column; two nodes of one role on the same row sit side by side.
  const slotWidth = BOX.width + 2 * LANE.pad;
  const byLaneRow = new Map<string, DiagramNode[]>();
  for (const n of [...graph.nodes].sort((a, b) => xOf(first, a.id) - xOf(first, b.id))) {
    const key = `${n.lane}\u0000${rowOf.get(n.id)}`;
    byLaneRow.set(key, [...(byLaneRow.get(key) ?? []), n]);
  }
  const slots = new Map<string, number>();
  for (const [key, nodes] of byLaneRow) {
    const lane = key.split('\u0000')[0]!;
    slots.set(lane, Math.max(slots.get(lane) ?? 1, nodes.length));
  }
  const lanes: LaidLane[] = [];
  let left = 0;
  for (const lane of graph.lanes) {
    const width = (slots.get(lane.id) ?? 1) * slotWidth;
    lanes.push({ id: lane.id, label: lane.label, lines: wrapText(lane.label, width - 20, FONT.lane), x: left, y: 0, width, height: 0 });
    left += width;
  }
  const laneLeft = new Map(lanes.map((l) => [l.id, l.x] as const));
  const wanted = new Map<string, { x: number; y: number }>();
  for (const [key, nodes] of byLaneRow) {
    const lane = key.split('\u0000')[0]!;
    nodes.forEach((n, i) => {
      const s = sizes.get(n.id)!;
      wanted.set(n.id, { x: laneLeft.get(lane)! + i * slotWidth + (slotWidth - s.width) / 2, y: rowOf.get(n.id)! });
    });
  }

  // Run 2: keep the layers and the columns, route the arrows, place the guard texts at the arrow heads.
  const second = await elk.layout({
    id: 'root',
    layoutOptions: { ...BASE_OPTIONS, ...INTERACTIVE_OPTIONS },
    children: graph.nodes.map((n) => ({ id: n.id, ...size(sizes.get(n.id)!), ...wanted.get(n.id)! })),
    edges: elkEdges(true),
  });

  // ELK moves the whole drawing to its origin: shift it back so the columns line up with the lanes.
  const anchor = graph.nodes[0]!;
  const dx = wanted.get(anchor.id)!.x - xOf(second, anchor.id);
  const top = Math.min(...(second.children ?? []).map((c) => c.y ?? 0));
  const dy = LANE.header + 20 - top;
  const move = (p: ElkPoint): ElkPoint => ({ x: p.x + dx, y: p.y + dy });

  const nodes: LaidNode[] = graph.nodes.map((n) => {
    const c = second.children!.find((ch) => ch.id === n.id)!;
    const s = sizes.get(n.id)!;
    return { ...n, ...move({ x: c.x ?? 0, y: c.y ?? 0 }), width: s.width, height: s.height, lines: s.lines, noteLines: s.noteLines };
  });
  const edges: LaidEdge[] = graph.edges.map((e) => {
    const laid = (second.edges ?? []).find((x) => x.id === e.id) as ElkExtendedEdge | undefined;
    const points = (laid?.sections ?? []).flatMap((s) => [s.startPoint, ...(s.bendPoints ?? []), s.endPoint]).map(move);
    const label = laid?.labels?.[0];
    const g = guards.get(e.id);
    return {
      ...e,
      points,
      ...(g && label ? { guard: { ...move({ x: label.x ?? 0, y: label.y ?? 0 }), width: g.width, height: g.height, lines: g.lines } } : {}),
    };
  });

  const bottom = Math.max(...nodes.map((n) => n.y + n.height), ...edges.flatMap((e) => e.points.map((p) => p.y))) + 24;
  const right = Math.max(left, ...nodes.map((n) => n.x + n.width), ...edges.flatMap((e) => e.points.map((p) => p.x)));
  for (const lane of lanes) lane.height = bottom;
  return { graph, width: Math.ceil(right), height: Math.ceil(bottom), headerHeight: LANE.header, lanes, nodes, edges };
}

function size(s: { width: number; height: number }): { width: number; height: number } {
  return { width: s.width, height: s.height };
}

function xOf(graph: ElkNode, id: string): number {
  return graph.children?.find((c) => c.id === id)?.x ?? 0;
}

const cache = new Map<string, Promise<DiagramLayout>>();
const CACHE_LIMIT = 64;

/** The laid-out diagram of a workflow; cached by the workflow's hash (a layout takes tens of milliseconds). */
export function layoutDiagram(workflow: Workflow): Promise<DiagramLayout> {
  const key = workflowHash(workflow);
  let hit = cache.get(key);
  if (!hit) {
    hit = compute(diagramGraph(workflow));
    hit.catch(() => cache.delete(key));
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(key, hit);
  }
  return hit;
}
