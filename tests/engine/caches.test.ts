import { describe, expect, it } from 'vitest';
import { completeStep, copyCase, startCase } from '../../engine/case.ts';
import { startedBy } from '../../engine/deadlines.ts';
import { visibleFields } from '../../engine/form.ts';
import { chooseBranch, evaluate } from '../../engine/guards.ts';
import { zoneOffset } from '../../engine/time.ts';
import type { Condition, Step, Workflow } from '../../engine/types.ts';
import { actor, intake, seedWorkflow } from './seed.ts';

const stepIn = (wf: Workflow, id: string) => wf.steps.find((s) => s.id === id)!;
const reasons = (choice: Awaited<ReturnType<typeof chooseBranch>>) => choice?.evaluations.map((e) => [e.to ?? e.end, e.result, e.reason]);

describe('compiled guards, kept per definition object', () => {
  it('give the same branch and the same reasons on every evaluation, as an uncached evaluation does', async () => {
    const wf = seedWorkflow();
    const step = stepIn(wf, 'periksa-dokumen');
    const first = { direct: await chooseBranch(wf, step, { saluran: 'langsung' }), indirect: await chooseBranch(wf, step, { saluran: 'tidak_langsung' }) };
    for (let i = 0; i < 20; i++) {
      expect(reasons(await chooseBranch(wf, step, { saluran: 'langsung' }))).toEqual(reasons(first.direct));
      expect(reasons(await chooseBranch(wf, step, { saluran: 'tidak_langsung' }))).toEqual(reasons(first.indirect));
    }
    expect(first.direct?.branch.to).toBe('proses-laporan');
    expect(first.indirect?.branch.to).toBe('validasi-laporan');
    // The same condition evaluated without any cache agrees, facts read included.
    const uncached = await evaluate(new Map([['0', step.next && typeof step.next !== 'string' ? step.next[0]!.when! : ({} as Condition)]]), { saluran: 'tidak_langsung' });
    expect(uncached.get('0')?.result).toBe(true);
  });

  it('never confuse two definitions whose steps look alike but decide differently', async () => {
    const a = seedWorkflow();
    const b = seedWorkflow();
    // b sends telephone reports the other way: its guard on step 2 reads `langsung` instead.
    const bNext = stepIn(b, 'periksa-dokumen').next as Exclude<Step['next'], string | undefined>;
    bNext[0]!.when = { all: [{ fact: 'saluran', operator: 'equal', value: 'langsung' }] };
    for (let i = 0; i < 3; i++) {
      expect((await chooseBranch(a, stepIn(a, 'periksa-dokumen'), { saluran: 'langsung' }))?.branch.to).toBe('proses-laporan');
      expect((await chooseBranch(b, stepIn(b, 'periksa-dokumen'), { saluran: 'langsung' }))?.branch.to).toBe('validasi-laporan');
    }
    // Field conditions: the same field names, a different `when`, each list answers for itself.
    const fieldsA = stepIn(a, 'periksa-dokumen').fields!;
    const fieldsB = structuredClone(fieldsA);
    fieldsB.find((f) => f.name === 'dokumen_kurang')!.when = { all: [{ fact: 'dokumen_lengkap', operator: 'equal', value: 'ya' }] };
    const names = async (fields: typeof fieldsA) => (await visibleFields(fields, { dokumen_lengkap: 'tidak' })).map((f) => f.name);
    for (let i = 0; i < 3; i++) {
      expect(await names(fieldsA)).toContain('dokumen_kurang');
      expect(await names(fieldsB)).not.toContain('dokumen_kurang');
    }
    // Deadline rules: b's deadline starts when documents are complete, a's when they are not.
    const stepB = stepIn(b, 'periksa-dokumen');
    stepB.deadlines = [{ ...stepB.deadlines![0]!, when: { all: [{ fact: 'dokumen_lengkap', operator: 'equal', value: 'ya' }] } }];
    const now = new Date('2026-11-30T02:00:00Z');
    for (let i = 0; i < 3; i++) {
      expect((await startedBy(a, stepIn(a, 'periksa-dokumen'), { dokumen_lengkap: 'tidak' }, now)).map((d) => d.id)).toEqual(['dokumen-susulan']);
      expect(await startedBy(b, stepB, { dokumen_lengkap: 'tidak' }, now)).toEqual([]);
    }
  });

  it('stay right when many evaluations of the same guards are in flight at once', async () => {
    const wf = seedWorkflow();
    const step = stepIn(wf, 'periksa-dokumen');
    const channels = Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? 'tidak_langsung' : 'langsung'));
    // Started a few microtasks apart, so runs begin while others are finishing (as requests interleave).
    const later = async <T>(i: number, run: () => Promise<T>) => {
      for (let k = 0; k < i % 40; k++) await null;
      return run();
    };
    const choices = await Promise.all(channels.map((saluran, i) => later(i, () => chooseBranch(wf, step, { saluran }))));
    expect(choices.map((c) => c?.branch.to)).toEqual(channels.map((s) => (s === 'tidak_langsung' ? 'validasi-laporan' : 'proses-laporan')));
    const shown = await Promise.all(channels.map((saluran, i) => later(i, () => visibleFields(stepIn(wf, 'terima-laporan').fields!, { saluran }))));
    expect(shown.map((f) => f.some((x) => x.name === 'media_pelaporan'))).toEqual(channels.map((s) => s === 'tidak_langsung'));
  });

  it('hand the engine only the facts a condition reads, a fact compared against another included', async () => {
    const cond: Condition = { all: [{ fact: 'a', operator: 'equal', value: { fact: 'b' } }] };
    expect((await evaluate(new Map([['x', cond]]), { a: 2, b: 2, c: 'unused' })).get('x')?.result).toBe(true);
    expect((await evaluate(new Map([['x', cond]]), { a: 2, b: 3 })).get('x')?.result).toBe(false);
    // A nameless value is no fact and does not break the run.
    expect((await evaluate(new Map([['x', cond]]), { '': 1, a: 1, b: 1 })).get('x')?.result).toBe(true);
  });
});

describe('copy of a case per transition', () => {
  it('shares no object with the case it was made from, and a transition leaves its input as it was', async () => {
    const wf = seedWorkflow();
    const now = new Date('2026-11-30T02:00:00Z');
    const s = await startCase(wf, { id: 'K-1', data: intake(), actor: actor('front_office'), now });
    if (!s.ok) throw new Error(s.refusal.message);
    const c = s.value.case;
    const copy = copyCase(c);
    expect(copy).toEqual(c);
    const objects = (v: unknown, out: object[] = []): object[] => {
      if (v && typeof v === 'object') {
        out.push(v);
        for (const x of Object.values(v)) objects(x, out);
      }
      return out;
    };
    const originals = new Set(objects(c));
    expect(objects(copy).filter((o) => originals.has(o))).toEqual([]);
    const before = JSON.stringify(c);
    const r = await completeStep(wf, c, { step: 'periksa-dokumen', data: { dokumen_lengkap: 'tidak', dokumen_kurang: 'KK' }, actor: actor('front_office'), now });
    expect(r.ok).toBe(true);
    expect(JSON.stringify(c)).toBe(before);
    expect(copyCase({ at: new Date(0) }).at).toEqual(new Date(0));
  });
});

describe('zone offsets kept per steady hour', () => {
  /** The offset as Intl tells it, with no cache: the wall-clock time read back as if it were UTC. */
  const reference = (zone: string, instant: number) => {
    const f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    const p = Object.fromEntries(f.formatToParts(new Date(instant)).map((x) => [x.type, x.value]));
    return Date.UTC(+p.year!, +p.month! - 1, +p.day!, +p.hour!, +p.minute!, +p.second!) - Math.floor(instant / 1000) * 1000;
  };

  it('agree with Intl minute by minute around changes of offset, before and after the hour is cached', () => {
    const changes: Array<[string, string]> = [
      ['Europe/Berlin', '2026-03-29T01:00:00Z'], // summer time starts
      ['Europe/Berlin', '2026-10-25T01:00:00Z'], // and ends
      ['Australia/Lord_Howe', '2026-04-04T15:00:00Z'], // a half-hour change
      ['Asia/Jakarta', '1963-12-31T16:30:00Z'], // WIB's last change
    ];
    for (const [zone, at] of changes) {
      const t = Date.parse(at);
      for (let pass = 0; pass < 2; pass++) {
        for (let m = -150; m <= 150; m += 7) {
          const instant = t + m * 60_000 + 13_000;
          expect(zoneOffset(zone, instant), `${zone} ${new Date(instant).toISOString()}`).toBe(reference(zone, instant));
        }
      }
    }
    expect(zoneOffset('Asia/Jakarta', Date.parse('2026-11-30T02:00:00Z'))).toBe(7 * 3_600_000);
  });
});
