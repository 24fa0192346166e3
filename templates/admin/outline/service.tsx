/** The service-wide parts of the structured editor: header, requirements, roles and access, time, fee, products, complaints, outcomes. */
import type { OutlineView } from '../../../engine/definition/edit/outline.ts';
import { describeDuration } from '../../../engine/time.ts';
import { Checkbox, DurationInput, hxButton, ItemButtons, Section, Select, TextArea, TextInput, Ticks, type Live } from './widgets.tsx';

export interface PartProps {
  o: OutlineView;
  errors: Record<string, string>;
  open: Set<string>;
  live: Live;
  /** Addresses of new-part rows written by this post: their boxes are emptied in the browser (admin.js). */
  fresh: Set<string>;
}

/** The attributes of a new-part row: admin.js empties it once its part was written. */
export const newRow = (address: string, fresh: Set<string>) => ({ 'data-baru': address, 'data-kosongkan': fresh.has(address) ? '1' : undefined });

const CHANNELS: Array<[string, string]> = [
  ['email', 'Email'],
  ['whatsapp', 'WhatsApp'],
  ['telepon', 'Telepon'],
  ['website', 'Situs web'],
  ['facebook', 'Facebook'],
  ['instagram', 'Instagram'],
  ['lainnya', 'Lainnya'],
];

export function HeaderPart({ o, errors, open, live }: PartProps) {
  return (
    <Section address="kepala" open={open} live={live} summary={<><strong>Identitas layanan</strong> <span class="ringkas">{o.title || '(belum bernama)'} · {o.service.agency || 'instansi belum ditulis'}</span></>}>
      <div class="isian-grid">
        <TextInput address="title" label="Nama layanan" value={o.title} error={errors.title} wide />
        <TextArea address="description" label="Uraian singkat (tampil di halaman publik)" value={o.description} error={errors.description} />
        <TextInput address="service/agency" label="Instansi" value={o.service.agency} error={errors['service/agency']} wide />
        <TextInput address="service/government" label="Pemerintah daerah" value={o.service.government} error={errors['service/government']} />
        <TextInput address="service/address" label="Alamat kantor" value={o.service.address} error={errors['service/address']} />
        <TextInput address="service/phone" label="Telepon" value={o.service.phone} error={errors['service/phone']} />
        <TextInput address="service/email" label="Surel" value={o.service.email} error={errors['service/email']} />
        <TextInput address="service/website" label="Situs web" value={o.service.website} error={errors['service/website']} />
        <TextInput address="decree/title" label="Judul SK" value={o.decree.title} error={errors['decree/title']} wide help="Nomor SK dan tanggal berlakunya diisi saat menerbitkan." />
        <Select
          address="start"
          label="Langkah pertama (formulirnya membuka kasus)"
          value={o.start}
          options={o.steps.map((s): [string, string] => [s.id, `${s.number}. ${s.title}`])}
          error={errors.start}
        />
      </div>
    </Section>
  );
}

export function RequirementsPart({ o, errors, open, live, fresh }: PartProps) {
  const c = o.checklist;
  return (
    <Section address="requirements" open={open} live={live} summary={<><strong>Persyaratan</strong> <span class="ringkas">{o.requirements.length} dokumen</span></>}>
      <ol class="butir-daftar ringkas-baris">
        {o.requirements.map((r, i) => (
          <li>
            <TextInput address={`requirements/${r.id}/text`} label={`Persyaratan ${i + 1}`} hideLabel value={r.text} error={errors[`requirements/${r.id}/text`]} wide />
            {c?.missing.some((m) => m.id === r.id) ? (
              <p class="note kecil">
                Belum ada di daftar "{c.label}" langkah {c.stepNumber}.{' '}
                <button type="submit" name="_aksi" value={`ceklis:${r.id}`} {...hxButton(live)} class="kecil">
                  Tambahkan ke daftar
                </button>
              </p>
            ) : null}
            <ItemButtons address={`requirements/${r.id}`} live={live} first={i === 0} last={i === o.requirements.length - 1} what={`persyaratan ${i + 1}`} />
          </li>
        ))}
      </ol>
      <div class="baru" {...newRow('requirements', fresh)}>
        <TextInput address="requirements" part="baru" label="Persyaratan baru" value="" error={errors.requirements} wide placeholder="mis. Surat pengantar dari desa / kelurahan" />
        {c ? <Checkbox address="requirements" part="baru-ceklis" label={`Tambahkan juga ke daftar "${c.label}" (langkah ${c.stepNumber})`} checked /> : null}
      </div>
    </Section>
  );
}

export function RolesPart({ o, errors, open, live, fresh }: PartProps) {
  const roles = o.roles.map((r): [string, string] => [r.id, r.title]);
  const intake = o.steps.find((s) => s.id === o.start);
  const subjects = (intake?.fields ?? []).filter((f) => f.sensitive && f.type === 'text').map((f): [string, string] => [f.name, f.label]);
  return (
    <Section address="roles" open={open} live={live} summary={<><strong>Peran dan hak akses</strong> <span class="ringkas">{o.roles.length} peran</span></>}>
      <ul class="butir-daftar">
        {o.roles.map((r) => (
          <li>
            <TextInput address={`roles/${r.id}`} label={`Nama peran (kode ${r.id})`} value={r.title} error={errors[`roles/${r.id}`]} wide />
          </li>
        ))}
      </ul>
      <div class="baru" {...newRow('roles', fresh)}>
        <TextInput address="roles" part="baru" label="Peran baru" value="" error={errors.roles} wide placeholder="mis. Pekerja Sosial" help="Akun staf diberi peran ini di halaman Pengguna setelah versi terbit." />
      </div>
      <Ticks address="access/read" legend="Boleh membaca semua kasus layanan ini (selain peran yang mengerjakan langkahnya)" choices={roles} values={o.access.read} error={errors['access/read']} />
      <Ticks address="access/sensitive" legend="Boleh melihat data identitas (isian bertanda identitas)" choices={roles} values={o.access.sensitive} error={errors['access/sensitive']} />
      {subjects.length ? (
        <Ticks address="access/subject" legend="Isian yang menamai kasus di daftar (sebagai inisial)" choices={subjects} values={o.access.subject} error={errors['access/subject']} />
      ) : null}
    </Section>
  );
}

export function TermsPart({ o, errors, open, live }: PartProps) {
  const d = o.completion.duration;
  return (
    <Section
      address="completion"
      open={open}
      live={live}
      summary={<><strong>Waktu, biaya, produk</strong> <span class="ringkas">{o.completion.text || '-'} ({d.iso ? describeDuration(d.iso) : 'durasi belum ditulis'}{o.completion.calendar === 'working' ? ' kerja' : ''}) · {o.fee || 'biaya belum ditulis'}</span></>}
    >
      <div class="isian-grid">
        <TextInput address="completion/text" label="Waktu penyelesaian (tertulis di standar)" value={o.completion.text} error={errors['completion/text']} help='Mis. "2 Hari". Bila durasi di sampingnya diubah dan teks ini masih menyebut durasi lama, teks ini ikut diganti.' />
        <DurationInput address="completion/duration" label="Tenggat penyelesaian dihitung" value={d} error={errors['completion/duration']} />
        <Select
          address="completion/calendar"
          label="Cara menghitung"
          value={o.completion.calendar}
          options={[['calendar', 'hari kalender (setiap jam dihitung)'], ['working', 'hari kerja (kalender kantor)']]}
          error={errors['completion/calendar']}
        />
        <TextInput address="fee" label="Biaya" value={o.fee} error={errors.fee} />
      </div>
      {o.calendar ? <p class="muted kecil">Kalender kantor: {o.calendar} Ubah di teks YAML (bagian calendar).</p> : null}
      <fieldset class="field">
        <legend>Produk layanan</legend>
        {[...o.products, ''].map((p, k) => (
          <div class="field">
            <label for={`u-products-${k}`} class="visually-hidden">
              Produk {k + 1}
            </label>
            <input type="text" id={`u-products-${k}`} name={`u:products#${k}`} value={p} placeholder={k === o.products.length ? 'produk lain (tidak wajib)' : undefined} autocomplete="off" />
          </div>
        ))}
        {errors.products ? <p class="error">{errors.products}</p> : null}
      </fieldset>
    </Section>
  );
}

export function ComplaintsPart({ o, errors, open, live }: PartProps) {
  const rows = [...o.complaints.channels, { channel: 'email', label: '', value: '' }];
  return (
    <Section address="complaints" open={open} live={live} summary={<><strong>Pengaduan</strong> <span class="ringkas">{o.complaints.channels.length} saluran</span></>}>
      <TextInput address="complaints/text" label="Kalimat pengantar" value={o.complaints.text} error={errors['complaints/text']} wide />
      <table class="list baris-isian">
        <thead>
          <tr>
            <th>Saluran</th>
            <th>Nama tampil</th>
            <th>Alamat / nomor (kosongkan untuk menghapus)</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((c, k) => (
            <tr>
              <td>
                <Select address="complaints/channels" part={`channel.${k}`} label={`Saluran ${k + 1}`} hideLabel value={c.channel} options={CHANNELS} />
              </td>
              <td>
                <label class="visually-hidden" for={`u-ch-label-${k}`}>
                  Nama tampil {k + 1}
                </label>
                <input type="text" id={`u-ch-label-${k}`} name={`u:complaints/channels#label.${k}`} value={c.label} autocomplete="off" />
              </td>
              <td>
                <label class="visually-hidden" for={`u-ch-value-${k}`}>
                  Alamat {k + 1}
                </label>
                <input type="text" id={`u-ch-value-${k}`} name={`u:complaints/channels#value.${k}`} value={c.value} placeholder={k === rows.length - 1 ? 'saluran baru' : undefined} autocomplete="off" />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}

export function OutcomesPart({ o, errors, open, live, fresh }: PartProps) {
  return (
    <Section address="outcomes" open={open} live={live} summary={<><strong>Hasil akhir</strong> <span class="ringkas">{o.outcomes.map((x) => x.label).join(' · ') || 'belum ada'}</span></>}>
      <ol class="butir-daftar">
        {o.outcomes.map((x, i) => (
          <li>
            <TextInput address={`outcomes/${x.id}/label`} label={`Hasil ${i + 1} (kode ${x.id})`} value={x.label} error={errors[`outcomes/${x.id}/label`]} wide />
            <Checkbox address={`outcomes/${x.id}/product`} label="Hasil ini menghasilkan produk layanan (dokumen yang dicetak)" checked={x.product} />
            <ItemButtons address={`outcomes/${x.id}`} live={live} first={i === 0} last={i === o.outcomes.length - 1} what={`hasil ${i + 1}`} />
          </li>
        ))}
      </ol>
      <div class="baru" {...newRow('outcomes', fresh)}>
        <TextInput address="outcomes" part="baru" label="Hasil akhir baru" value="" error={errors.outcomes} wide placeholder="mis. Permohonan ditolak" />
      </div>
    </Section>
  );
}
