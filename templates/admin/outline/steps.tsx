/** The steps in the structured editor: who does each, its form fields, where it leads (branches) and its deadlines. */
import { FIELD_TYPES } from '../../../engine/definition/edit/additions.ts';
import type { FieldView, OutlineView, StepView } from '../../../engine/definition/edit/outline.ts';
import { describeDuration } from '../../../engine/time.ts';
import { newRow, type PartProps } from './service.tsx';
import { Checkbox, ConditionRows, DurationInput, ErrorText, idOf, ItemButtons, nameOf, Section, Select, TextArea, TextInput, UNITS, type Live } from './widgets.tsx';

export const TYPE_LABELS: Record<string, string> = {
  text: 'Teks singkat',
  textarea: 'Teks panjang',
  number: 'Angka',
  date: 'Tanggal',
  datetime: 'Tanggal dan jam',
  select: 'Pilihan (daftar)',
  radio: 'Pilihan (tombol)',
  checkbox: 'Centang ya/tidak',
  multiselect: 'Pilihan ganda',
  file: 'Berkas / dokumen',
};
const TYPES = FIELD_TYPES.map((t): [string, string] => [t, TYPE_LABELS[t] ?? t]);
const CHOICE = new Set(['select', 'radio', 'multiselect']);
const STARTS: Array<[string, string]> = [['completed', 'saat langkah ini selesai'], ['opened', 'saat langkah ini dibuka (terpenuhi saat langkah selesai)']];

const roleTitle = (o: OutlineView, id: string) => o.roles.find((r) => r.id === id)?.title ?? id;

function targetLabel(o: OutlineView, target: string): string {
  if (target.startsWith('end:')) return `selesai: ${o.outcomes.find((x) => x.id === target.slice(4))?.label ?? target.slice(4)}`;
  const s = o.steps.find((x) => x.id === target.slice(5));
  return s ? `langkah ${s.number}` : target.slice(5);
}

/** Where a step leads, in one line: "→ langkah 6" or "→ langkah 8 bila …, selain itu langkah 3". */
function routeSummary(o: OutlineView, s: StepView): string {
  if (!s.branches.length) return 'belum ada langkah berikutnya';
  return `→ ${s.branches.map((b) => targetLabel(o, b.target) + (b.when ? ' (bersyarat)' : '')).join(', ')}`;
}

export function StepsPart(props: PartProps) {
  const { o, errors, live, fresh } = props;
  const roles = o.roles.map((r): [string, string] => [r.id, r.title]);
  return (
    <section class="langkah-daftar" aria-labelledby="judul-langkah">
      <h3 id="judul-langkah">Langkah prosedur</h3>
      {o.steps.map((s, i) => (
        <StepPart {...props} s={s} first={i === 0} last={i === o.steps.length - 1} />
      ))}
      <fieldset class="baru langkah-baru" {...newRow('steps', fresh)}>
        <legend>Langkah baru</legend>
        <ErrorText message={errors.steps} />
        <div class="isian-grid">
          <TextInput address="steps" part="baru-judul" label="Judul langkah" value="" wide placeholder="mis. Melakukan kunjungan rumah" />
          <Select address="steps" part="baru-peran" label="Dikerjakan oleh" value="" options={[['', '(pilih peran)'], ...roles]} />
          <Select
            address="steps"
            part="baru-sesudah"
            label="Sesudah langkah"
            value={o.steps[o.steps.length - 1]?.id ?? ''}
            options={[...o.steps.map((s): [string, string] => [s.id, `${s.number}. ${s.title}`]), ['', '(di akhir, belum disambungkan)']]}
            help="Langkah baru mengambil alih ke mana langkah itu berlanjut."
          />
        </div>
        <p class="actions">
          <button type="submit" name="_aksi" value="" formaction={live.action} formnovalidate hx-post={live.action} hx-target="#struktur" hx-swap="outerMorph">
            Tambah langkah
          </button>
        </p>
      </fieldset>
    </section>
  );
}

function StepPart(props: PartProps & { s: StepView; first: boolean; last: boolean }) {
  const { o, s, errors, open, live } = props;
  const a = `steps/${s.id}`;
  const roles = o.roles.map((r): [string, string] => [r.id, r.title]);
  const summary = (
    <>
      <strong>
        {s.number}. {s.title || '(tanpa judul)'}
      </strong>{' '}
      <span class="ringkas">
        {s.roles.map((r) => roleTitle(o, r)).join(' atau ') || 'peran belum dipilih'} · {s.fields.length} isian · {routeSummary(o, s)}
        {s.deadlines.length ? ` · ${s.deadlines.length} tenggat` : ''}
      </span>
    </>
  );
  return (
    <Section address={a} open={open} live={live} summary={summary} class="langkah">
      <div class="isian-grid">
        <TextInput address={`${a}/title`} label="Judul langkah" value={s.title} error={errors[`${a}/title`]} wide />
        <TextInput address={`${a}/number`} label="Nomor di standar" value={s.number} error={errors[`${a}/number`]} />
        {s.roles.length > 1 ? (
          <fieldset class="field">
            <legend>Dikerjakan oleh</legend>
            <input type="hidden" name={nameOf(`${a}/role`, 'ada')} value="1" />
            <ErrorText message={errors[`${a}/role`]} />
            {roles.map(([id, title]) => (
              <label class="choice">
                <input type="checkbox" name={nameOf(`${a}/role`)} value={id} checked={s.roles.includes(id)} /> <span>{title}</span>
              </label>
            ))}
          </fieldset>
        ) : (
          <Select address={`${a}/role`} label="Dikerjakan oleh" value={s.roles[0] ?? ''} options={roles} error={errors[`${a}/role`]} />
        )}
        <TextArea address={`${a}/description`} label="Uraian langkah (teks standar pelayanan)" value={s.description} error={errors[`${a}/description`]} />
      </div>
      <FieldsPart {...props} />
      <RoutePart {...props} />
      <DeadlinesPart {...props} />
      <ItemButtons address={a} live={live} first={props.first} last={props.last} what={`langkah ${s.number}`} />
    </Section>
  );
}

function FieldsPart(props: PartProps & { s: StepView }) {
  const { s, errors, fresh } = props;
  const a = `steps/${s.id}/fields`;
  return (
    <div class="isian-daftar">
      <h4>Isian formulir ({s.fields.length})</h4>
      {s.fields.map((f, i) => (
        <FieldPart {...props} f={f} first={i === 0} last={i === s.fields.length - 1} />
      ))}
      <fieldset class="baru" {...newRow(a, fresh)}>
        <legend>Isian baru di langkah ini</legend>
        <ErrorText message={errors[a]} />
        <div class="isian-grid">
          <TextInput address={a} part="baru-label" label="Label isian" value="" wide placeholder="mis. Hasil kunjungan rumah" />
          <Select address={a} part="baru-jenis" label="Jenis isian" value="textarea" options={TYPES} />
          <Checkbox address={a} part="baru-wajib" label="Wajib diisi" checked={false} />
        </div>
      </fieldset>
    </div>
  );
}

function FieldPart(props: PartProps & { s: StepView; f: FieldView; first: boolean; last: boolean }) {
  const { o, s, f, errors, open, live } = props;
  const a = `steps/${s.id}/fields/${f.name}`;
  const flags = [TYPE_LABELS[f.type] ?? f.type, f.required ? 'wajib' : '', f.sensitive ? 'identitas' : '', f.when ? 'bersyarat' : ''].filter(Boolean).join(', ');
  const before = o.facts.filter((x) => x.name !== f.name);
  return (
    <Section address={a} open={open} live={live} summary={<>{f.label || f.name} <span class="ringkas">({flags})</span></>} class="isian">
      <div class="isian-grid">
        <TextInput address={`${a}/label`} label="Label" value={f.label} error={errors[`${a}/label`]} wide help={`Nama data: ${f.name}`} />
        <Select address={`${a}/type`} label="Jenis" value={f.type} options={TYPES} error={errors[`${a}/type`]} />
        <Checkbox address={`${a}/required`} label="Wajib diisi" checked={f.required} />
        <Checkbox address={`${a}/sensitive`} label="Data identitas (disamarkan bagi peran lain, tidak pernah terbit)" checked={f.sensitive} />
        <TextInput address={`${a}/section`} label="Mulai bagian formulir berjudul (tidak wajib)" value={f.section} error={errors[`${a}/section`]} />
        <TextInput address={`${a}/help`} label="Teks bantuan (tidak wajib)" value={f.help} error={errors[`${a}/help`]} wide />
      </div>
      {CHOICE.has(f.type) || f.options.length ? <OptionRows address={`${a}/options`} options={f.options} /> : null}
      <ConditionRows address={`${a}/when`} legend="Tampil dan wajib hanya bila" value={f.when} facts={before} error={errors[`${a}/when`]} none="(selalu tampil)" />
      {f.advanced.length ? <p class="muted kecil">Diatur di teks YAML: {f.advanced.join(', ')}.</p> : null}
      <ItemButtons address={a} live={live} first={props.first} last={props.last} what={`isian ${f.label}`} />
    </Section>
  );
}

function OptionRows(props: { address: string; options: Array<{ value: string; label: string }> }) {
  const rows = [...props.options, { value: '', label: '' }, { value: '', label: '' }];
  return (
    <fieldset class="field pilihan-isian">
      <legend>Pilihan</legend>
      <p class="help">Kosongkan keduanya untuk menghapus pilihan; nilai baru dibuat dari labelnya bila dikosongkan.</p>
      <table class="list baris-isian">
        <thead>
          <tr>
            <th>Label</th>
            <th>Nilai (kode)</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((op, k) => (
            <tr>
              <td>
                <label for={idOf(props.address, `label.${k}`)} class="visually-hidden">
                  Label pilihan {k + 1}
                </label>
                <input type="text" id={idOf(props.address, `label.${k}`)} name={nameOf(props.address, `label.${k}`)} value={op.label} autocomplete="off" />
              </td>
              <td>
                <label for={idOf(props.address, `value.${k}`)} class="visually-hidden">
                  Nilai pilihan {k + 1}
                </label>
                <input type="text" id={idOf(props.address, `value.${k}`)} name={nameOf(props.address, `value.${k}`)} value={op.value} autocomplete="off" class="kode-kecil" />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </fieldset>
  );
}

function RoutePart(props: PartProps & { s: StepView }) {
  const { o, s, errors } = props;
  const a = `steps/${s.id}/route`;
  if (!s.routeEditable) return <p class="note kecil">Kelanjutan langkah ini ditulis dalam bentuk yang tidak dapat diubah di formulir; ubah di teks YAML.</p>;
  const targets: Array<[string, string]> = [
    ...o.steps.filter((x) => x.id !== s.id).map((x): [string, string] => [`step:${x.id}`, `langkah ${x.number}: ${x.title}`]),
    ...o.outcomes.map((x): [string, string] => [`end:${x.id}`, `selesai: ${x.label}`]),
  ];
  const rows = [...s.branches, { target: '', label: '', when: undefined }];
  return (
    <fieldset class="cabang-daftar">
      <legend>Sesudah langkah ini</legend>
      <p class="help">Cabang diperiksa berurutan: yang pertama syaratnya terpenuhi dipakai. Cabang terakhir biasanya tanpa syarat ("selain itu").</p>
      <ErrorText message={errors[a]} />
      <ol>
        {rows.map((b, n) => {
          const empty = n === s.branches.length;
          return (
            <li class={empty ? 'cabang baru' : 'cabang'}>
              <div class="isian-grid">
                <Select
                  address={a}
                  part={`target.${n}`}
                  label={empty ? 'Tambah cabang ke' : `Cabang ${n + 1}: ke`}
                  value={b.target}
                  options={[['', empty ? '(tidak ada cabang tambahan)' : '(hapus cabang ini)'], ...targets]}
                />
                <TextInput address={a} part={`label.${n}`} label="Keterangan (tercatat di riwayat kasus)" value={b.label} placeholder="mis. berkas diteruskan ke Bidang Teknis" wide />
              </div>
              <ConditionRows address={a} prefix={`${n}.`} legend={empty ? 'Bila (kosong: selalu)' : 'Bila'} value={b.when} facts={o.facts} none={n === 0 && s.branches.length <= 1 ? '(selalu)' : '(tanpa syarat: selain itu)'} />
            </li>
          );
        })}
      </ol>
    </fieldset>
  );
}

function DeadlinesPart(props: PartProps & { s: StepView }) {
  const { o, s, errors, open, live, fresh } = props;
  const a = `steps/${s.id}/deadlines`;
  return (
    <div class="tenggat-daftar">
      <h4>Tenggat langkah ini ({s.deadlines.length})</h4>
      {s.deadlines.map((d, i) => {
        const da = `${a}/${d.id}`;
        return (
          <Section address={da} open={open} live={live} summary={<>{d.label} <span class="ringkas">({d.duration.iso ? describeDuration(d.duration.iso) : '-'}{d.calendar === 'working' ? ' kerja' : ''}{d.blocking ? ', kasus menunggu' : ''})</span></>} class="isian">
            <div class="isian-grid">
              <TextInput address={`${da}/label`} label="Nama tenggat" value={d.label} error={errors[`${da}/label`]} wide />
              <DurationInput address={`${da}/duration`} label="Lama" value={d.duration} error={errors[`${da}/duration`]} />
              <Select address={`${da}/calendar`} label="Dihitung" value={d.calendar} options={[['calendar', 'waktu kalender'], ['working', 'waktu kerja kantor']]} />
              <Select address={`${da}/starts`} label="Mulai dihitung" value={d.starts} options={STARTS} />
              <Checkbox address={`${da}/blocking`} label="Kasus menunggu sampai tenggat ini terpenuhi" checked={d.blocking} />
              <Checkbox address={`${da}/endsWithCase`} label="Berakhir bersama kasus (tidak lagi ditagih setelah kasus selesai)" checked={d.endsWithCase} />
              <TextInput address={`${da}/metLabel`} label="Tulisan tombol tanda terpenuhi (tidak wajib)" value={d.metLabel} wide />
            </div>
            <ConditionRows address={`${da}/when`} legend="Berlaku hanya bila" value={d.when} facts={o.facts} error={errors[`${da}/when`]} none="(selalu berlaku)" />
            <ItemButtons address={da} live={live} first={i === 0} last={i === s.deadlines.length - 1} what={`tenggat ${d.label}`} />
          </Section>
        );
      })}
      <fieldset class="baru" {...newRow(a, fresh)}>
        <legend>Tenggat baru</legend>
        <ErrorText message={errors[a]} />
        <div class="isian-grid">
          <TextInput address={a} part="baru-label" label="Nama tenggat" value="" wide placeholder="mis. Penyerahan dokumen yang kurang" />
          <fieldset class="field durasi">
            <legend>Lama</legend>
            <div class="sebaris">
              <label for={idOf(a, 'baru-n')} class="visually-hidden">
                Jumlah
              </label>
              <input type="number" id={idOf(a, 'baru-n')} name={nameOf(a, 'baru-n')} min={1} max={9999} step={1} inputmode="numeric" class="angka" />
              <label for={idOf(a, 'baru-u')} class="visually-hidden">
                Satuan
              </label>
              <select id={idOf(a, 'baru-u')} name={nameOf(a, 'baru-u')}>
                {UNITS.map(([u, label]) => (
                  <option value={u} selected={u === 'hari'}>
                    {label}
                  </option>
                ))}
              </select>
            </div>
          </fieldset>
          <Select address={a} part="baru-kalender" label="Dihitung" value="calendar" options={[['calendar', 'waktu kalender'], ['working', 'waktu kerja kantor']]} />
          <Select address={a} part="baru-mulai" label="Mulai dihitung" value="completed" options={STARTS} />
        </div>
      </fieldset>
    </div>
  );
}
