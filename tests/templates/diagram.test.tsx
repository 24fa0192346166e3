/** The procedure diagram: every step, lane, guard and outcome of each shipped service is drawn, in well-formed SVG. */
import { DOMParser, type Element } from '@xmldom/xmldom';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadWorkflowFile } from '../../engine/definition/index.ts';
import { isWorkflowFile } from '../../server/workflows.ts';
import type { Workflow } from '../../engine/types.ts';
import { guardText, fieldsByName } from '../../templates/diagram/guard-text.ts';
import { layoutDiagram, renderDiagram } from '../../templates/diagram/index.tsx';

const workflowsDir = new URL('../../workflows/', import.meta.url).pathname;
/** Each service through the real loader, so the diagram is tested on what the server will draw. */
function load(file: string): Workflow {
  const r = loadWorkflowFile(join(workflowsDir, file));
  if (!r.ok) throw new Error(`${file} is not a valid workflow: ${r.errors.map((e) => e.message).join('; ')}`);
  return r.workflow;
}
// Service files only: the scenarios beside them and the office file (office.yaml) are none.
const shipped = readdirSync(workflowsDir).filter(isWorkflowFile);

async function render(wf: Workflow) {
  const html = await (await renderDiagram(wf)).toString();
  const svgText = html.slice(html.indexOf('<svg'), html.indexOf('</svg>') + '</svg>'.length);
  const doc = new DOMParser({
    onError: (level, message) => {
      throw new Error(`SVG is not well-formed (${level}): ${message}`);
    },
  }).parseFromString(svgText, 'image/svg+xml');
  const all = (tag: string) => Array.from(doc.getElementsByTagName(tag)) as Element[];
  const byData = (name: string) => new Map(all('g').filter((g) => g.hasAttribute(name)).map((g) => [g.getAttribute(name)!, g]));
  return { html, svg: doc.documentElement!, all, nodes: byData('data-node'), lanes: byData('data-lane'), guards: byData('data-guard') };
}

/** The text of a drawn box: its line tspans joined by spaces (each line is one tspan under a <text>). */
function boxText(g: Element): string {
  const texts = Array.from(g.getElementsByTagName('text')) as Element[];
  return texts
    .map((t) =>
      Array.from(t.childNodes)
        .map((n) => n.textContent ?? '')
        .join(' '),
    )
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The first text of a box: the step's "number. title" or the outcome (a deadline note is a second text). */
function titleText(g: Element): string {
  const t = g.getElementsByTagName('text')[0]!;
  return Array.from(t.childNodes).map((n) => n.textContent ?? '').join(' ').replace(/\s+/g, ' ').trim();
}

function rectOf(g: Element) {
  const r = g.getElementsByTagName('rect')[0]!;
  const n = (a: string) => Number(r.getAttribute(a));
  return { x: n('x'), y: n('y'), width: n('width'), height: n('height') };
}

describe('diagram of Respon Kasus Anak (seed)', async () => {
  const wf = load('respon-kasus-anak.yaml');
  const d = await render(wf);

  it('is well-formed SVG with a title, a description and a viewBox', () => {
    expect(d.svg.tagName).toBe('svg');
    expect(d.svg.getAttribute('viewBox')).toMatch(/^0 0 \d+ \d+$/);
    expect(d.all('title')[0]!.textContent).toBe('Diagram alur Respon Kasus Anak');
    expect(d.all('desc')[0]!.textContent).toContain('11 langkah dalam 6 lajur peran');
    expect(d.svg.getAttribute('aria-labelledby')).toBe('diagram-respon-kasus-anak-judul diagram-respon-kasus-anak-uraian');
  });

  it('has a lane per acting role, in the order roles first act', () => {
    expect([...d.lanes.keys()]).toEqual(['front_office', 'bidang_teknis', 'back_office', 'kepala_uptd', 'sekretaris', 'kepala_dinas']);
    expect([...d.lanes.values()].map(boxText)).toEqual([
      'Petugas Front Office',
      'Bidang Teknis',
      'Petugas Back Office',
      'Kepala UPTD PPA',
      'Sekretaris',
      'Kepala Dinas',
    ]);
  });

  it('draws every step as "number. title" inside its role\'s lane', () => {
    for (const step of wf.steps) {
      const g = d.nodes.get(step.id);
      expect(g, step.id).toBeDefined();
      expect(titleText(g!)).toBe(`${step.number}. ${step.title}`);
      const box = rectOf(g!);
      const lane = rectOf(d.lanes.get(step.role as string)!);
      expect(box.x, `${step.id} in lane ${step.role}`).toBeGreaterThanOrEqual(lane.x);
      expect(box.x + box.width).toBeLessThanOrEqual(lane.x + lane.width);
    }
    expect(boxText(d.nodes.get('validasi-laporan')!)).toBe('8. Memvalidasi keabsahan laporan');
  });

  it('shows the deadline a step starts inside its box', () => {
    expect(boxText(d.nodes.get('periksa-dokumen')!)).toContain('Tenggat 72 jam: Penyerahan dokumen persyaratan yang kurang');
  });

  it('writes each guard on its arrow, with field and option labels, and "selain itu" for the default', () => {
    const guardOf = (from: string, to: string) => {
      const path = d.all('path').find((p) => p.getAttribute('data-from') === from && p.getAttribute('data-to') === to);
      expect(path, `${from} -> ${to}`).toBeDefined();
      const g = d.guards.get(path!.getAttribute('data-edge')!);
      return g ? boxText(g) : undefined;
    };
    expect(guardOf('periksa-dokumen', 'validasi-laporan')).toBe('Saluran laporan = Tidak langsung');
    expect(guardOf('periksa-dokumen', 'proses-laporan')).toBe('selain itu');
    expect(guardOf('verifikasi-sekretaris', 'respon-kepala-uptd')).toBe('Hasil verifikasi = Perlu diperbaiki Kepala UPTD PPA');
    expect(guardOf('verifikasi-sekretaris', 'arahan-kepala-dinas')).toBe('selain itu');
    expect(guardOf('validasi-laporan', 'selesai:tidak-sah')).toBe('Laporan sah = Tidak sah');
    expect(guardOf('validasi-laporan', 'laporan-tindak-lanjut')).toBe('selain itu');
    expect(guardOf('proses-laporan', 'rencana-respon')).toBeUndefined(); // a plain "next" has no guard
    expect(d.guards.size).toBe(6);
  });

  it('draws the correction loop dashed and the forward arrows solid', () => {
    const loop = d.all('path').find((p) => p.getAttribute('data-from') === 'verifikasi-sekretaris' && p.getAttribute('data-to') === 'respon-kepala-uptd')!;
    expect(loop.getAttribute('stroke-dasharray')).toBeTruthy();
    const forward = d.all('path').find((p) => p.getAttribute('data-from') === 'respon-kepala-uptd')!;
    expect(forward.getAttribute('stroke-dasharray')).toBeNull();
  });

  it('ends in a node per outcome, reached from the steps that close the case', () => {
    for (const o of wf.outcomes) expect(boxText(d.nodes.get(`selesai:${o.id}`)!)).toBe(o.label);
    const into = (id: string) => d.all('path').filter((p) => p.getAttribute('data-to') === id).map((p) => p.getAttribute('data-from'));
    expect(into('selesai:ditindaklanjuti').sort()).toEqual(['arahan-kepala-dinas', 'perintah-tindak-lanjut']);
    expect(into('selesai:tidak-sah')).toEqual(['validasi-laporan']);
  });

  it('attaches every arrow to its two boxes', () => {
    for (const p of d.all('path').filter((x) => x.hasAttribute('data-edge'))) {
      const coords = [...p.getAttribute('d')!.matchAll(/(-?[\d.]+),(-?[\d.]+)/g)].map((m) => ({ x: Number(m[1]), y: Number(m[2]) }));
      const onBorder = (pt: { x: number; y: number }, id: string) => {
        const r = rectOf(d.nodes.get(id)!);
        const inX = pt.x >= r.x - 1 && pt.x <= r.x + r.width + 1;
        return inX && (Math.abs(pt.y - r.y) <= 2 || Math.abs(pt.y - (r.y + r.height)) <= 2);
      };
      expect(onBorder(coords[0]!, p.getAttribute('data-from')!), `start of ${p.getAttribute('data-edge')}`).toBe(true);
      expect(onBorder(coords.at(-1)!, p.getAttribute('data-to')!), `end of ${p.getAttribute('data-edge')}`).toBe(true);
    }
  });

  it('works under a strict CSP: no script, no style attribute, no inline style element', () => {
    expect(d.html).not.toMatch(/<script|\sstyle=|<style/i);
  });

  it('has the text version beneath: each step with its role and branches', () => {
    expect(d.html).toContain('<summary>Alur dalam bentuk teks</summary>');
    expect(d.html).toContain('<li><span class="step-no">8.</span> <strong>Memvalidasi keabsahan laporan</strong> (Kepala UPTD PPA)');
    expect(d.html).toContain('Jika Saluran laporan = Tidak langsung: ke langkah 8 (Memvalidasi keabsahan laporan).');
    expect(d.html).toContain('Selain itu: ke langkah 3 (Menerima berkas dan memproses laporan).');
    expect(d.html).toContain('Jika Laporan sah = Tidak sah: selesai: Laporan dinyatakan tidak sah dan ditutup.');
    expect(d.html).toContain('Tenggat: Penyerahan dokumen persyaratan yang kurang: dalam 72 jam sesudah langkah ini selesai, bila Dokumen persyaratan lengkap dan memenuhi syarat = Tidak; layanan tetap diproses; tetap berlaku sesudah layanan selesai.');
  });

  it('reuses the layout of an equal definition (cached by hash), and lays out a changed one anew', async () => {
    const again = load('respon-kasus-anak.yaml');
    expect(again).not.toBe(wf);
    expect(layoutDiagram(again)).toBe(layoutDiagram(wf));
    const changed = { ...again, steps: again.steps.map((s) => (s.number === 4 ? { ...s, role: 'kepala_uptd' } : s)) };
    const layout = await layoutDiagram(changed);
    expect(layout).not.toBe(await layoutDiagram(wf));
    expect(layout.lanes.map((l) => l.id)).not.toContain('back_office');
  });
});

describe.each(shipped)('diagram of %s', async (file) => {
  const wf = load(file);
  const d = await render(wf);

  it('draws every step, every acting role and every reachable outcome', () => {
    for (const step of wf.steps) expect(titleText(d.nodes.get(step.id)!)).toBe(`${step.number}. ${step.title}`);
    const acting = [...new Set(wf.steps.map((s) => (Array.isArray(s.role) ? s.role.join('+') : s.role)))];
    expect([...d.lanes.keys()].sort()).toEqual(acting.sort());
    for (const lane of d.lanes.keys()) {
      expect(boxText(d.lanes.get(lane)!)).toBe(lane.split('+').map((r) => wf.roles[r]).join(' / '));
    }
    for (const o of wf.outcomes) expect(boxText(d.nodes.get(`selesai:${o.id}`)!), o.id).toBe(o.label);
  });

  it('writes the guard of every conditional branch on its arrow', () => {
    const fields = fieldsByName(wf);
    const expected = wf.steps.flatMap((s) =>
      Array.isArray(s.next) && s.next.some((b) => b.when || b.parallel)
        ? s.next.flatMap((b) => {
            const guard = b.when ? guardText(b.when, fields) : 'selain itu';
            // A fork's first arrow carries its guard, the others say the branches run at the same time.
            return b.parallel ? b.parallel.map((_, k) => (k === 0 && b.when ? guard : 'bersamaan')) : [guard];
          })
        : [],
    );
    expect([...d.guards.values()].map(boxText).sort()).toEqual(expected.sort());
  });

  it('keeps every box inside the lane of its role', () => {
    for (const [id, g] of d.nodes) {
      const laneId = g.getAttribute('data-in-lane')!;
      const step = wf.steps.find((s) => s.id === id);
      if (step) expect(laneId).toBe(Array.isArray(step.role) ? step.role.join('+') : step.role);
      const lane = rectOf(d.lanes.get(laneId)!);
      const box = rectOf(g);
      expect(box.x, id).toBeGreaterThanOrEqual(lane.x);
      expect(box.x + box.width, id).toBeLessThanOrEqual(lane.x + lane.width);
    }
  });
});

describe('guard wording', () => {
  const fields = fieldsByName({
    steps: [
      {
        fields: [
          { name: 'saluran', label: 'Saluran', type: 'radio', options: [{ value: 'wa', label: 'WhatsApp (pesan)' }, { value: 'email', label: 'Email' }] },
          { name: 'jenis', label: 'Jenis kasus', type: 'multiselect', options: [{ value: 'fisik', label: 'Kekerasan fisik' }] },
          { name: 'rahasia', label: 'Identitas dirahasiakan', type: 'checkbox' },
          { name: 'usia', label: 'Usia', type: 'number' },
        ],
      },
    ],
  } as unknown as Workflow);

  it('reads each operator in Indonesian', () => {
    expect(guardText({ fact: 'saluran', operator: 'equal', value: 'wa' }, fields)).toBe('Saluran = WhatsApp');
    expect(guardText({ fact: 'saluran', operator: 'notEqual', value: 'email' }, fields)).toBe('Saluran ≠ Email');
    expect(guardText({ fact: 'saluran', operator: 'in', value: ['wa', 'email'] }, fields)).toBe('Saluran: WhatsApp, Email');
    expect(guardText({ fact: 'jenis', operator: 'contains', value: 'fisik' }, fields)).toBe('Jenis kasus memuat Kekerasan fisik');
    expect(guardText({ fact: 'usia', operator: 'lessThan', value: 6 }, fields)).toBe('Usia < 6');
    expect(guardText({ fact: 'rahasia', operator: 'equal', value: true }, fields)).toBe('Identitas dirahasiakan');
    expect(guardText({ fact: 'rahasia', operator: 'equal', value: false }, fields)).toBe('bukan: Identitas dirahasiakan');
    expect(guardText({ fact: 'tidak_ada', operator: 'equal', value: 'x' }, fields)).toBe('tidak_ada = x');
  });

  it('joins all / any / not, bracketing nested groups', () => {
    const c = {
      all: [
        { fact: 'saluran', operator: 'equal', value: 'wa' },
        { any: [{ fact: 'usia', operator: 'lessThan', value: 6 }, { fact: 'jenis', operator: 'contains', value: 'fisik' }] },
      ],
    };
    expect(guardText(c, fields)).toBe('Saluran = WhatsApp dan (Usia < 6 atau Jenis kasus memuat Kekerasan fisik)');
    expect(guardText({ not: { fact: 'saluran', operator: 'equal', value: 'wa' } }, fields)).toBe('bukan (Saluran = WhatsApp)');
  });
});

describe('diagram graph of unusual definitions', () => {
  const base = {
    id: 'uji',
    title: 'Uji',
    version: 1,
    service: { agency: 'Dinas', government: 'Pemkab', address: 'Jalan' },
    decree: { number: '1' },
    requirements: [],
    roles: { a: 'Petugas A', b: 'Petugas B', c: 'Kepala C' },
    completion: { text: '1 Hari', duration: 'P1D' },
    fee: 'Gratis',
    products: [],
    complaints: { channels: [] },
    outcomes: [
      { id: 'selesai', label: 'Selesai', product: true },
      { id: 'tak-terpakai', label: 'Tidak pernah dicapai' },
    ],
    start: 's1',
  };
  const wf = {
    ...base,
    steps: [
      { id: 's1', number: 1, title: 'Mulai kerja', role: 'a', next: [{ to: 's2' }] },
      { id: 's2', number: 2, title: 'Dikerjakan berdua', role: ['b', 'c'], next: 's1b' },
      { id: 's1b', number: 3, title: 'Kembali ke A', role: 'a', end: 'selesai' },
    ],
  } as unknown as Workflow;

  it('gives a step several roles may do a lane named after all of them, and no guard to an unguarded branch list', async () => {
    const d = await render(wf);
    expect([...d.lanes.keys()]).toEqual(['a', 'b+c']);
    expect(boxText(d.lanes.get('b+c')!)).toBe('Petugas B / Kepala C');
    expect(d.guards.size).toBe(0);
    expect(d.nodes.has('selesai:tak-terpakai')).toBe(false);
    expect(d.html).toContain('(Petugas B atau Kepala C)');
  });

  it('draws no arrow as going back when a later-numbered step returns to an earlier lane', async () => {
    const d = await render(wf);
    const dashed = d.all('path').filter((p) => p.hasAttribute('data-edge') && p.getAttribute('stroke-dasharray'));
    expect(dashed).toHaveLength(0);
  });
});
