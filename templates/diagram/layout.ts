/**
 * Positions of the procedure diagram, computed on the server with ELK (layered): lanes are columns, one per role,
 * and the procedure flows downwards through them like the SOP tables offices already know.
 *
 * Two ELK runs: the first one layers the steps (their order from top to bottom); the lane computation then puts each
 * step in its role's column; the second, interactive run keeps those positions, routes the arrows and places the
 * guard texts at the arrow heads. Nothing is positioned here beyond "which column".
 */
import ElkBundled from 'elkjs/lib/elk.bundled.js';
import type { ELK, ElkExtendedEdge, ElkNode, ElkPoint, ElkPort } from 'elkjs/lib/elk-api.js';
import { workflowHash } from '../../engine/hash.ts';
import type { Workflow } from '../../engine/types.ts';
import { PromiseCache } from '../cache.ts';
import { diagramGraph, type DiagramEdge, type DiagramGraph, type DiagramNode } from './graph.ts';
import { textWidth, wrapText } from './text-size.ts';

export const FONT = { step: 13, note: 11, lane: 13, guard: 11.5, line: 1.3 };
const BOX = { width: 184, padX: 12, padY: 10 };
const GUARD = { maxWidth: 120, gap: 8 };
const LANE = { pad: 22, minGap: 8, header: 56 };
/** Distance between two arrow ends on a box side (ELK reads it for the whole drawing only, not per box). */
const PORT_SPACING = 84;

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

function measureGuard(text: string, maxWidth: number): { width: number; height: number; lines: string[] } {
  const lines = wrapText(text, maxWidth - 10, FONT.guard);
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
  'elk.spacing.portPort': String(PORT_SPACING),
};

/** Run 1: the nodes are given in step-number order, so an arrow to an earlier step is the one drawn going back. */
const LAYERING_OPTIONS = { 'elk.layered.cycleBreaking.strategy': 'MODEL_ORDER' };

/** Run 2: layers from the given rows, order and place from the given columns. */
const INTERACTIVE_OPTIONS = {
  'elk.layered.cycleBreaking.strategy': 'INTERACTIVE',
  'elk.layered.layering.strategy': 'INTERACTIVE',
  'elk.layered.crossingMinimization.strategy': 'INTERACTIVE',
  'elk.layered.nodePlacement.strategy': 'INTERACTIVE',
  'elk.separateConnectedComponents': 'false',
};

type Side = 'NORTH' | 'SOUTH';

/**
 * Arrow ends: forward arrows leave a box at its bottom and enter the next at its top; an arrow going back runs
 * upwards. Each end is its own port, centred on the side and PORT_SPACING apart, so that the guard text ELK puts
 * beside an arrow head can be wrapped narrow enough not to cover the next arrow head.
 */
function arrowEnds(graph: DiagramGraph) {
  const sideOfHead = (e: DiagramEdge): Side => (e.back ? 'SOUTH' : 'NORTH');
  const sideOfTail = (e: DiagramEdge): Side => (e.back ? 'NORTH' : 'SOUTH');
  const count = new Map<string, number>();
  const bump = (key: string) => count.set(key, (count.get(key) ?? 0) + 1);
  for (const e of graph.edges) {
    bump(`${e.from}|${sideOfTail(e)}`);
    bump(`${e.to}|${sideOfHead(e)}`);
  }
  const guardWidth = new Map<string, number>();
  for (const e of graph.edges) {
    const crowded = (count.get(`${e.to}|${sideOfHead(e)}`) ?? 0) > 1;
    if (e.label) guardWidth.set(e.id, crowded ? PORT_SPACING - GUARD.gap : GUARD.maxWidth);
  }
  type End = { id: string; side: Side; other: string };
  const endsOf = (id: string): End[] => [
    ...graph.edges.filter((e) => e.from === id).map((e) => ({ id: `${e.id}:tail`, side: sideOfTail(e), other: e.to })),
    ...graph.edges.filter((e) => e.to === id).map((e) => ({ id: `${e.id}:head`, side: sideOfHead(e), other: e.from })),
  ];
  /**
   * Without columns yet (run 1) ELK orders the arrow ends itself. With columns (run 2) the ends on a side are put
   * in the order of the boxes at their other ends, left to right, so two branches leaving a box never cross.
   */
  const ports = (id: string, centre?: (node: string) => number): { ports: ElkPort[]; options: Record<string, string> } => {
    const ends = endsOf(id);
    if (!centre) {
      return { ports: ends.map((p) => port(p.id, p.side)), options: { 'elk.portConstraints': 'FIXED_SIDE', 'elk.portAlignment.default': 'CENTER' } };
    }
    // ELK counts a fixed order clockwise: the top side left to right, then the bottom side right to left.
    const top = ends.filter((p) => p.side === 'NORTH').sort((a, b) => centre(a.other) - centre(b.other));
    const bottom = ends.filter((p) => p.side === 'SOUTH').sort((a, b) => centre(b.other) - centre(a.other));
    return {
      ports: [...top, ...bottom].map((p, index) => port(p.id, p.side, index)),
      options: { 'elk.portConstraints': 'FIXED_ORDER', 'elk.portAlignment.default': 'CENTER' },
    };
  };
  return { ports, guardWidth };
}

function port(id: string, side: Side, index?: number): ElkPort {
  return {
    id,
    width: 1,
    height: 1,
    layoutOptions: { 'elk.port.side': side, ...(index === undefined ? {} : { 'elk.port.index': String(index) }) },
  };
}

// elkjs is CommonJS: its constructor is both the module and its `default` (the bundled build runs in-process).
const ElkConstructor = ElkBundled.default;
let elk: ELK | undefined;

async function compute(graph: DiagramGraph): Promise<DiagramLayout> {
  elk ??= new ElkConstructor();
  const sizes = new Map(graph.nodes.map((n) => [n.id, measure(n)] as const));
  const ends = arrowEnds(graph);
  const guards = new Map(
    graph.edges.filter((e) => e.label).map((e) => [e.id, measureGuard(e.label!, ends.guardWidth.get(e.id)!)] as const),
  );
  const elkNodes = (at?: Map<string, { x: number; y: number }>): ElkNode[] =>
    graph.nodes.map((n) => {
      const centre = at ? (id: string) => at.get(id)!.x + sizes.get(id)!.width / 2 : undefined;
      const { ports, options } = ends.ports(n.id, centre);
      return {
        id: n.id,
        width: sizes.get(n.id)!.width,
        height: sizes.get(n.id)!.height,
        ...(at ? at.get(n.id) : {}),
        ports,
        layoutOptions: options,
      };
    });
  const elkEdges = (withGuards: boolean): ElkExtendedEdge[] =>
    graph.edges.map((e) => {
      const g = withGuards ? guards.get(e.id) : undefined;
      return {
        id: e.id,
        sources: [`${e.id}:tail`],
        targets: [`${e.id}:head`],
        ...(g
          ? { labels: [{ id: `${e.id}:guard`, text: e.label, width: g.width, height: g.height, layoutOptions: { 'elk.edgeLabels.placement': 'HEAD' } }] }
          : {}),
      };
    });

  // Run 1: the rows (top-to-bottom order of the steps).
  const first = await elk.layout({
    id: 'root',
    layoutOptions: { ...BASE_OPTIONS, ...LAYERING_OPTIONS },
    children: elkNodes(),
    edges: elkEdges(false),
  });
  const rowOf = new Map((first.children ?? []).map((c) => [c.id, c.y ?? 0] as const));

  // Lane computation: each node goes into its role's column; nodes of one role on the same row sit side by side
  // (a lane has as many slots as it needs on its busiest row).
  const slotWidth = BOX.width + 2 * LANE.pad;
  const slotOf = new Map<string, number>();
  const slots = new Map<string, number>();
  const byLaneRow = new Map<string, DiagramNode[]>();
  for (const n of [...graph.nodes].sort((a, b) => xOf(first, a.id) - xOf(first, b.id))) {
    const key = `${n.lane}\u0000${rowOf.get(n.id)}`;
    const row = [...(byLaneRow.get(key) ?? []), n];
    byLaneRow.set(key, row);
    slotOf.set(n.id, row.length - 1);
    slots.set(n.lane, Math.max(slots.get(n.lane) ?? 1, row.length));
  }
  /** Room added to a slot ("lane#slot") where ELK pushed a box right to let arrows pass beside it. */
  const grow = new Map<string, number>();
  const columns = () => {
    const lanes: LaidLane[] = [];
    const slotLeft = new Map<string, number>();
    let left = 0;
    for (const lane of graph.lanes) {
      const start = left;
      for (let i = 0; i < (slots.get(lane.id) ?? 1); i++) {
        slotLeft.set(`${lane.id}#${i}`, left);
        left += slotWidth + (grow.get(`${lane.id}#${i}`) ?? 0);
      }
      const width = left - start;
      lanes.push({ id: lane.id, label: lane.label, lines: wrapText(lane.label, width - 20, FONT.lane), x: start, y: 0, width, height: 0 });
    }
    const wanted = new Map<string, { x: number; y: number }>();
    for (const n of graph.nodes) {
      const x = slotLeft.get(`${n.lane}#${slotOf.get(n.id)}`)! + (slotWidth - sizes.get(n.id)!.width) / 2;
      wanted.set(n.id, { x, y: rowOf.get(n.id)! });
    }
    return { lanes, wanted, left };
  };

  // Run 2: keep rows and columns; route the arrows and place the guards. ELK's interactive placement may push a
  // box to the right to make room for arrows passing beside it; when that takes the box too near its lane's
  // edge, the slot is widened by as much and ELK runs again (the push stays the same, now inside the lane).
  let { lanes, wanted, left } = columns();
  let second!: ElkNode;
  let dx = 0;
  for (let round = 0; ; round++) {
    second = await elk.layout({
      id: 'root',
      layoutOptions: { ...BASE_OPTIONS, ...INTERACTIVE_OPTIONS },
      children: elkNodes(wanted),
      edges: elkEdges(true),
    });
    // ELK also moves the whole drawing to its origin; boxes are only ever pushed right, so the largest
    // difference is that move.
    dx = Math.max(...graph.nodes.map((n) => wanted.get(n.id)!.x - xOf(second, n.id)));
    let widened = false;
    for (const n of graph.nodes) {
      const key = `${n.lane}#${slotOf.get(n.id)}`;
      const drift = xOf(second, n.id) + dx - wanted.get(n.id)!.x;
      const room = LANE.pad - LANE.minGap + (grow.get(key) ?? 0);
      if (drift <= room) continue;
      grow.set(key, (grow.get(key) ?? 0) + Math.ceil(drift - room));
      widened = true;
    }
    if (!widened || round === 3) break;
    ({ lanes, wanted, left } = columns());
  }
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

  const boxes: Positioned[] = [...nodes, ...edges.flatMap((e) => (e.guard ? [e.guard] : []))];
  const points = edges.flatMap((e) => e.points);
  const bottom = Math.max(...boxes.map((b) => b.y + b.height), ...points.map((p) => p.y)) + 24;
  const right = Math.max(left, ...boxes.map((b) => b.x + b.width + 8), ...points.map((p) => p.x + 8));
  for (const lane of lanes) lane.height = bottom;
  // A guard text may stick out past the last column: widen that column rather than leave a bare strip.
  const last = lanes[lanes.length - 1];
  if (last) last.width = Math.max(last.width, right - last.x);
  return { graph, width: Math.ceil(right), height: Math.ceil(bottom), headerHeight: LANE.header, lanes, nodes, edges };
}

function xOf(graph: ElkNode, id: string): number {
  return graph.children?.find((c) => c.id === id)?.x ?? 0;
}

const layouts = new PromiseCache<DiagramLayout>(64);

/** The laid-out diagram of a workflow; cached by the workflow's hash (a layout takes tens of milliseconds). */
export function layoutDiagram(workflow: Workflow): Promise<DiagramLayout> {
  return layouts.get(workflowHash(workflow), () => compute(diagramGraph(workflow)));
}
