/** Pairing the parts of two versions of a service, so that a rename reads as a rename and not as a removal plus an addition. */
import type { Field, Requirement, Step, Workflow } from '../types.ts';

const words = (text: string) => new Set(text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 1));

/** How much two texts share, 0 to 1 (shared words over all words). */
export function similarity(a: string, b: string): number {
  const x = words(a);
  const y = words(b);
  if (!x.size || !y.size) return 0;
  let shared = 0;
  for (const w of x) if (y.has(w)) shared++;
  return shared / (x.size + y.size - shared);
}

export interface Pairing<T> {
  /** Same id, or recognised as the same part under a new id. */
  pairs: Array<{ before: T; after: T; renamed: boolean }>;
  added: T[];
  removed: T[];
}

/**
 * Pairs items by id first, then the leftovers by `score` (the best pair above `threshold` wins), in the order
 * of `after`.
 */
export function pairBy<T>(before: T[], after: T[], idOf: (x: T) => string, score: (a: T, b: T) => number, threshold: number): Pairing<T> {
  const out: Pairing<T> = { pairs: [], added: [], removed: [] };
  const left = new Set(before);
  const unmatched: T[] = [];
  for (const a of after) {
    const b = before.find((x) => idOf(x) === idOf(a));
    if (b && left.has(b)) {
      out.pairs.push({ before: b, after: a, renamed: false });
      left.delete(b);
    } else unmatched.push(a);
  }
  for (const a of unmatched) {
    let best: T | undefined;
    let bestScore = threshold;
    for (const b of left) {
      const s = score(b, a);
      if (s >= bestScore) {
        best = b;
        bestScore = s;
      }
    }
    if (best !== undefined) {
      out.pairs.push({ before: best, after: a, renamed: true });
      left.delete(best);
    } else out.added.push(a);
  }
  out.removed = before.filter((b) => left.has(b));
  return out;
}

const roleList = (s: Step) => (Array.isArray(s.role) ? s.role : [s.role]);

/** Steps: the same title, or the same number with the same role, or mostly the same form. */
export function pairSteps(before: Workflow, after: Workflow): Pairing<Step> {
  return pairBy(before.steps, after.steps, (s) => s.id, (b, a) => {
    let score = 0;
    if (b.title === a.title) score += 3;
    else if (similarity(b.title, a.title) >= 0.5) score += 1;
    if (b.number === a.number) score += 1;
    if (roleList(b).join() === roleList(a).join()) score += 1;
    const bf = (b.fields ?? []).map((f) => f.name);
    const af = new Set((a.fields ?? []).map((f) => f.name));
    if (bf.length && bf.filter((n) => af.has(n)).length * 2 >= Math.max(bf.length, af.size)) score += 2;
    return score;
  }, 3);
}

/** Fields of one step: the same label and type under a new name. */
export function pairFields(before: Field[], after: Field[]): Pairing<Field> {
  return pairBy(before, after, (f) => f.name, (b, a) => (b.type === a.type ? (b.label === a.label ? 2 : similarity(b.label, a.label) >= 0.6 ? 1 : 0) : 0), 1);
}

/** Requirements: the same text under a new id, or a text mostly the same. */
export function pairRequirements(before: Requirement[], after: Requirement[]): Pairing<Requirement> {
  return pairBy(before, after, (r) => r.id, (b, a) => (b.text === a.text ? 1 : similarity(b.text, a.text)), 0.5);
}

/** Entries of a map (roles, by title): the same title under a new id. */
export function pairEntries(before: Record<string, string>, after: Record<string, string>): Pairing<[string, string]> {
  return pairBy(Object.entries(before), Object.entries(after), ([id]) => id, ([, b], [, a]) => (a === b ? 1 : 0), 1);
}
