/** The procedure as a graph to draw: a lane per role, a node per step and per outcome, an arrow per way forward. */
import { stepsInOrder } from '../../engine/order.ts';
import type { Step, Workflow } from '../../engine/types.ts';
import { describeDuration } from '../../engine/time.ts';
import { fieldsByName, guardText, OTHERWISE } from './guard-text.ts';

export interface DiagramLane {
  /** Role ids joined with "+" (a step several roles may do gets the lane of that group). */
  id: string;
  label: string;
}

export interface DiagramNode {
  id: string;
  kind: 'start' | 'step' | 'end';
  lane: string;
  /** "8. Memvalidasi keabsahan laporan", or the outcome's label. */
  text: string;
  /** Smaller second line, e.g. a deadline the step starts. */
  note?: string;
  /** Whether the outcome delivers the product (end nodes). */
  product?: boolean;
}

export interface DiagramEdge {
  id: string;
  from: string;
  to: string;
  /** The guard in words; absent on a plain "next". */
  label?: string;
  /** Goes back to an earlier step (a correction loop). */
  back?: boolean;
}

export interface DiagramGraph {
  title: string;
  lanes: DiagramLane[];
  nodes: DiagramNode[];
  edges: DiagramEdge[];
}

const roleList = (step: Step): string[] => (Array.isArray(step.role) ? step.role : [step.role]);

/** Node id of an outcome's end node (outcome ids and step ids may coincide). */
export const endNodeId = (outcome: string): string => `selesai:${outcome}`;
export const START_NODE = 'mulai';

/** The words on the arrows of a fork's branches (done at the same time). */
export const PARALLEL = 'bersamaan';

/** A deadline's length as a clerk says it: "72 jam", "14 hari kerja". */
export function durationText(iso: string, calendar?: 'calendar' | 'working'): string {
  return `${describeDuration(iso)}${calendar === 'working' ? ' kerja' : ''}`;
}

/** Reads the Workflow object directly: steps in the order written, lanes in the order roles first act. */
export function diagramGraph(workflow: Workflow): DiagramGraph {
  const fields = fieldsByName(workflow);
  const lanes: DiagramLane[] = [];
  const laneOf = (step: Step): string => {
    const roles = roleList(step);
    const id = roles.join('+');
    if (!lanes.some((l) => l.id === id)) {
      lanes.push({ id, label: roles.map((r) => workflow.roles[r] ?? r).join(' / ') });
    }
    return id;
  };
  const ordered = stepsInOrder(workflow);
  const stepLane = new Map(ordered.map((s) => [s.id, laneOf(s)] as const));
  // Position in the decree's order: an arrow to a step at or before its start goes back (a correction loop).
  const position = new Map(ordered.map((s, i) => [s.id, i] as const));

  const nodes: DiagramNode[] = [];
  const edges: DiagramEdge[] = [];
  const startStep = workflow.steps.find((s) => s.id === workflow.start);
  if (startStep) {
    nodes.push({ id: START_NODE, kind: 'start', lane: stepLane.get(startStep.id)!, text: 'Mulai' });
    edges.push({ id: 'e0', from: START_NODE, to: startStep.id });
  }
  // The step each fork's branches meet at, with how it waits.
  const joins = new Map<string, 'all' | 'any'>();
  for (const s of ordered) for (const b of Array.isArray(s.next) ? s.next : []) if (b.parallel && b.join) joins.set(b.join, b.wait ?? 'all');
  for (const step of ordered) {
    const deadlines = (step.deadlines ?? []).map((d) => `Tenggat ${durationText(d.duration, d.calendar)}${d.starts === 'opened' ? ' sejak mulai' : ''}: ${d.label}`);
    if (step.pausesClock) deadlines.push('Waktu penyelesaian berhenti selama menunggu');
    const wait = joins.get(step.id);
    if (wait) deadlines.unshift(wait === 'any' ? 'Dimulai saat satu cabang selesai' : 'Menunggu semua cabang selesai');
    nodes.push({
      id: step.id,
      kind: 'step',
      lane: stepLane.get(step.id)!,
      text: `${step.number}. ${step.title}`,
      ...(deadlines.length ? { note: deadlines.join('; ') } : {}),
    });
  }

  // End nodes sit in the lane of the first step that reaches them.
  const endLane = new Map<string, string>();
  const addEdge = (from: Step, target: { to?: string; end?: string }, label?: string): void => {
    const to = target.to ?? (target.end ? endNodeId(target.end) : undefined);
    if (!to) return;
    if (target.end && !endLane.has(target.end)) endLane.set(target.end, stepLane.get(from.id)!);
    const back = target.to !== undefined && (position.get(target.to) ?? Infinity) <= position.get(from.id)!;
    edges.push({ id: `e${edges.length}`, from: from.id, to, ...(label ? { label } : {}), ...(back ? { back } : {}) });
  };
  for (const step of ordered) {
    if (typeof step.next === 'string') addEdge(step, { to: step.next });
    else if (Array.isArray(step.next)) {
      const guarded = step.next.some((b) => b.when);
      for (const branch of step.next) {
        const guard = branch.when ? guardText(branch.when, fields) : guarded ? OTHERWISE : undefined;
        // A fork: one arrow to each branch, side by side in their roles' lanes; the guard on the first.
        if (branch.parallel) branch.parallel.forEach((p, k) => addEdge(step, { to: p }, k === 0 && guard ? guard : PARALLEL));
        else addEdge(step, branch, guard);
      }
    }
    if (step.end) addEdge(step, { end: step.end });
  }
  for (const outcome of workflow.outcomes) {
    const lane = endLane.get(outcome.id);
    if (!lane) continue; // an outcome no step reaches is not drawn (the definition checks report it)
    nodes.push({ id: endNodeId(outcome.id), kind: 'end', lane, text: outcome.label, ...(outcome.product ? { product: true } : {}) });
  }
  return { title: workflow.title, lanes, nodes, edges };
}
