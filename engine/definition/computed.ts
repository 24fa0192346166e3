/** Computed fields (`compute`) read fields that exist and suit the calculation; checks name a field of their form. */
import { operandsOf, TODAY } from '../compute.ts';
import type { Expression, Field, Step, Workflow } from '../types.ts';
import type { PathSegment, Problem } from './errors.ts';
import { didYouMean, listNames } from './suggest.ts';

type Kind = 'date' | 'number' | 'group';

/** What each calculation needs of its operands, in the order they are written. */
function needs(e: Expression): Kind[] {
  if ('age' in e) return e.at ? ['date', 'date'] : ['date'];
  if ('daysBetween' in e) return ['date', 'date'];
  if ('sum' in e) return e.sum.map(() => 'number');
  if ('count' in e) return ['group'];
  return ['number', 'number'];
}

/** The key of the expression each operand is written under, for pointing at it. */
function operandPath(e: Expression, i: number): PathSegment[] {
  if ('age' in e) return i === 0 ? ['age'] : ['at'];
  if ('daysBetween' in e) return ['daysBetween', i];
  if ('sum' in e) return ['sum', i];
  if ('count' in e) return ['count'];
  return ['difference', i];
}

const KIND_WORDS: Record<Kind, string> = { date: 'isian tanggal (date atau datetime)', number: 'isian angka (number)', group: 'kelompok berulang (type: group)' };

function kindOf(f: Field): Kind | undefined {
  if (f.type === 'date' || f.type === 'datetime') return 'date';
  if (f.type === 'number') return 'number';
  if (f.type === 'group') return 'group';
  return undefined;
}

/** The field an operand names: a field of the workflow, or `group.column` of a repeating group. */
function resolve(name: string, fields: Map<string, Field>): Field | undefined {
  const dot = name.indexOf('.');
  if (dot < 0) return fields.get(name);
  const group = fields.get(name.slice(0, dot));
  return group?.fields?.find((f) => f.name === name.slice(dot + 1));
}

function checkExpression(f: Field, at: PathSegment[], later: Set<string>, fields: Map<string, Field>): Problem[] {
  const e = f.compute!;
  const out: Problem[] = [];
  const keys = ['age', 'daysBetween', 'sum', 'count', 'difference'].filter((k) => k in e);
  if (keys.length !== 1 || ('at' in e && !('age' in e))) {
    out.push({
      path: [...at, 'compute'],
      message: keys.length === 0 || ('at' in e && !('age' in e)) ? '`compute` tidak menyebut perhitungan.' : `\`compute\` menyebut ${keys.length} perhitungan sekaligus (${keys.join(', ')}).`,
      hint: 'Tulis tepat satu dari age (dengan at bila perlu), daysBetween, sum, count atau difference.',
    });
    return out;
  }
  if (f.type !== 'number') out.push({ path: [...at, 'type'], message: `Isian hitung \`${f.name}\` menghasilkan angka: tulis \`type: number\`.`, hint: 'Ubah type menjadi number.' });
  for (const key of ['required', 'default', 'pattern', 'options'] as const) {
    if (f[key] !== undefined) out.push({ path: [...at, key], at: 'key', message: `\`${key}\` tidak berlaku untuk isian \`${f.name}\` yang dihitung otomatis.`, hint: `Hapus \`${key}\`.` });
  }
  const kinds = needs(e);
  operandsOf(e).forEach((name, i) => {
    const path = [...at, 'compute', ...operandPath(e, i)];
    const want = kinds[i];
    if (name === TODAY) {
      if (want !== 'date' || ('age' in e && i === 0)) out.push({ path, message: '`today` hanya dipakai sebagai tanggal kedua (`at` atau daysBetween).', hint: 'Tulis nama isian tanggal di sini.' });
      return;
    }
    if (name === f.name) {
      out.push({ path, message: `Isian \`${f.name}\` menghitung dirinya sendiri.`, hint: 'Sebut isian lain.' });
      return;
    }
    if (later.has(name.split('.')[0])) {
      out.push({ path, message: `Isian \`${name}\` ditulis sesudah \`${f.name}\` pada formulir yang sama, jadi belum terisi saat dihitung.`, hint: `Pindahkan \`${f.name}\` ke bawah \`${name}\`.` });
      return;
    }
    const target = resolve(name, fields);
    if (!target) {
      out.push({ path, message: `Perhitungan \`${f.name}\` memakai isian \`${name}\` yang tidak ada.`, hint: `${didYouMean(name, [...fields.keys()])}Tulis \`name\` sebuah isian${'sum' in e ? ', atau kelompok.kolom' : ''}.` });
      return;
    }
    if (kindOf(target) !== want) {
      out.push({ path, message: `Perhitungan \`${f.name}\` memerlukan ${KIND_WORDS[want]}, tetapi \`${name}\` berjenis ${target.type}.`, hint: `Sebut ${KIND_WORDS[want]}.` });
    }
  });
  return out;
}

function checkStep(step: Step, i: number, fields: Map<string, Field>): Problem[] {
  const out: Problem[] = [];
  const own = step.fields ?? [];
  own.forEach((f, k) => {
    if (!f.compute) return;
    const later = new Set(own.slice(k).map((x) => x.name));
    out.push(...checkExpression(f, ['steps', i, 'fields', k], later, fields));
  });
  (step.checks ?? []).forEach((c, k) => {
    if (c.field !== undefined && !own.some((f) => f.name === c.field)) {
      out.push({
        path: ['steps', i, 'checks', k, 'field'],
        message: `Pesan pemeriksaan ditampilkan di isian \`${c.field}\`, tetapi isian itu bukan bagian formulir langkah \`${step.id}\`.`,
        hint: `${didYouMean(c.field, own.map((f) => f.name))}Isian formulir ini: ${listNames(own.map((f) => f.name))}.`,
      });
    }
    if (own.length === 0) {
      out.push({ path: ['steps', i, 'checks', k], message: `Langkah \`${step.id}\` tidak punya formulir untuk diperiksa.`, hint: 'Hapus `checks` atau tambahkan `fields`.' });
    }
  });
  // A summary is what a role that may not see identities judges by: fields of earlier steps, none of them an identity.
  (step.summary ?? []).forEach((name, k) => {
    const path = ['steps', i, 'summary', k];
    const f = fields.get(name);
    if (!f) out.push({ path, message: `Ringkasan langkah \`${step.id}\` memakai isian \`${name}\` yang tidak ada.`, hint: `${didYouMean(name, [...fields.keys()])}Tulis \`name\` isian sebuah langkah sebelumnya.` });
    else if (own.some((x) => x.name === name)) out.push({ path, message: `Isian \`${name}\` adalah bagian formulir langkah \`${step.id}\` sendiri.`, hint: 'Ringkasan memuat isian langkah-langkah sebelumnya.' });
    else if (f.sensitive) out.push({ path, message: `Isian \`${name}\` menunjukkan identitas (\`sensitive: true\`) dan tidak boleh masuk ringkasan.`, hint: 'Ringkasan dibaca peran yang tidak boleh melihat identitas: pilih isian tanpa identitas, misalnya ringkasan kasus yang ditulis tanpa nama.' });
  });
  return out;
}

export function checkComputed(wf: Workflow): Problem[] {
  const fields = new Map<string, Field>();
  for (const s of wf.steps) for (const f of s.fields ?? []) if (!fields.has(f.name)) fields.set(f.name, f);
  return wf.steps.flatMap((s, i) => checkStep(s, i, fields));
}
