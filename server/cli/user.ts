/**
 * `alur user add|list|password|disable|enable|reset|roles`: staff accounts in the data folder, passwords typed
 * unseen, read from a pipe, or generated.
 */
import { openFailure, storeLocation } from './data-dir.ts';
import { parseArgs } from 'node:util';
import { generatePassword } from '../auth/password.ts';
import { officeWords, passwordProblems, type PasswordContext } from '../auth/strength.ts';
import { changeRoles, resetPassword, RolesRefusedError, rolesChangeProblem, setDisabled, setSignature, signatureProblems } from '../auth/accounts.ts';
import { ADMIN_ROLE, contactProblems, createUser, rolesProblem, setPassword, usernameProblem } from '../auth/users.ts';
import { openStore, StoreLockedError, UserExistsError, type Store } from '../store/index.ts';
import { loadWorkflows } from '../workflows.ts';

export const help = [
  'Pemakaian:',
  '  alur user add NAMA --role PERAN[,PERAN] [--name "Nama Lengkap"] [--nip NIP] [--jabatan "Jabatan"] [--email ALAMAT] [--phone NOMOR] [--generate]',
  '                             --email dan --phone: tujuan pemberitahuan (surel, WhatsApp/SMS)',
  '  alur user profile NAMA [--name "Nama Lengkap, gelar"] [--nip NIP] [--jabatan "Jabatan"]',
  '                             data tanda tangan surat: nama lengkap, NIP (18 angka) dan jabatan; "" menghapus NIP/jabatan',
  '  alur user password NAMA [--generate]',
  '  alur user disable NAMA     nonaktifkan akun; semua sesi dan tokennya langsung berakhir',
  '  alur user enable NAMA      aktifkan kembali',
  '  alur user reset NAMA       kata sandi sementara acak (dicetak sekali), wajib diganti saat masuk',
  '  alur user roles NAMA --role PERAN[,PERAN]',
  '                             ganti peran akun (pindah tugas); berlaku pada permintaan berikutnya, tanpa akun baru',
  '  alur user list',
  '',
  'Pilihan umum: --data FOLDER (atau ALUR_DATA; bawaan ./data), --database URL (PostgreSQL; atau ALUR_DATABASE_URL),',
  '--workflows FOLDER (atau ALUR_WORKFLOWS).',
  '',
  'Kata sandi diketik tanpa tampil bila dijalankan di terminal; bila tidak (skrip), baris pertama',
  'masukan standar dipakai: echo "rahasia-panjang" | alur user add budi --role front_office',
  '--generate membuat kata sandi acak dan mencetaknya sekali.',
  `Peran: peran dari definisi layanan (misalnya front_office) dan "${ADMIN_ROLE}". Dengan folder data, server harus dihentikan dulu;`,
  'dengan PostgreSQL perintah ini berjalan saat server menyala dan berlaku di semua server pada permintaan berikutnya.',
].join('\n');

/** Reads a line from the terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stdout.write(question);
    let value = '';
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') {
          finish();
          resolve(value);
          return;
        }
        if (ch === '\u0003') {
          finish();
          reject(new Error('dibatalkan'));
          return;
        }
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else if (ch >= ' ') value += ch;
      }
    };
    const finish = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stdout.write('\n');
    };
    stdin.on('data', onData);
  });
}

/** The first line of standard input (for scripts). */
async function firstLine(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) {
    text += chunk.toString();
    const nl = text.indexOf('\n');
    if (nl >= 0) return text.slice(0, nl).replace(/\r$/, '');
  }
  return text.replace(/\r$/, '');
}

/** The new password: generated, typed twice on a terminal, or the first stdin line. */
async function newPassword(generate: boolean, context: PasswordContext): Promise<{ password: string; generated: boolean } | { error: string }> {
  if (generate) return { password: generatePassword(), generated: true };
  let password: string;
  if (process.stdin.isTTY) {
    password = await promptHidden('Kata sandi baru: ');
    const again = await promptHidden('Ulangi kata sandi: ');
    if (again !== password) return { error: 'Kedua kata sandi tidak sama.' };
  } else {
    password = await firstLine();
  }
  const problems = passwordProblems(password, context);
  return problems.length ? { error: `kata sandi ditolak:\n${problems.map((p) => `  - ${p}`).join('\n')}` } : { password, generated: false };
}

/** The office's words from the services in the workflows folder (none when it cannot be read). */
async function officeOf(workflowsDir: string): Promise<PasswordContext['office']> {
  try {
    return officeWords((await loadWorkflows(workflowsDir, { now: new Date() })).list());
  } catch {
    return undefined;
  }
}

/** Every role an account can be given, with its title: the workflows' roles and the administrator's. */
async function knownRoles(workflowsDir: string): Promise<Map<string, string>> {
  const known = new Map<string, string>([[ADMIN_ROLE, 'Administrator']]);
  try {
    const registry = await loadWorkflows(workflowsDir, { now: new Date() });
    for (const r of registry.roles()) known.set(r.id, r.title);
  } catch {
    // Without a readable workflows folder only "admin" can be checked; other roles are refused.
  }
  return known;
}

/** The roles of --role, split at commas. */
function rolesOption(value: string | undefined): string[] {
  return [...new Set((value ?? '').split(',').map((r) => r.trim()).filter(Boolean))];
}

/** Prints why roles are refused, and the roles there are when some are unknown. */
function refuseRoles(command: string, problem: string, known: Map<string, string>, unknown: boolean): void {
  console.error(`alur user ${command}: ${problem}`);
  if (!unknown) return;
  console.error('Peran yang ada:');
  const width = Math.max(...[...known.keys()].map((id) => id.length)) + 2;
  for (const [id, title] of known) console.error(`  ${id.padEnd(width)}${title}`);
}

async function withStore<T>(dataDir: string, work: (store: Store) => Promise<T>): Promise<T | number> {
  let store: Store;
  try {
    store = await openStore(dataDir);
  } catch (err) {
    if (err instanceof StoreLockedError) {
      console.error(`alur user: ${err.message}\nHentikan server dulu (Ctrl+C), lalu ulangi perintah ini.`);
      return 1;
    }
    const reason = openFailure('alur user', err);
    if (reason) {
      console.error(reason);
      return 1;
    }
    throw err;
  }
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: {
        role: { type: 'string' },
        name: { type: 'string' },
        nip: { type: 'string' },
        jabatan: { type: 'string' },
        email: { type: 'string' },
        phone: { type: 'string' },
        generate: { type: 'boolean', default: false },
        data: { type: 'string' },
        database: { type: 'string' },
        workflows: { type: 'string' },
      },
      strict: true,
      allowPositionals: true,
    });
  } catch (err) {
    console.error(`alur user: ${(err as Error).message}\n\n${help}`);
    return 2;
  }
  const [action, username, ...extra] = parsed.positionals;
  const o = parsed.values;
  const dataDir = storeLocation(o);
  const workflowsDir = o.workflows ?? process.env.ALUR_WORKFLOWS ?? './workflows';

  if (action === 'list' && !username) {
    const result = await withStore(dataDir, async (store) => {
      const users = await store.users.list();
      if (!users.length) console.log('Belum ada akun.');
      for (const u of users) console.log(`${u.username.padEnd(20)} ${u.roles.join(',').padEnd(30)} ${u.disabled ? 'NONAKTIF ' : ''}${u.displayName}${u.title ? `, ${u.title}` : ''}${u.nip ? ` (NIP ${u.nip})` : ''}`);
      return 0;
    });
    return result;
  }

  if ((action === 'disable' || action === 'enable' || action === 'reset') && username && !extra.length) {
    const problem = usernameProblem(username);
    if (problem) {
      console.error(`alur user: ${problem}`);
      return 2;
    }
    return withStore(dataDir, async (store) => {
      if (!(await store.users.get(username))) {
        console.error(`alur user ${action}: akun ${username} tidak ada.`);
        return 1;
      }
      const now = new Date();
      if (action === 'reset') {
        const { password, sessionsEnded } = await resetPassword(store, { by: 'cli', now, username });
        console.log(`Kata sandi ${username} direset; ${sessionsEnded} sesi/token lama diakhiri.`);
        console.log(`Kata sandi sementara: ${password}  (sampaikan langsung; wajib diganti saat masuk)`);
      } else {
        const ended = await setDisabled(store, { by: 'cli', now, username, disabled: action === 'disable' });
        console.log(action === 'disable' ? `Akun ${username} dinonaktifkan; ${ended} sesi/token diakhiri.` : `Akun ${username} diaktifkan kembali.`);
      }
      return 0;
    });
  }

  // Name, NIP and jabatan, checked before the data folder is opened.
  const signature = signatureProblems({ name: o.name, nip: o.nip, jabatan: o.jabatan });
  const signatureError = Object.values(signature.errors)[0];
  if ((action === 'add' || action === 'profile') && signatureError) {
    console.error(`alur user ${action}: ${signatureError}`);
    return 2;
  }

  if (action === 'profile' && username && !extra.length) {
    const problem = usernameProblem(username);
    if (problem) {
      console.error(`alur user: ${problem}`);
      return 2;
    }
    if (o.name === undefined && o.nip === undefined && o.jabatan === undefined) {
      console.error('alur user profile: sebutkan --name, --nip dan/atau --jabatan, misalnya --nip 197001011990031001 --jabatan "Kepala Dinas".');
      return 2;
    }
    return withStore(dataDir, async (store) => {
      const u = await store.users.get(username);
      if (!u) {
        console.error(`alur user profile: akun ${username} tidak ada.`);
        return 1;
      }
      const { changed } = await setSignature(store, { by: 'cli', now: new Date(), username, ...signature.value });
      const after = await store.users.get(username);
      console.log(changed.length ? `Data tanda tangan ${username} diubah.` : `Data tanda tangan ${username} tidak berubah.`);
      console.log(`  nama: ${after?.displayName ?? ''}\n  jabatan: ${after?.title ?? '-'}\n  NIP: ${after?.nip ?? '-'}`);
      return 0;
    });
  }

  if (action === 'roles' && username && !extra.length) {
    const problem = usernameProblem(username);
    if (problem) {
      console.error(`alur user: ${problem}`);
      return 2;
    }
    const roles = rolesOption(o.role);
    const known = await knownRoles(workflowsDir);
    if (!roles.length) {
      console.error(`alur user roles: sebutkan peran baru dengan --role PERAN[,PERAN], misalnya --role back_office.\nUntuk mencabut semua akses akun ini, nonaktifkan akunnya: alur user disable ${username}`);
      return 2;
    }
    // Unknown or mixed roles are wrong whatever the data folder holds: refused before it is opened.
    const given = rolesChangeProblem([], { username, roles, known: known.keys() });
    if (given) {
      refuseRoles('roles', given, known, roles.some((r) => !known.has(r)));
      return 2;
    }
    return withStore(dataDir, async (store) => {
      if (!(await store.users.get(username))) {
        console.error(`alur user roles: akun ${username} tidak ada.`);
        return 1;
      }
      try {
        const done = await changeRoles(store, { by: 'cli', now: new Date(), username, roles, known: known.keys() });
        const titles = (list: string[]) => list.map((r) => `${r} (${known.get(r) ?? r})`).join(', ');
        console.log(done.changed ? `Peran akun ${username} diubah.\n  sebelum: ${titles(done.before)}\n  sesudah: ${titles(done.after)}` : `Peran akun ${username} tidak berubah: ${titles(done.after)}.`);
        return 0;
      } catch (err) {
        if (!(err instanceof RolesRefusedError)) throw err;
        console.error(`alur user roles: ${err.message}`);
        return 1;
      }
    });
  }

  if ((action !== 'add' && action !== 'password') || !username || extra.length) {
    console.error(help);
    return 2;
  }
  const nameProblem = usernameProblem(username);
  if (nameProblem) {
    console.error(`alur user: ${nameProblem}`);
    return 2;
  }

  let roles: string[] = [];
  if (action === 'add') {
    roles = rolesOption(o.role);
    if (!roles.length) {
      console.error('alur user add: sebutkan peran dengan --role PERAN[,PERAN], misalnya --role front_office.');
      return 2;
    }
    const known = await knownRoles(workflowsDir);
    const unknown = roles.filter((r) => !known.has(r));
    if (unknown.length) {
      refuseRoles('add', `peran tidak dikenal: ${unknown.join(', ')}.`, known, true);
      return 2;
    }
    const mixed = rolesProblem(roles);
    if (mixed) {
      console.error(`alur user add: ${mixed}`);
      return 2;
    }
    const contact = contactProblems({ email: o.email, phone: o.phone });
    if (contact.length) {
      console.error(`alur user add: ${contact.map((p) => p.message).join(' ')}`);
      return 2;
    }
  }

  const pw = await newPassword(o.generate, { username, displayName: o.name, office: o.generate ? undefined : await officeOf(workflowsDir) });
  if ('error' in pw) {
    console.error(`alur user: ${pw.error}`);
    return 2;
  }

  return withStore(dataDir, async (store) => {
    const now = new Date();
    if (action === 'add') {
      try {
        await createUser(store.users, { username, roles, password: pw.password, displayName: signature.value.name || undefined, email: o.email, phone: o.phone, now });
        if (signature.value.nip || signature.value.jabatan) {
          await store.users.update(username, (u) => ({ ...u, ...(signature.value.nip ? { nip: signature.value.nip } : {}), ...(signature.value.jabatan ? { title: signature.value.jabatan } : {}) }));
        }
      } catch (err) {
        if (err instanceof UserExistsError) {
          console.error(`alur user add: akun ${username} sudah ada. Ganti kata sandinya dengan: alur user password ${username}`);
          return 1;
        }
        throw err;
      }
      await store.audit.append({ at: now.toISOString(), actor: 'cli', action: 'user.add', details: { username, roles, ...(o.email ? { email: true } : {}), ...(o.phone ? { phone: true } : {}) } });
      console.log(`Akun ${username} dibuat dengan peran ${roles.join(', ')}.`);
    } else {
      if (!(await store.users.get(username))) {
        console.error(`alur user password: akun ${username} tidak ada.`);
        return 1;
      }
      await setPassword(store.users, username, pw.password, now);
      const ended = await store.sessions.revokeAll(username, now.toISOString());
      await store.audit.append({ at: now.toISOString(), actor: 'cli', action: 'user.password', details: { username, sessionsEnded: ended } });
      console.log(`Kata sandi ${username} diganti; ${ended} sesi/token lama diakhiri.`);
    }
    if (pw.generated) console.log(`Kata sandi: ${pw.password}  (catat sekarang; tidak akan ditampilkan lagi)`);
    return 0;
  });
}
