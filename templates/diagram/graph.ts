/** The procedure as a graph to draw: a lane per role, a node per step and per outcome, an arrow per way forward. */
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
  const ordered = [...workflow.steps].sort((a, b) => a.number - b.number);
  const stepLane = new Map(ordered.map((s) => [s.id, laneOf(s)] as const));
  const numberOf = new Map(workflow.steps.map((s) => [s.id, s.number] as const));

  const nodes: DiagramNode[] = [];
  const edges: DiagramEdge[] = [];
  const startStep = workflow.steps.find((s) => s.id === workflow.start);
  if (startStep) {
    nodes.push({ id: START_NODE, kind: 'start', lane: stepLane.get(startStep.id)!, text: 'Mulai' });
    edges.push({ id: 'e0', from: START_NODE, to: startStep.id });
  }
  for (const step of ordered) {
    const deadlines = (step.deadlines ?? []).map((d) => `Tenggat ${durationText(d.duration, d.calendar)}: ${d.label}`);
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
    const back = target.to !== undefined && (numberOf.get(target.to) ?? Infinity) <= from.number;
    edges.push({ id: `e${edges.length}`, from: from.id, to, ...(label ? { label } : {}), ...(back ? { back } : {}) });
  };
  for (const step of ordered) {
    if (typeof step.next === 'string') addEdge(step, { to: step.next });
    else if (Array.isArray(step.next)) {
      const guarded = step.next.some((b) => b.when);
      for (const branch of step.next) {
        addEdge(step, branch, branch.when ? guardText(branch.when, fields) : guarded ? OTHERWISE : undefined);
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
