/**
 * A case's letter: the page (/kasus/ID/dokumen), its PDF (/kasus/ID/surat.pdf), revoking it
 * (/kasus/ID/dokumen/cabut), and the public check of a letter by its code (/verifikasi/CODE, also as JSON at
 * /api/v1/verifikasi/CODE) that shows only its number, date, service, signer and whether it is still valid.
 */
import { Hono, type Context } from 'hono';
import { DocumentPage } from '../../templates/document.tsx';
import { letterPdf, qrSvg } from '../../templates/letter-pdf.ts';
import { VerifyPage } from '../../templates/verify.tsx';
import { recordAudit } from '../audit/record.ts';
import { requirePageUser } from '../auth/middleware.ts';
import { clientAddress, expectedOrigin } from '../security/client.ts';
import { openCase, viewRecord, type OpenedCase } from '../usecases/casework.ts';
import { checkLetter, letterFileName, letterOfCase, mayRevoke, normalizeLetterCode, printable, reissueLetter, revokeLetter, verifyPath, type IssuedLetter } from '../usecases/letters.ts';
import { displayNames } from '../usecases/people.ts';
import type { AppEnv } from './env.ts';
import { errorPage, formValues, pageProps, redirectAfterPost, renderPage } from './render.ts';
import { timeZoneOf } from './views.ts';

/** Where the public reaches the app: as configured, else as this request came in. */
function baseUrl(c: Context<AppEnv>): string {
  return c.var.deps.publicUrl ?? expectedOrigin(c);
}

/** The case (as the viewer may open it) and its letter, or the page that says why there is none. */
async function caseLetter(c: Context<AppEnv>): Promise<{ opened: OpenedCase; letter: IssuedLetter } | { error: Response }> {
  const { deps, user } = c.var;
  const opened = await openCase(deps, c.req.param('id')!, user!);
  if (!opened.ok) return { error: await errorPage(c, opened.status, opened.error) };
  const { case: k, pinned: wf } = opened.value;
  const letter = await letterOfCase(deps, k.id);
  if (!letter) {
    const back = { href: `/kasus/${k.id}`, text: `Kembali ke kasus ${k.id}` };
    const outcome = wf.outcomes.find((o) => o.id === k.outcome);
    const why =
      k.status !== 'closed'
        ? 'Surat baru terbit saat kasus selesai dengan hasil yang menerbitkannya.'
        : outcome?.letter || outcome?.product
          ? `Kasus ini selesai sebelum surat ${outcome.letter?.title ?? wf.products[0] ?? ''} diterbitkan aplikasi, sehingga belum bernomor; buat suratnya di luar aplikasi.`
          : `Hasil "${outcome?.label ?? k.outcome}" tidak menerbitkan surat.`;
    return { error: await errorPage(c, 409, why, back) };
  }
  return { opened: opened.value, letter };
}

async function documentPage(
  c: Context<AppEnv>,
  found: { opened: OpenedCase; letter: IssuedLetter },
  revokeForm?: { error?: string; reason?: string },
  status: 200 | 403 | 409 | 422 = 200,
  reissueError?: string,
) {
  const { deps, user } = c.var;
  const { opened, letter } = found;
  const wf = opened.pinned;
  const content = printable(letter, baseUrl(c));
  const names = await displayNames(deps);
  // The page shows an identity only when the letter is for the family itself.
  c.set('viewed', viewRecord(opened, content.family));
  const flash =
    c.req.query('dicabut') === '1' && letter.revoked
      ? { kind: 'ok' as const, text: `Surat ${letter.number} dicabut dan tercatat di log audit.` }
      : c.req.query('diganti') === '1' && letter.replaces
        ? { kind: 'ok' as const, text: `Surat pengganti ${letter.number} terbit; surat ${letter.replaces.number} tetap dicabut. Keduanya tercatat di log audit.` }
        : undefined;
  const may = mayRevoke(wf, letter, user!);
  return renderPage(
    c,
    <DocumentPage
      {...pageProps(c)}
      flash={flash}
      letter={content}
      qrSvg={await qrSvg(content.verifyUrl)}
      caseId={opened.case.id}
      pdfHref={`/kasus/${opened.case.id}/surat.pdf`}
      revoked={letter.revoked ? { at: letter.revoked.at, byName: names(letter.revoked.by), reason: letter.revoked.reason } : undefined}
      revoke={may ? { action: `/kasus/${opened.case.id}/dokumen/cabut`, ...revokeForm } : undefined}
      reissue={may && letter.revoked && !letter.replacedBy ? { action: `/kasus/${opened.case.id}/dokumen/ganti` } : undefined}
      reissueError={reissueError}
      replaces={letter.replaces?.number}
      timeZone={timeZoneOf(wf)}
    />,
    status,
  );
}


export function letterRoutes() {
  const app = new Hono<AppEnv>();
  app.use('/kasus/:id/dokumen', requirePageUser());
  app.use('/kasus/:id/dokumen/*', requirePageUser());
  app.use('/kasus/:id/surat.pdf', requirePageUser());

  app.get('/kasus/:id/dokumen', async (c) => {
    const found = await caseLetter(c);
    if ('error' in found) return found.error;
    return documentPage(c, found);
  });

  app.get('/kasus/:id/surat.pdf', async (c) => {
    const found = await caseLetter(c);
    if ('error' in found) return found.error;
    const { letter, opened } = found;
    const pdf = await letterPdf(printable(letter, baseUrl(c)), { revoked: Boolean(letter.revoked) });
    await recordAudit(c.var.deps.store, {
      at: c.var.deps.now().toISOString(),
      actor: c.var.user!.username,
      action: 'letter.download',
      caseId: opened.case.id,
      address: clientAddress(c),
      details: { number: letter.number, code: letter.code },
    });
    return c.body(new Uint8Array(pdf), 200, {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="${letterFileName(letter)}"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
  });

  app.post('/kasus/:id/dokumen/cabut', async (c) => {
    const found = await caseLetter(c);
    if ('error' in found) return found.error;
    const { values } = await formValues(c);
    const reason = typeof values.alasan === 'string' ? values.alasan : '';
    const done = await revokeLetter(c.var.deps, { caseId: found.opened.case.id, wf: found.opened.pinned, actor: c.var.user!, reason });
    if (!done.ok) {
      if (done.status === 403) return errorPage(c, 403, done.error, { href: `/kasus/${found.opened.case.id}/dokumen`, text: 'Kembali ke surat' });
      const status = done.status === 422 ? 422 : 409;
      return documentPage(c, { ...found, letter: (await letterOfCase(c.var.deps, found.opened.case.id)) ?? found.letter }, { error: done.error, reason }, status);
    }
    return redirectAfterPost(c, `/kasus/${found.opened.case.id}/dokumen?dicabut=1`);
  });

  app.post('/kasus/:id/dokumen/ganti', async (c) => {
    const found = await caseLetter(c);
    if ('error' in found) return found.error;
    await formValues(c);
    const id = found.opened.case.id;
    const done = await reissueLetter(c.var.deps, { caseId: id, wf: found.opened.pinned, actor: c.var.user! });
    if (!done.ok) {
      if (done.status === 403) return errorPage(c, 403, done.error, { href: `/kasus/${id}/dokumen`, text: 'Kembali ke surat' });
      return documentPage(c, { ...found, letter: (await letterOfCase(c.var.deps, id)) ?? found.letter }, undefined, 409, done.error);
    }
    return redirectAfterPost(c, `/kasus/${id}/dokumen?diganti=1`);
  });

  // ---- Public: anyone holding the letter checks it, without an account and without seeing the case. ----
  app.get('/verifikasi', async (c) => {
    const typed = c.req.query('kode');
    if (typed !== undefined) {
      const code = normalizeLetterCode(typed);
      if (code) return c.redirect(verifyPath(code), 303);
      return renderPage(c, <VerifyPage {...pageProps(c)} typed={typed} error="Kode verifikasi terdiri dari 12 huruf dan angka, seperti tercetak di bawah kode QR surat." />, 400);
    }
    return renderPage(c, <VerifyPage {...pageProps(c)} />);
  });

  app.get('/verifikasi/:code', async (c) => {
    const code = c.req.param('code');
    const done = await checkLetter(c.var.deps, code, clientAddress(c));
    c.header('Cache-Control', 'no-store');
    c.header('Referrer-Policy', 'no-referrer');
    if (!done.ok) {
      if (done.retryAfter) c.header('Retry-After', String(done.retryAfter));
      return renderPage(c, <VerifyPage {...pageProps(c)} typed={code.slice(0, 40)} error={done.error} />, done.status === 429 ? 429 : done.status === 400 ? 400 : 404);
    }
    return renderPage(c, <VerifyPage {...pageProps(c)} typed={code} result={done.value} />);
  });

  app.get('/api/v1/verifikasi/:code', async (c) => {
    const done = await checkLetter(c.var.deps, c.req.param('code'), clientAddress(c));
    c.header('Cache-Control', 'no-store');
    if (!done.ok) {
      if (done.retryAfter) c.header('Retry-After', String(done.retryAfter));
      return c.json({ error: done.error }, done.status === 429 ? 429 : done.status === 400 ? 400 : 404);
    }
    const v = done.value;
    return c.json({ number: v.number, date: v.date, service: v.service, signer: { name: v.signerName, title: v.signerTitle }, valid: v.valid, status: v.valid ? 'berlaku' : 'dicabut', ...(v.replacedBy ? { replacedBy: v.replacedBy } : {}) });
  });

  return app;
}
