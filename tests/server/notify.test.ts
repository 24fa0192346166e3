/**
 * Notifications end to end with real parts on loopback: the app records what a change plans in the outbox, the
 * scheduler (its clock injected) turns it into in-app notifications, e-mail to a real SMTP server (smtp-server)
 * and WhatsApp requests to a small HTTP gateway; reminders, overdue notices and escalation come at their times and
 * are recorded in the case history; a failing gateway is retried with back-off and shown with its last error; and
 * no message carries any sensitive value of the case.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dueNotices, plannedNotices } from '../../engine/notifications.ts';
import { gatewayChannel, mailChannel } from '../../server/notify/channels.ts';
import { Scheduler } from '../../server/notify/scheduler.ts';
import { channelStates, noticesOf, sendTestMessage } from '../../server/usecases/notify.ts';
import type { NotifierDeps, NotifyDeps } from '../../server/usecases/deps.ts';
import { directIntake, makeBench, type Bench } from './helpers.ts';
import { gateway, mailText, messageIdOf, smtpBox, type Gateway, type SmtpBox } from './notify-parts.ts';

const HOUR = 60 * 60_000;

let b: Bench;
let smtp: SmtpBox;
let gw: Gateway;
let scheduler: Scheduler;
let notify: NotifyDeps;

beforeEach(async () => {
  smtp = await smtpBox();
  gw = await gateway();
  notify = {
    channels: new Map([
      ['email', mailChannel({ url: smtp.url, from: 'alur <alur@dinsos.contoh.go.id>' })],
      // A Wablas-style request: token header, JSON body with the number in international form.
      ['gateway', gatewayChannel({ url: gw.url, headers: { Authorization: 'token-rahasia' }, body: '{"phone":"{{to_intl}}","message":"{{text}}"}', success: '"status":\\s*true' })],
    ]),
    publicUrl: 'https://alur.dinsos.contoh.go.id',
  };
  b = await makeBench({ notify });
  for (const [u, i] of [['front_office', 1], ['fo2', 2], ['kepala_uptd', 3], ['sekretaris', 4]] as const) {
    await b.store.users.update(u, (x) => ({ ...x, email: `${u}@dinsos.contoh.go.id`, phone: `0812000000${i}` }));
  }
  // fo2 wants no WhatsApp.
  await b.store.users.update('fo2', (x) => ({ ...x, optOut: ['gateway'] }));
  scheduler = new Scheduler({ store: b.store, workflows: b.workflows, now: () => b.clock.now, notify }, { worker: 'uji' });
});

afterEach(async () => {
  await scheduler.stop();
  await b.close();
  await smtp.close();
  await gw.close();
});

const deps = (): NotifierDeps => ({ store: b.store, workflows: b.workflows, now: () => b.clock.now, notify });

async function api(user: string, path: string, body?: unknown) {
  const token = await b.token(user);
  const res = await b.app.request(`/api/v1${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, json: (await res.json()) as any };
}

/** Every value of the case's sensitive fields, as stored, and the initials lists show. */
async function sensitiveValues(id: string): Promise<string[]> {
  const c = (await b.store.cases.get(id))!;
  const wf = b.workflows.forCase(c.workflow)!;
  const out: string[] = [];
  for (const f of wf.steps.flatMap((s) => s.fields ?? [])) {
    const v = c.data[f.name];
    if (!f.sensitive || v === undefined || v === '') continue;
    out.push(String(v));
    // Parts of a name or an address are identity too.
    for (const part of String(v).split(/\s+/)) if (part.length >= 5) out.push(part);
  }
  const summary = (await b.store.cases.summary(id))!;
  for (const s of summary.subject) out.push(s.initials);
  return [...new Set(out)];
}

const FULL = {
  saluran: 'tidak_langsung',
  media_pelaporan: 'telepon',
  tingkat_risiko: 'darurat',
  pelapor_nama: 'Sulastri Wibowo',
  pelapor_nik: '1406015505800001',
  pelapor_telepon: '081277778888',
  anak_nama: 'Rina Anggraini',
  anak_nik: '1406016604150002',
  anak_tanggal_lahir: '2016-04-26',
  anak_perkiraan_usia: 10,
  anak_alamat: 'Dusun Sungai Kandis RT 03',
  anak_wali: 'Darmawansyah',
  kejadian_tempat: 'Kebun Pasirpengaraian',
  kronologi: 'Tetangga mendengar Rina dipukul berulang kali oleh Darmawansyah di rumahnya.',
};

describe('notifications', () => {
  it('tells the step\'s roles by every channel, reminds, escalates, records it in the history, and never names the child', async () => {
    const started = await api('front_office', '/cases', { workflow: 'respon-kasus-anak', data: directIntake(FULL) });
    expect(started.status, JSON.stringify(started.json)).toBe(201);
    const id = started.json.id as string;

    // Recorded with the case, before anything is sent.
    const planned = await b.store.outbox.list({ caseId: id, status: 'pending' });
    expect(planned.map((m) => m.channel)).toContain('jadwal');
    expect(smtp.mails).toHaveLength(0);

    await scheduler.tick();
    // The task of step 2 arrived for the front office: both clerks in the app and by e-mail; WhatsApp only to
    // the one who did not opt out.
    expect(smtp.mails.map((m) => m.to[0]).sort()).toEqual(['fo2@dinsos.contoh.go.id', 'front_office@dinsos.contoh.go.id']);
    expect(gw.requests.map((r) => JSON.parse(r.body).phone)).toEqual(['628120000001']);
    expect(gw.requests[0]!.headers.authorization).toBe('token-rahasia');
    const mail = mailText(smtp.mails[0]!.raw);
    expect(mail).toContain(`Tugas baru: kasus ${id}`);
    expect(mail).toContain('Layanan: Respon Kasus Anak');
    expect(mail).toContain('Langkah 2: Memeriksa dokumen persyaratan');
    expect(mail).toContain(`https://alur.dinsos.contoh.go.id/tugas/${id}/periksa-dokumen`);
    expect(await b.store.inbox.unread('front_office')).toBe(1);
    expect(await b.store.inbox.unread('kepala_uptd')).toBe(0);

    // Sent once: more rounds send nothing again.
    await scheduler.tick();
    expect(smtp.mails).toHaveLength(2);

    // Step 2 done: the validation arrives for the Kepala UPTD PPA.
    b.tick(10 * 60_000);
    expect((await api('front_office', `/cases/${id}/steps/periksa-dokumen`, { data: { dokumen_lengkap: 'ya' } })).status).toBe(200);
    await scheduler.tick();
    const toKu = () => smtp.mails.filter((m) => m.to[0] === 'kepala_uptd@dinsos.contoh.go.id').map((m) => mailText(m.raw));
    expect(toKu()).toHaveLength(1);
    expect(toKu()[0]).toContain('Langkah 8: Memvalidasi keabsahan laporan');
    expect(toKu()[0]).toContain('Respon pertama kasus darurat: batas');

    // Darurat: 6 hours to the first response; the reminder comes 2 hours before it.
    const c = (await b.store.cases.get(id))!;
    const wf = b.workflows.forCase(c.workflow)!;
    const due = c.deadlines.find((d) => d.id === 'respon-darurat')!.due;
    expect(dueNotices(wf, c, b.clock.now).map((n) => n.kind)).toEqual(['arrival']);
    expect(plannedNotices(wf, c).filter((n) => n.task === c.tasks![0]!.id).map((n) => [n.kind, n.at])).toEqual([
      ['arrival', c.tasks![0]!.openedAt],
      ['reminder', new Date(Date.parse(due) - 2 * HOUR).toISOString()],
      ['escalation', due],
      ['overdue', due],
      ['escalation', new Date(Date.parse(due) + 4 * HOUR).toISOString()],
    ]);
    b.clock.now = new Date(Date.parse(due) - 2 * HOUR - 60_000);
    await scheduler.tick();
    expect(toKu()).toHaveLength(1);
    b.tick(2 * 60_000);
    await scheduler.tick();
    expect(toKu()).toHaveLength(2);
    expect(toKu()[1]).toContain(`Pengingat batas waktu: kasus ${id}`);

    // Past due: overdue to the Kepala UPTD PPA and the first escalation level (also the Kepala UPTD PPA).
    b.clock.now = new Date(Date.parse(due) + 1000);
    await scheduler.tick();
    expect(toKu().slice(2).map((t) => t.split('\n')[0]).sort()).toEqual([`Batas waktu terlewat: kasus ${id}`, `Eskalasi: batas waktu terlewat: kasus ${id}`]);
    const toSek = () => smtp.mails.filter((m) => m.to[0] === 'sekretaris@dinsos.contoh.go.id').map((m) => mailText(m.raw));
    expect(toSek()).toHaveLength(0);
    // Four hours later the Sekretaris.
    b.tick(4 * HOUR);
    await scheduler.tick();
    expect(toSek()).toHaveLength(1);
    expect(toSek()[0]).toContain(`Eskalasi: batas waktu terlewat: kasus ${id}`);
    expect(toSek()[0]).toContain('Diteruskan kepada: Sekretaris');
    expect(toSek()[0]).toContain(`https://alur.dinsos.contoh.go.id/kasus/${id}`);

    // In the case history: the reminder, the overdue notice and both escalations, with whom they reached.
    const history = await noticesOf(deps(), id);
    expect(history.map((h) => h.data.kind).sort()).toEqual(['escalation', 'escalation', 'overdue', 'reminder']);
    expect(history[0]!.data.kind).toBe('reminder');
    const cookie = await b.login('kepala_uptd');
    const page = await (await b.app.request(`/kasus/${id}`, { headers: { cookie } })).text();
    expect(page).toContain('Eskalasi dikirim kepada Sekretaris');
    expect(page).toContain('Pengingat dikirim kepada Kepala UPTD PPA');

    // The step done: nothing more is planned for it.
    const before = smtp.mails.length;
    expect((await api('kepala_uptd', `/cases/${id}/steps/validasi-laporan`, { data: { laporan_sah: 'ya', catatan_validasi: 'Dikonfirmasi ke sekolah.' } })).status).toBe(200);
    b.tick(48 * HOUR);
    await scheduler.tick();
    const after = smtp.mails.slice(before).map((m) => mailText(m.raw));
    expect(after.every((t) => !t.includes('Langkah 8'))).toBe(true);

    // Not one message, by any channel, carries a sensitive value of the case.
    const secrets = await sensitiveValues(id);
    expect(secrets).toContain('Rina Anggraini');
    expect(secrets).toContain('R.A.');
    const inapp = (await Promise.all(['front_office', 'fo2', 'kepala_uptd', 'sekretaris', 'bidang_teknis'].map((u) => b.store.inbox.list(u, { limit: 1000 })))).flat();
    expect(inapp.length).toBeGreaterThan(5);
    const sent = [...smtp.mails.map((m) => m.raw), ...smtp.mails.map((m) => mailText(m.raw)), ...gw.requests.map((r) => `${r.url}\n${r.body}`), ...inapp.map((i) => `${i.text} ${i.href}`)];
    expect(sent.length).toBeGreaterThan(15);
    const leaks = sent.flatMap((text) => secrets.filter((s) => text.toLowerCase().includes(s.toLowerCase())).map((s) => `${s} in ${text.slice(0, 80)}`));
    expect(leaks).toEqual([]);
  });

  it('retries a failing gateway with back-off, shows its last error to the administrator, then sends once', async () => {
    gw.status = 500;
    gw.answer = '{"status":false,"reason":"device disconnected"}';
    const started = await api('front_office', '/cases', { workflow: 'respon-kasus-anak', data: directIntake() });
    const id = started.json.id as string;
    await scheduler.tick();
    expect(gw.requests).toHaveLength(1);
    let states = await channelStates(deps());
    const g = states.find((s) => s.id === 'gateway')!;
    expect(g).toMatchObject({ configured: true, failing: true, retrying: 1 });
    expect(g.lastError).toContain('500');
    expect(g.lastError).toContain('device disconnected');
    // Not again before its pause (30 s) is over.
    b.tick(20_000);
    await scheduler.tick();
    expect(gw.requests).toHaveLength(1);
    b.tick(15_000);
    await scheduler.tick();
    expect(gw.requests).toHaveLength(2);
    // The next pause is longer (1 minute).
    b.tick(40_000);
    await scheduler.tick();
    expect(gw.requests).toHaveLength(2);
    // The administrator's page says so.
    const cookie = await b.login('admin');
    const html = await (await b.app.request('/admin/pesan', { headers: { cookie } })).text();
    expect(html).toContain('WhatsApp / SMS');
    expect(html).toContain('device disconnected');
    expect(html).toContain('Gagal terus');
    // The gateway recovers: sent once, and the channel is no longer failing.
    gw.status = 200;
    gw.answer = '{"status":true}';
    b.tick(60_000);
    await scheduler.tick();
    expect(gw.requests).toHaveLength(3);
    b.tick(HOUR);
    await scheduler.tick();
    expect(gw.requests).toHaveLength(3);
    states = await channelStates(deps());
    expect(states.find((s) => s.id === 'gateway')).toMatchObject({ failing: false, retrying: 0, sent: 1 });
    expect((await b.store.outbox.list({ caseId: id, channel: 'gateway' }))[0]).toMatchObject({ status: 'sent', attempts: 3 });
  });

  it('gives up on a mail server that does not answer before the message\'s lease runs out, and sends it once later', async () => {
    // A lease of 2 s: the send is given up after 1 s, its socket closed by the transport at the same bound.
    const mail = mailChannel({ url: smtp.url, from: 'alur <alur@dinsos.contoh.go.id>' }, { timeoutMs: 1000 });
    const hung = new Scheduler({ store: b.store, workflows: b.workflows, now: () => b.clock.now, notify: { channels: new Map([['email', mail]]) } }, { worker: 'lambat', leaseMs: 2000 });
    smtp.stall = true;
    const started = await api('front_office', '/cases', { workflow: 'respon-kasus-anak', data: directIntake() });
    const id = started.json.id as string;
    await hung.tick();
    expect(smtp.stalled).toBeGreaterThanOrEqual(1);
    const waiting = (await b.store.outbox.list({ caseId: id, channel: 'email' })).filter((m) => m.status === 'pending');
    expect(waiting).toHaveLength(2);
    expect(waiting.every((m) => m.attempts === 1 && !m.worker)).toBe(true);
    expect(waiting[0]!.lastError).toMatch(/tidak menjawab|timeout|Timeout/);
    // The server answers again: after the pause each mail is sent once, with the Message-ID of its outbox entry.
    smtp.stall = false;
    b.tick(31_000);
    await hung.tick();
    await hung.stop();
    expect(smtp.mails.map((m) => messageIdOf(m.raw)).sort()).toEqual(waiting.map((m) => `${m.id}@dinsos.contoh.go.id`).sort());
  });

  it('sends an administrator\'s test message by each channel', async () => {
    const d = deps();
    expect(await sendTestMessage(d, { username: 'kepala_uptd', channel: 'email', by: 'admin' })).toMatchObject({ ok: true });
    expect(await sendTestMessage(d, { username: 'kepala_uptd', channel: 'gateway', by: 'admin' })).toMatchObject({ ok: true });
    expect(await sendTestMessage(d, { username: 'kepala_uptd', channel: 'inapp', by: 'admin' })).toMatchObject({ ok: true });
    expect(await sendTestMessage(d, { username: 'bidang_teknis', channel: 'email', by: 'admin' })).toMatchObject({ ok: false });
    await scheduler.tick();
    expect(smtp.mails.map((m) => m.to[0])).toEqual(['kepala_uptd@dinsos.contoh.go.id']);
    expect(mailText(smtp.mails[0]!.raw)).toContain('Pesan uji dari alur');
    expect(JSON.parse(gw.requests[0]!.body)).toMatchObject({ phone: '628120000003' });
    expect(await b.store.inbox.unread('kepala_uptd')).toBe(1);
  });
});
