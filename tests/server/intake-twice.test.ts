/** A slow line: the same intake form sent twice (double tap, resent post) starts one case; other values start their own. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfOf, directIntake, FORM, formBody, makeBench, type Bench } from './helpers.ts';

let b: Bench;
let fo: string;

beforeAll(async () => {
  b = await makeBench();
  fo = await b.login('front_office');
});
afterAll(() => b.close());

/** Opens the intake form and returns the value that marks this opened form. */
async function openForm(cookie = fo): Promise<string> {
  const html = await (await b.app.request('/lapor/respon-kasus-anak', { headers: { cookie } })).text();
  return /name="_kirim" value="([^"]+)"/.exec(html)![1]!;
}

function send(nonce: string | undefined, data: Record<string, unknown>, cookie = fo, htmx = false) {
  return b.app.request('/lapor/respon-kasus-anak', {
    method: 'POST',
    headers: { ...FORM, cookie, ...(htmx ? { 'hx-request': 'true' } : {}) },
    body: formBody({ _csrf: csrfOf(cookie), ...(nonce ? { _kirim: nonce } : {}), ...data }),
  });
}

const caseOf = (res: Response) => (res.headers.get('location') ?? res.headers.get('hx-redirect'))?.match(/\/kasus\/([^?]+)/)?.[1];

describe('intake sent twice', () => {
  it('gives every opened form its own value', async () => {
    const a = await openForm();
    expect(a).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(await openForm()).not.toBe(a);
  });

  it('starts one case when the same form arrives twice at once or one after the other, and shows both the same case', async () => {
    const before = await b.store.cases.count();
    const nonce = await openForm();
    const data = directIntake({ kronologi: 'Dikirim dua kali karena sinyal lemah.' });
    const [one, two] = await Promise.all([send(nonce, data), send(nonce, data, fo, true)]);
    const three = await send(nonce, data);
    expect(one.status).toBe(303);
    expect(two.status).toBe(200);
    expect(three.status).toBe(303);
    const id = caseOf(one);
    expect(id).toBeDefined();
    expect(caseOf(two)).toBe(id);
    expect(caseOf(three)).toBe(id);
    expect(await b.store.cases.count()).toBe(before + 1);
  });

  it('starts a new case for other values, another form, another clerk, or a form without the value', async () => {
    const before = await b.store.cases.count();
    const nonce = await openForm();
    const first = caseOf(await send(nonce, directIntake()));
    const changed = caseOf(await send(nonce, directIntake({ kronologi: 'Isi lain pada formulir yang sama.' })));
    const other = caseOf(await send(await openForm(), directIntake()));
    const fo2 = await b.login('fo2');
    const colleague = caseOf(await send(nonce, directIntake(), fo2));
    const plain = caseOf(await send(undefined, directIntake()));
    const ids = [first, changed, other, colleague, plain];
    expect(ids.every(Boolean)).toBe(true);
    expect(new Set(ids).size).toBe(5);
    expect(await b.store.cases.count()).toBe(before + 5);
  });

  it('lets a refused form be corrected and sent with the same value, and keeps the value in the form shown again', async () => {
    const nonce = await openForm();
    const refused = await send(nonce, directIntake({ kronologi: '' }));
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain(`name="_kirim" value="${nonce}"`);
    const again = await send(nonce, directIntake({ kronologi: '' }));
    expect(again.status).toBe(422);
    const fixed = await send(nonce, directIntake());
    expect(fixed.status).toBe(303);
  });
});
