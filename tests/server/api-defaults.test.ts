/**
 * The API applies field defaults as the forms do: a report sent without `diterima_pada` (`default: now`) is taken
 * with the office's time of the request, as the page's form would have opened with it; a value sent, even an
 * empty one, is the sender's and is checked as such.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { directIntake, makeBench, type Bench } from './helpers.ts';

let b: Bench;
let token: string;

beforeEach(async () => {
  b = await makeBench();
  token = await b.token('front_office');
});
afterEach(() => b.close());

const start = (data: Record<string, unknown>) =>
  b.app.request('/api/v1/cases', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ workflow: 'respon-kasus-anak', data }) });

describe('field defaults through the API', () => {
  it('fills a field left out with its default, in office time', async () => {
    const { diterima_pada: _, ...rest } = directIntake();
    const res = await start(rest);
    expect(res.status).toBe(201);
    const id = ((await res.json()) as { id: string }).id;
    // The bench's clock reads 2026-11-30T02:00Z: 09:00 in Asia/Jakarta.
    expect((await b.store.cases.get(id))!.data.diterima_pada).toBe('2026-11-30T09:00');
  });

  it('keeps a value sent, and an empty one is refused as the form refuses it', async () => {
    const res = await start(directIntake({ diterima_pada: '' }));
    expect(res.status).toBe(422);
    expect(((await res.json()) as { fields: Record<string, string> }).fields.diterima_pada).toBe('Wajib diisi.');
    const given = await start(directIntake({ diterima_pada: '2026-11-29T15:30' }));
    expect(given.status).toBe(201);
  });
});
