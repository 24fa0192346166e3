/**
 * What `alur serve --production` requires before it listens: the README's production recipe, checked rather than
 * hoped for. alur does not speak TLS itself, so in production it sits on loopback behind a reverse proxy that does
 * (Caddy, nginx), trusts that proxy's X-Forwarded-* headers, and marks its cookies Secure. Every unmet point is
 * reported at once, in Indonesian, with what to change.
 */
import { statSync } from 'node:fs';

export interface ServeSetup {
  host: string;
  demo: boolean;
  secureCookies: boolean;
  trustProxy: boolean;
  dataDir: string;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** The checks, in the order the help text lists them. */
export const PRODUCTION_CHECKS = [
  'bukan mode demo (--demo ditolak)',
  'alamat dengar loopback (127.0.0.1 atau ::1): klien masuk hanya lewat reverse proxy HTTPS',
  '--trust-proxy: alamat klien dan HTTPS dibaca dari X-Forwarded-For/-Proto yang diisi proxy',
  '--secure-cookies: cookie sesi hanya dikirim lewat HTTPS',
  'folder data tidak dapat dibaca pengguna lain (mode 0700 atau lebih ketat)',
];

/** Every reason this setup is not the production recipe (empty: it is). */
export function productionProblems(setup: ServeSetup): string[] {
  const problems: string[] = [];
  if (setup.demo) problems.push('mode demo memakai kata sandi yang diumumkan: jalankan tanpa --demo.');
  if (!isLoopback(setup.host)) {
    problems.push(`alamat dengar ${setup.host} dapat dihubungi dari jaringan lewat HTTP biasa: pakai --host 127.0.0.1 dan layani lewat reverse proxy HTTPS (lihat README, Keamanan).`);
  }
  if (!setup.trustProxy) problems.push('--trust-proxy tidak diberikan: tanpa itu alamat klien (pembatasan masuk, log audit) adalah alamat proxy. Tambahkan --trust-proxy (atau ALUR_TRUST_PROXY=1).');
  if (!setup.secureCookies) problems.push('--secure-cookies tidak diberikan: cookie sesi harus ditandai Secure. Tambahkan --secure-cookies (atau ALUR_SECURE_COOKIES=1).');
  try {
    const mode = statSync(setup.dataDir).mode & 0o777;
    if (mode & 0o077) problems.push(`folder data ${setup.dataDir} dapat dibaca pengguna lain (mode ${mode.toString(8).padStart(4, '0')}): jalankan chmod 700 ${setup.dataDir}.`);
  } catch {
    // A folder not made yet is created 0700 by the store.
  }
  return problems;
}
