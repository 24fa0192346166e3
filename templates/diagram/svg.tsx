/** The laid-out procedure as inline SVG: lanes, step boxes, arrows with their guards, start and end nodes. Pure view. */
import type { ElkPoint } from 'elkjs/lib/elk-api.js';
import { FONT, type DiagramLayout, type LaidEdge, type LaidLane, type LaidNode } from './layout.ts';
import { FONT_FAMILY, PALETTE } from './palette.ts';

const lh = (size: number): number => Math.round(size * FONT.line);

/** An orthogonal polyline with softly rounded corners. */
function pathOf(points: ElkPoint[], radius = 6): string {
  if (points.length < 2) return '';
  const r = (n: number): number => Math.round(n * 10) / 10;
  let d = `M${r(points[0]!.x)},${r(points[0]!.y)}`;
  for (let i = 1; i < points.length - 1; i++) {
    const [a, b, c] = [points[i - 1]!, points[i]!, points[i + 1]!];
    const inLen = Math.hypot(b.x - a.x, b.y - a.y);
    const outLen = Math.hypot(c.x - b.x, c.y - b.y);
    const k = Math.min(radius, inLen / 2, outLen / 2);
    if (k < 1) {
      d += ` L${r(b.x)},${r(b.y)}`;
      continue;
    }
    const p1 = { x: b.x - ((b.x - a.x) / inLen) * k, y: b.y - ((b.y - a.y) / inLen) * k };
    const p2 = { x: b.x + ((c.x - b.x) / outLen) * k, y: b.y + ((c.y - b.y) / outLen) * k };
    d += ` L${r(p1.x)},${r(p1.y)} Q${r(b.x)},${r(b.y)} ${r(p2.x)},${r(p2.y)}`;
  }
  const last = points[points.length - 1]!;
  return `${d} L${r(last.x)},${r(last.y)}`;
}

function Lane({ lane, index, headerHeight }: { lane: LaidLane; index: number; headerHeight: number }) {
  const textTop = (headerHeight - lane.lines.length * lh(FONT.lane)) / 2 + FONT.lane;
  return (
    <g data-lane={lane.id}>
      <rect x={lane.x} y={0} width={lane.width} height={lane.height} fill={PALETTE.laneFill[index % 2]} />
      <rect x={lane.x} y={0} width={lane.width} height={headerHeight} fill={PALETTE.laneHeader} />
      <line x1={lane.x} y1={0} x2={lane.x} y2={lane.height} stroke={PALETTE.laneLine} stroke-width={1} />
      <text x={lane.x + lane.width / 2} y={textTop} text-anchor="middle" font-size={FONT.lane} font-weight="bold" fill={PALETTE.laneText}>
        {lane.lines.map((line, i) => (
          <tspan x={lane.x + lane.width / 2} dy={i === 0 ? 0 : lh(FONT.lane)}>
            {line}
          </tspan>
        ))}
      </text>
    </g>
  );
}

/** What a comparison marks on a drawing: a step or arrow that is new, changed, or gone in the other version. */
export type DiagramMark = 'baru' | 'ubah' | 'hapus';
export interface DiagramMarks {
  /** Node id → mark. */
  nodes: Record<string, DiagramMark>;
  /** "from>to" → mark. */
  edges: Record<string, DiagramMark>;
}

const MARK_WORDS: Record<DiagramMark, string> = { baru: 'BARU', ubah: 'DIUBAH', hapus: 'DIHAPUS' };

function Edge({ edge, marker, backMarker, mark }: { edge: LaidEdge; marker: string; backMarker: string; mark?: DiagramMark }) {
  return (
    <path
      data-edge={edge.id}
      data-from={edge.from}
      data-to={edge.to}
      data-tanda={mark}
      d={pathOf(edge.points)}
      fill="none"
      stroke={mark ? PALETTE.mark[mark] : edge.back ? PALETTE.backEdge : PALETTE.edge}
      stroke-width={mark ? 2.6 : 1.6}
      stroke-dasharray={edge.back || mark === 'hapus' ? '6 4' : undefined}
      marker-end={`url(#${edge.back ? backMarker : marker})`}
    />
  );
}

/** The word of a mark in a small tag over the top edge of a box. */
function MarkTag({ node, mark }: { node: LaidNode; mark: DiagramMark }) {
  const width = MARK_WORDS[mark].length * 7 + 12;
  return (
    <g data-tanda={mark}>
      <rect x={node.x + node.width - width - 6} y={node.y - 9} width={width} height={16} rx={8} fill={PALETTE.mark[mark]} />
      <text x={node.x + node.width - width / 2 - 6} y={node.y + 3} text-anchor="middle" font-size={10} font-weight="bold" fill="#ffffff">
        {MARK_WORDS[mark]}
      </text>
    </g>
  );
}

function Guard({ edge }: { edge: LaidEdge }) {
  const g = edge.guard!;
  return (
    <g data-guard={edge.id}>
      <rect x={g.x} y={g.y} width={g.width} height={g.height} rx={4} fill={PALETTE.guardFill} stroke={PALETTE.guardStroke} />
      <text x={g.x + 5} y={g.y + 3 + FONT.guard} font-size={FONT.guard} fill={PALETTE.guardText} font-style="italic">
        {g.lines.map((line, i) => (
          <tspan x={g.x + 5} dy={i === 0 ? 0 : lh(FONT.guard)}>
            {line}
          </tspan>
        ))}
      </text>
    </g>
  );
}

function Node({ node, mark }: { node: LaidNode; mark?: DiagramMark }) {
  const cx = node.x + node.width / 2;
  if (node.kind === 'start') {
    return (
      <g data-node={node.id} data-kind={node.kind} data-in-lane={node.lane}>
        <rect x={node.x} y={node.y} width={node.width} height={node.height} rx={node.height / 2} fill={PALETTE.startFill} />
        <text x={cx} y={node.y + node.height / 2 + FONT.step * 0.35} text-anchor="middle" font-size={FONT.step} font-weight="bold" fill={PALETTE.startText}>
          {node.text}
        </text>
      </g>
    );
  }
  const end = node.kind === 'end';
  const textHeight = node.lines.length * lh(FONT.step) + (node.noteLines.length ? 6 + node.noteLines.length * lh(FONT.note) : 0);
  const top = node.y + (node.height - textHeight) / 2;
  const numbered = !end && /^(\d+\.)\s(.*)$/.exec(node.lines[0] ?? '');
  return (
    <g data-node={node.id} data-kind={node.kind} data-in-lane={node.lane} data-tanda={mark}>
      <rect
        x={node.x}
        y={node.y}
        width={node.width}
        height={node.height}
        rx={end ? Math.min(node.height / 2, 22) : 8}
        fill={end ? (node.product ? PALETTE.endProductFill : PALETTE.endOtherFill) : PALETTE.stepFill}
        stroke={mark ? PALETTE.mark[mark] : end ? (node.product ? PALETTE.endProductStroke : PALETTE.endOtherStroke) : PALETTE.stepStroke}
        stroke-width={mark ? 3.5 : end ? 2.2 : 1.5}
        stroke-dasharray={mark === 'hapus' ? '7 4' : undefined}
      />
      <text x={cx} y={top + FONT.step} text-anchor="middle" font-size={FONT.step} fill={PALETTE.ink}>
        {node.lines.map((line, i) =>
          i === 0 && numbered ? (
            <tspan x={cx} dy={0}>
              <tspan font-weight="bold">{numbered[1]}</tspan> {numbered[2]}
            </tspan>
          ) : (
            <tspan x={cx} dy={i === 0 ? 0 : lh(FONT.step)}>
              {line}
            </tspan>
          ),
        )}
      </text>
      {node.noteLines.length > 0 && (
        <text x={cx} y={top + node.lines.length * lh(FONT.step) + 6 + FONT.note} text-anchor="middle" font-size={FONT.note} fill={PALETTE.noteText}>
          {node.noteLines.map((line, i) => (
            <tspan x={cx} dy={i === 0 ? 0 : lh(FONT.note)}>
              {line}
            </tspan>
          ))}
        </text>
      )}
      {mark ? <MarkTag node={node} mark={mark} /> : null}
    </g>
  );
}

function Arrowhead({ id, color }: { id: string; color: string }) {
  return (
    <marker id={id} viewBox="0 0 10 10" refX={9} refY={5} markerWidth={7} markerHeight={7} orient="auto-start-reverse" markerUnits="strokeWidth">
      <path d="M0,0 L10,5 L0,10 z" fill={color} />
    </marker>
  );
}

export interface DiagramSvgProps {
  layout: DiagramLayout;
  /** Unique per page: prefixes the ids of the title, description and arrowheads. */
  idPrefix: string;
  title: string;
  description: string;
  /** Steps and arrows to mark (a comparison of two versions). */
  marks?: DiagramMarks;
}

/** The diagram. Sized in pixels with a viewBox, so a container may scroll it or CSS may scale it. */
export function DiagramSvg({ layout, idPrefix, title, description, marks }: DiagramSvgProps) {
  const marker = `${idPrefix}-panah`;
  const backMarker = `${idPrefix}-panah-kembali`;
  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      viewBox={`0 0 ${layout.width} ${layout.height}`}
      width={layout.width}
      height={layout.height}
      role="img"
      aria-labelledby={`${idPrefix}-judul ${idPrefix}-uraian`}
      font-family={FONT_FAMILY}
    >
      <title id={`${idPrefix}-judul`}>{title}</title>
      <desc id={`${idPrefix}-uraian`}>{description}</desc>
      <defs>
        <Arrowhead id={marker} color={PALETTE.edge} />
        <Arrowhead id={backMarker} color={PALETTE.backEdge} />
      </defs>
      {layout.lanes.map((lane, i) => (
        <Lane lane={lane} index={i} headerHeight={layout.headerHeight} />
      ))}
      <line x1={layout.width} y1={0} x2={layout.width} y2={layout.height} stroke={PALETTE.laneLine} stroke-width={1} />
      {layout.edges.map((edge) => (
        <Edge edge={edge} marker={marker} backMarker={backMarker} mark={marks?.edges[`${edge.from}>${edge.to}`]} />
      ))}
      {layout.nodes.map((node) => (
        <Node node={node} mark={marks?.nodes[node.id]} />
      ))}
      {layout.edges.filter((e) => e.guard).map((edge) => (
        <Guard edge={edge} />
      ))}
    </svg>
  );
}
