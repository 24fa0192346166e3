/** The administrator's test bench: the seed with its scenario file beside it, signed in as admin; page text helpers. */
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeBench, type Bench } from '../helpers.ts';

export const ID = 'respon-kasus-anak';
export const BASE = `/admin/layanan/${ID}`;

/** A bench whose workflows folder holds the seed and its scenarios, and the admin's session cookie. */
export async function adminBench(): Promise<{ b: Bench; admin: string }> {
  const b = await makeBench();
  await copyFile(new URL('../../../workflows/respon-kasus-anak.scenarios.yaml', import.meta.url), join(b.dir, 'workflows', 'respon-kasus-anak.scenarios.yaml'));
  return { b, admin: await b.login('admin') };
}

/** A page's words without tags, quotes unescaped, spaces folded. */
export const pageText = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/\s+/g, ' ');
