/**
 * New parts from the structured editor's empty rows: a step (wired in after the one chosen), a form field, a
 * deadline, a requirement (and its line in the intake checklist), a role, an outcome. Ids come from the labels.
 */
import { setKey } from './lists.ts';
import { outlineOf, isoDuration, type DurationUnit } from './outline.ts';
import { KEY_ORDER, keysBefore, resolveAddress, SERVICE_FLOW, slugOf, uniqueId } from './shape.ts';
import { dataOf, EditError, insertIn, type Path, valueAt } from './source.ts';

type Parts = Map<string, string[]>;
type Rec = Record<string, unknown>;

const one = (parts: Parts | undefined, part: string) => {
  const values = parts?.get(part);
  return (values?.length ? values[values.length - 1]! : '').trim();
};
const isRecord = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const records = (v: unknown): Rec[] => (Array.isArray(v) ? v.filter(isRecord) : []);
const CHOICE_TYPES = new Set(['select', 'radio', 'multiselect']);
export const FIELD_TYPES = ['text', 'textarea', 'number', 'date', 'datetime', 'select', 'radio', 'checkbox', 'multiselect', 'file'];

/** Every field name of every step: names are facts and must be unique in the service. */
function fieldNames(v: Rec): string[] {
  return records(v.steps).flatMap((s) => records(s.fields).map((f) => String(f.name)));
}

/** Adds a step `title` done by `role` after step `after` (or last), taking over that step's way on. */
export function addStep(text: string, input: { title: string; role: string; after?: string }): { text: string; id: string } {
  const v = dataOf(text) as Rec;
  const steps = records(v.steps);
  const id = uniqueId(slugOf(input.title), steps.map((s) => String(s.id)));
  const at = steps.findIndex((s) => s.id === input.after);
  const after = at >= 0 ? steps[at] : undefined;
  const numbers = steps.map((s) => s.number).filter((n): n is number => typeof n === 'number');
  const number = after && typeof after.number === 'number' ? after.number + 1 : Math.max(0, ...numbers) + 1;
  let out = text;
  // Numbers follow the decree: a step put in between moves the later ones down by one.
  if (numbers.includes(number)) {
    steps.forEach((s, i) => {
      if (typeof s.number === 'number' && s.number >= number) out = setKey(out, ['steps', i], 'number', s.number + 1);
    });
  }
  const step: Rec = { id, number, title: input.title, role: input.role };
  const firstOutcome = records(v.outcomes)[0]?.id;
  if (after && typeof after.next === 'string') {
    step.next = after.next;
    out = setKey(out, ['steps', at], 'next', id);
  } else if (after && typeof after.end === 'string' && after.next === undefined) {
    step.end = after.end;
    out = setKey(setKey(out, ['steps', at], 'end', undefined), ['steps', at], 'next', id);
  } else if (typeof firstOutcome === 'string') step.end = firstOutcome;
  out = insertIn(out, ['steps'], at >= 0 ? at + 1 : steps.length, step, { flow: SERVICE_FLOW });
  return { text: out, id };
}

/** The new rows of the form, applied after every other input. */
export function addNewItems(text: string, groups: Map<string, Parts>, errors: Record<string, string>): { text: string; changed: string[] } {
  let out = text;
  const changed: string[] = [];
  const value = () => dataOf(out) as Rec;
  const attempt = (address: string, fn: () => string | undefined) => {
    const before = out;
    try {
      const next = fn();
      if (next !== undefined && next !== before) {
        out = next;
        changed.push(address);
      }
    } catch (err) {
      if (!(err instanceof EditError)) throw err;
      errors[address] = err.message;
      out = before;
    }
  };

  for (const [address, parts] of groups) {
    const path = resolveAddress(value(), address);
    if (!path) continue;
    const pattern = path.map((p) => (typeof p === 'number' ? '*' : p)).join('/');
    if (pattern === 'steps/*/fields') attempt(address, () => addField(out, path, parts, errors, address));
    else if (pattern === 'steps/*/deadlines') attempt(address, () => addDeadline(out, path, parts, errors, address));
  }
  const steps = groups.get('steps');
  if (one(steps, 'baru-judul')) {
    attempt('steps', () => {
      const role = one(steps, 'baru-peran');
      if (!role) {
        errors.steps = 'Pilih peran yang mengerjakan langkah baru.';
        return undefined;
      }
      const added = addStep(out, { title: one(steps, 'baru-judul'), role, after: one(steps, 'baru-sesudah') || undefined });
      changed.push(`steps/${added.id}`);
      return added.text;
    });
  }
  const reqs = groups.get('requirements');
  if (one(reqs, 'baru')) attempt('requirements', () => addRequirement(out, one(reqs, 'baru'), (reqs?.get('baru-ceklis') ?? []).includes('1')));
  const roles = groups.get('roles');
  if (one(roles, 'baru')) {
    attempt('roles', () => {
      const v = value();
      const taken = Object.keys(isRecord(v.roles) ? v.roles : {});
      return setKey(out, ['roles'], uniqueId(slugOf(one(roles, 'baru'), '_'), [...taken, 'admin'], '_'), one(roles, 'baru'));
    });
  }
  const outcomes = groups.get('outcomes');
  if (one(outcomes, 'baru')) {
    attempt('outcomes', () => {
      const label = one(outcomes, 'baru');
      const id = uniqueId(slugOf(label), records(value().outcomes).map((o) => String(o.id)));
      return insertIn(out, ['outcomes'], records(value().outcomes).length, { id, label });
    });
  }
  return { text: out, changed };
}

function addField(text: string, path: Path, parts: Parts, errors: Record<string, string>, address: string): string | undefined {
  const label = one(parts, 'baru-label');
  if (!label) return undefined;
  const type = one(parts, 'baru-jenis') || 'text';
  if (!FIELD_TYPES.includes(type)) {
    errors[address] = 'Pilih jenis isian dari daftar.';
    return undefined;
  }
  const name = uniqueId(slugOf(label, '_'), fieldNames(dataOf(text) as Rec), '_');
  const field: Rec = { name, label, type };
  if ((parts.get('baru-wajib') ?? []).includes('1')) field.required = true;
  if (CHOICE_TYPES.has(type)) field.options = [{ value: 'ya', label: 'Ya' }, { value: 'tidak', label: 'Tidak' }];
  const fields = valueAt(text, path);
  return insertIn(text, path, Array.isArray(fields) ? fields.length : 0, field, { flow: SERVICE_FLOW, after: keysBefore(KEY_ORDER.step, 'fields') });
}

function addDeadline(text: string, path: Path, parts: Parts, errors: Record<string, string>, address: string): string | undefined {
  const label = one(parts, 'baru-label');
  if (!label) return undefined;
  const n = one(parts, 'baru-n');
  const unit = one(parts, 'baru-u') as DurationUnit;
  if (!/^\d{1,4}$/.test(n) || Number(n) < 1 || !['menit', 'jam', 'hari', 'minggu'].includes(unit)) {
    errors[address] = 'Tulis lama tenggat sebagai angka bulat dan pilih satuannya.';
    return undefined;
  }
  const list = valueAt(text, path);
  const taken = Array.isArray(list) ? records(list).map((d) => String(d.id)) : [];
  const deadline: Rec = { id: uniqueId(slugOf(label), taken), label, duration: isoDuration(Number(n), unit) };
  if (one(parts, 'baru-kalender') === 'working') deadline.calendar = 'working';
  if (one(parts, 'baru-mulai') === 'opened') deadline.starts = 'opened';
  deadline.blocking = false;
  return insertIn(text, path, taken.length, deadline, { flow: SERVICE_FLOW, after: keysBefore(KEY_ORDER.step, 'deadlines') });
}

/** Adds a requirement; with `checklist`, also its line in the intake form's list of documents received. */
export function addRequirement(text: string, requirement: string, checklist: boolean): string {
  const v = dataOf(text) as Rec;
  const reqs = records(v.requirements);
  const id = uniqueId(slugOf(requirement), reqs.map((r) => String(r.id)));
  let out = insertIn(text, ['requirements'], reqs.length, { id, text: requirement });
  if (checklist) out = addToChecklist(out, id);
  return out;
}

/** Adds requirement `id` as an option of the intake checklist (when the service has one and lacks it). */
export function addToChecklist(text: string, id: string): string {
  const read = outlineOf(text);
  if (!read.ok || !read.outline.checklist) return text;
  const c = read.outline.checklist;
  const req = read.outline.requirements.find((r) => r.id === id);
  if (!req || !c.missing.some((m) => m.id === id)) return text;
  const path = resolveAddress(dataOf(text), `steps/${c.step}/fields/${c.field}/options`);
  if (!path) return text;
  const options = valueAt(text, path);
  return insertIn(text, path, Array.isArray(options) ? options.length : 0, { value: req.id, label: req.text }, { flow: SERVICE_FLOW });
}
