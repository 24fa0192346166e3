/** The administrator's users page (/pengguna): accounts and their roles; disable, enable, reset a password, change roles, add one. */
import { Hono, type Context } from 'hono';
import { UsersPage, type RoleGroup } from '../../templates/users.tsx';
import { accountExists, accountList, addAccount, changeRoles, resetPassword, RolesRefusedError, setDisabled, setSignature, signatureProblems } from '../auth/accounts.ts';
import { requirePageUser } from '../auth/middleware.ts';
import { sessionProblem } from '../auth/sessions.ts';
import { ADMIN_ROLE, rolesProblem, usernameProblem } from '../auth/users.ts';
import { staffRoles } from '../../engine/access.ts';
import { UserExistsError } from '../../engine/ports/accounts.ts';
import type { AppEnv } from './env.ts';
import { errorPage, formValues, pageProps, renderPage } from './render.ts';
import { timeZoneOf } from './views.ts';

/** Every role an account can be given: the workflows' roles and the administrator. */
function allRoles(c: Context<AppEnv>): Array<{ id: string; title: string }> {
  const roles = new Map<string, string>();
  for (const wf of c.var.deps.workflows.list()) for (const [id, title] of Object.entries(wf.roles)) if (!roles.has(id)) roles.set(id, title);
  roles.set(ADMIN_ROLE, 'Administrator');
  return [...roles].map(([id, title]) => ({ id, title }));
}

/**
 * The same roles for the forms, grouped: roles that several services declare (one checkbox each, naming the
 * services), then each service's own roles under its title, then the administrator's, which stands alone.
 */
function roleGroups(c: Context<AppEnv>): RoleGroup[] {
  const workflows = c.var.deps.workflows.list();
  const services = new Map<string, string[]>();
  for (const wf of workflows) {
    const staff = staffRoles(wf);
    for (const id of Object.keys(wf.roles)) if (staff.has(id)) services.set(id, [...(services.get(id) ?? []), wf.title]);
  }
  const title = new Map(allRoles(c).map((r) => [r.id, r.title]));
  const shared = [...services].filter(([, titles]) => titles.length > 1);
  const groups: RoleGroup[] = [];
  if (shared.length) {
    groups.push({
      title: 'Peran di beberapa layanan',
      roles: shared.map(([id, titles]) => ({ id, title: title.get(id)!, note: titles.length === workflows.length ? 'semua layanan' : titles.join(', ') })),
    });
  }
  for (const wf of workflows) {
    const own = Object.keys(wf.roles).filter((id) => services.get(id)?.length === 1 && services.get(id)![0] === wf.title);
    if (own.length) groups.push({ title: wf.title, roles: own.map((id) => ({ id, title: title.get(id)! })) });
  }
  groups.push({
    title: 'Pengelolaan alur',
    help: 'Akun administrator mengelola akun dan versi SOP, tidak membuka data kasus, dan tidak memegang peran layanan.',
    roles: [{ id: ADMIN_ROLE, title: 'Administrator' }],
  });
  return groups;
}

/** A single text value of a form, '' when absent. */
function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** The values of a repeated form field (checkboxes) as a list of strings. */
function listOf(value: unknown): string[] {
  return (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter((r): r is string => typeof r === 'string');
}

async function usersPage(c: Context<AppEnv>, extra: Partial<Parameters<typeof UsersPage>[0]> = {}, status: 200 | 422 = 200) {
  const { deps, user } = c.var;
  const now = deps.now();
  const users = (await accountList(deps.store, now, (s) => !sessionProblem(s, now, deps.policy))).map((u) => ({
    username: u.username,
    name: u.displayName || u.username,
    roles: u.roles,
    roleLabels: u.roles.map((r) => deps.workflows.roleTitle(r)),
    nip: u.nip,
    jabatan: u.title,
    disabled: u.disabled,
    mustChange: Boolean(u.mustChangePassword),
    // Only a change after the account was made: a new account's first password is no change.
    passwordChangedAt: u.passwordChangedAt && u.passwordChangedAt !== u.createdAt ? u.passwordChangedAt : undefined,
    sessions: u.liveSessions,
    self: u.username === user!.username,
  }));
  return renderPage(c, <UsersPage {...pageProps(c)} users={users} roleGroups={roleGroups(c)} timeZone={timeZoneOf(deps.workflows.list()[0])} {...extra} />, status);
}

export function userRoutes() {
  const app = new Hono<AppEnv>();
  app.use('/pengguna', requirePageUser());
  app.use('/pengguna/*', requirePageUser());
  const adminOnly = async (c: Context<AppEnv>, next: () => Promise<void>) => {
    if (!c.var.user!.roles.includes(ADMIN_ROLE)) return errorPage(c, 403, 'Halaman pengguna hanya untuk administrator.');
    await next();
  };
  app.use('/pengguna', adminOnly);
  app.use('/pengguna/*', adminOnly);

  app.get('/pengguna', (c) => usersPage(c));

  app.post('/pengguna', async (c) => {
    const { deps, user } = c.var;
    const { values } = await formValues(c);
    const username = typeof values.username === 'string' ? values.username.trim().toLowerCase() : '';
    const name = typeof values.name === 'string' ? values.name.trim() : '';
    const picked = listOf(values.roles);
    const known = new Set(allRoles(c).map((r) => r.id));
    const signature = signatureProblems({ name, nip: text(values.nip), jabatan: text(values.jabatan) });
    const errors: Record<string, string> = { ...signature.errors };
    const nameProblem = usernameProblem(username);
    if (nameProblem) errors.username = nameProblem;
    else if (await accountExists(deps.store, username)) errors.username = `Nama pengguna ${username} sudah dipakai.`;
    if (!picked.length) errors.roles = 'Pilih paling sedikit satu peran.';
    else if (picked.some((r) => !known.has(r))) errors.roles = 'Ada peran yang tidak dikenal.';
    else if (rolesProblem(picked)) errors.roles = rolesProblem(picked)!;
    const form = { username, name, roles: picked, nip: text(values.nip), jabatan: text(values.jabatan) };
    if (Object.keys(errors).length) return usersPage(c, { errors, values: form }, 422);
    try {
      const password = await addAccount(deps.store, { by: user!.username, now: deps.now(), username, displayName: name, roles: picked });
      if (signature.value.nip || signature.value.jabatan) await setSignature(deps.store, { by: user!.username, now: deps.now(), username, nip: signature.value.nip, jabatan: signature.value.jabatan });
      return usersPage(c, { issued: { username, password, reason: 'add' } });
    } catch (err) {
      if (err instanceof UserExistsError) return usersPage(c, { errors: { username: `Nama pengguna ${username} sudah dipakai.` }, values: form }, 422);
      throw err;
    }
  });

  /** The account named in the path, if it exists and is not the administrator's own. */
  async function target(c: Context<AppEnv>): Promise<{ username: string } | { error: Response | Promise<Response> }> {
    const username = c.req.param('username')!;
    const back = { href: '/pengguna', text: 'Daftar pengguna' };
    if (!(await accountExists(c.var.deps.store, username))) return { error: errorPage(c, 404, `Akun ${username} tidak ada.`, back) };
    if (username === c.var.user!.username) {
      return { error: errorPage(c, 409, 'Akun Anda sendiri tidak diubah dari sini (agar tidak terkunci di luar). Ganti kata sandi Anda di halaman Akun saya.', back) };
    }
    return { username };
  }

  for (const [path, disabled] of [['nonaktifkan', true], ['aktifkan', false]] as const) {
    app.post(`/pengguna/:username/${path}`, async (c) => {
      const t = await target(c);
      if ('error' in t) return t.error;
      const ended = await setDisabled(c.var.deps.store, { by: c.var.user!.username, now: c.var.deps.now(), username: t.username, disabled });
      return usersPage(c, {
        flash: { kind: 'ok', text: disabled ? `Akun ${t.username} dinonaktifkan; ${ended} sesi/token diakhiri.` : `Akun ${t.username} diaktifkan kembali.` },
      });
    });
  }

  app.post('/pengguna/:username/reset-sandi', async (c) => {
    const t = await target(c);
    if ('error' in t) return t.error;
    const { password } = await resetPassword(c.var.deps.store, { by: c.var.user!.username, now: c.var.deps.now(), username: t.username });
    return usersPage(c, { issued: { username: t.username, password, reason: 'reset' } });
  });

  // Name, NIP and jabatan: also of the administrator's own account (nothing here can lock them out).
  app.post('/pengguna/:username/profil', async (c) => {
    const { deps, user } = c.var;
    const username = c.req.param('username');
    if (!(await accountExists(deps.store, username))) return errorPage(c, 404, `Akun ${username} tidak ada.`, { href: '/pengguna', text: 'Daftar pengguna' });
    const { values } = await formValues(c);
    const given = { name: text(values.name), nip: text(values.nip), jabatan: text(values.jabatan) };
    const checked = signatureProblems(given);
    if (Object.keys(checked.errors).length) {
      return usersPage(c, { flash: { kind: 'error', text: `Data tanda tangan ${username} belum diubah; periksa isiannya.` }, profileEdit: { username, values: given, errors: checked.errors } }, 422);
    }
    const { changed } = await setSignature(deps.store, { by: user!.username, now: deps.now(), username, ...checked.value });
    return usersPage(c, { flash: changed.length ? { kind: 'ok', text: `Nama, jabatan dan NIP ${username} tersimpan; surat yang terbit berikutnya memakainya.` } : { kind: 'info', text: `Data tanda tangan ${username} tidak berubah.` } });
  });

  app.post('/pengguna/:username/peran', async (c) => {
    const t = await target(c);
    if ('error' in t) return t.error;
    const { deps, user } = c.var;
    const { values } = await formValues(c);
    const picked = listOf(values.roles);
    const titles = (roles: string[]) => roles.map((r) => deps.workflows.roleTitle(r)).join(', ');
    try {
      const done = await changeRoles(deps.store, { by: user!.username, now: deps.now(), username: t.username, roles: picked, known: allRoles(c).map((r) => r.id) });
      return usersPage(c, {
        flash: done.changed
          ? { kind: 'ok', text: `Peran akun ${t.username} diubah: ${titles(done.before)} → ${titles(done.after)}. Berlaku segera, juga untuk sesi dan token yang sedang dipakainya.` }
          : { kind: 'info', text: `Peran akun ${t.username} tidak berubah (${titles(done.after)}).` },
      });
    } catch (err) {
      if (!(err instanceof RolesRefusedError)) throw err;
      return usersPage(c, { flash: { kind: 'error', text: `Peran akun ${t.username} belum diubah: ${err.message}` }, rolesEdit: { username: t.username, roles: picked, error: err.message } }, 422);
    }
  });

  return app;
}
