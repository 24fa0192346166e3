/**
 * Parallel branches: a branch with `parallel` opens several steps at once (a fork); each runs as its own branch
 * until it reaches the fork's `join` step, which opens once all of them arrived (`wait: all`) or at the first
 * (`wait: any`, the other branches' tasks are withdrawn). What a case forked is read back from its history.
 */
import type { HistoryEntry } from './types.ts';

export type Forked = Extract<HistoryEntry, { type: 'forked' }>;

/** The history so far, including the events of the transition under way. */
export type Seen = readonly HistoryEntry[];

/** "f2:kajian-linjamsos" → "f2". */
export function forkIdOf(branch: string): string {
  return branch.slice(0, branch.indexOf(':'));
}

export function branchId(fork: string, step: string): string {
  return `${fork}:${step}`;
}

export function forkOf(seen: Seen, fork: string): Forked | undefined {
  return seen.find((h): h is Forked => h.type === 'forked' && h.fork === fork);
}

/** The innermost fork a branch belongs to. */
export function innermostFork(seen: Seen, branch: string | undefined): Forked | undefined {
  return branch ? forkOf(seen, forkIdOf(branch)) : undefined;
}

/** Whether `branch` lies inside fork `fork`, directly or in a fork nested in it. */
export function withinFork(seen: Seen, branch: string | undefined, fork: string): boolean {
  for (let b = branch, hops = 0; b && hops < 100; hops++) {
    const id = forkIdOf(b);
    if (id === fork) return true;
    b = forkOf(seen, id)?.parent;
  }
  return false;
}

/** A fresh fork id: "f1", "f2"… */
export function nextForkId(seen: Seen): string {
  return `f${seen.filter((h) => h.type === 'forked').length + 1}`;
}

/** The branches of `fork` that have reached its join. */
export function arrived(seen: Seen, fork: string): Set<string> {
  return new Set(seen.flatMap((h) => (h.type === 'joined' && h.fork === fork ? [h.branch] : [])));
}
