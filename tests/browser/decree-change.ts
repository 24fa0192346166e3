/**
 * The Respon Kasus Anak decree change (step 7 to the Sekretaris, 2 days to complete, a sixth requirement) done
 * in the SOP editor as an administrator would: with the structured form only, or in the raw YAML text. Each
 * route counts the clicks and keystrokes a person makes, for the browser test and for `npm run bench -- editor`.
 */
import type { Page } from 'playwright-core';

export const NEW_REQUIREMENT = 'Surat pengantar dari desa / kelurahan';

/** Clicks and keystrokes of one route; a picker is two clicks (open, choose), a double click two. */
export class Effort {
  clicks = 0;
  keys = 0;
  constructor(readonly page: Page) {}
  async click(selector: string): Promise<void> {
    this.clicks++;
    await this.page.click(selector);
  }
  async pick(selector: string, value: string): Promise<void> {
    this.clicks += 2;
    await this.page.selectOption(selector, value);
  }
  /** Replaces what a box holds: select all (one key) and type. */
  async fill(selector: string, text: string): Promise<void> {
    this.keys += 1 + text.length;
    await this.page.fill(selector, text);
  }
  async press(selector: string, key: string): Promise<void> {
    this.keys++;
    await this.page.press(selector, key);
  }
  /** Keystroke-level estimate of a person's time: 1.1 s to point and click, 0.28 s a keystroke (Card, Moran, Newell). */
  seconds(): number {
    return Math.round((this.clicks * 1.1 + this.keys * 0.28) * 10) / 10;
  }
}

const textValue = (page: Page) => page.inputValue('#sumber');

async function waitForText(page: Page, needle: string): Promise<void> {
  await page.waitForFunction((n) => (document.getElementById('sumber') as HTMLTextAreaElement).value.includes(n), needle);
}

/** Unfolds a section of the Formulir SOP and waits for its inputs. */
async function unfold(e: Effort, section: string, input: string): Promise<void> {
  await e.click(`#${section} > summary`);
  await e.page.locator(input).waitFor();
}

/** The decree change with the structured form only (JavaScript on: each change is written when the input is left). */
export async function structuredDecreeChange(e: Effort): Promise<void> {
  const page = e.page;
  await unfold(e, 'bagian-steps--arahan-kepala-dinas', '#u-steps-arahan-kepala-dinas-role');
  await e.pick('#u-steps-arahan-kepala-dinas-role', 'sekretaris');
  await page.locator('#kode .nomor-baris .ubah').first().waitFor();
  await unfold(e, 'bagian-completion', '#u-completion-duration-n');
  await e.fill('#u-completion-duration-n', '2');
  await e.press('#u-completion-duration-n', 'Tab');
  await waitForText(page, 'duration: P2D');
  await unfold(e, 'bagian-requirements', '#u-requirements-baru');
  await e.fill('#u-requirements-baru', NEW_REQUIREMENT);
  await e.press('#u-requirements-baru', 'Enter');
  await waitForText(page, `label: ${NEW_REQUIREMENT} }`);
}

/** The one-click mends the warnings offer for the texts that still name the Kepala Dinas. */
export async function mendStaleTexts(e: Effort): Promise<number> {
  let mended = 0;
  for (;;) {
    const button = e.page.locator('#perubahan .peringatan button[value^="ganti:"]').first();
    if (!(await button.count())) return mended;
    const value = (await button.getAttribute('value'))!;
    await e.click(`#perubahan .peringatan button[value="${value}"]`);
    await e.page.waitForFunction((v) => !document.querySelector(`#perubahan button[value="${v}"]`), value);
    mended++;
  }
}

/** Puts the caret on `find` (the first occurrence after `after`) as a person would with the browser's find (Ctrl+F). */
async function findInText(e: Effort, find: string, after: string, select: boolean, query = find): Promise<void> {
  e.keys += 1 + query.length + 2; // Ctrl+F, the words looked for, Enter, Esc
  await e.page.evaluate(
    ([f, a, s]) => {
      const t = document.getElementById('sumber') as HTMLTextAreaElement;
      const at = t.value.indexOf(f as string, t.value.indexOf(a as string));
      t.focus();
      t.setSelectionRange(s ? at : at + (f as string).length, at + (f as string).length);
    },
    [find, after, select] as const,
  );
}

async function typeInText(e: Effort, text: string): Promise<void> {
  e.keys += text.length;
  await e.page.keyboard.type(text);
}

/** The same decree change typed into the YAML text (the line to find, the word selected by a double click, the new text typed). */
export async function rawDecreeChange(e: Effort, options: { mend: boolean }): Promise<void> {
  const page = e.page;
  await findInText(e, 'kepala_dinas', '- id: arahan-kepala-dinas', true, 'Memberikan arahan');
  e.clicks += 2; // double click on the role
  await typeInText(e, 'sekretaris');
  await findInText(e, 'P1D', 'completion:', true);
  e.clicks += 2;
  await typeInText(e, 'P2D');
  await findInText(e, '1', '  text: 1 Hari', true, '1 Hari');
  e.clicks += 2;
  await typeInText(e, '2');
  // After the last requirement: End of its text line, Enter, the two new lines with their indentation.
  await findInText(e, 'text: Fotocopy KTP / KK', 'requirements:', false, 'Fotocopy KTP');
  e.keys += 2;
  await typeInText(e, `\n  - id: surat-pengantar\n    text: ${NEW_REQUIREMENT}`);
  // And its line in the intake's checklist of documents received.
  await findInText(e, '- { value: ktp-kk, label: Fotocopy KTP / KK }', 'name: dokumen_diterima', false, 'value: ktp-kk');
  e.keys += 1;
  await typeInText(e, `\n          - { value: surat-pengantar, label: ${NEW_REQUIREMENT} }`);
  if (options.mend) {
    // The four texts that still name the Kepala Dinas: found by their words, the name selected and typed over.
    for (const [after, query] of [
      ['- id: arahan-kepala-dinas', 'Kepala Dinas memberikan'],
      ['dan diteruskan ke', 'diteruskan ke Kepala Dinas'],
      ['label: diteruskan ke', 'diteruskan ke Kepala Dinas'],
      ['label: "Sesuai, teruskan ke', 'teruskan ke Kepala Dinas'],
    ] as const) {
      await findInText(e, 'Kepala Dinas', after, true, query);
      e.keys += 2; // Shift+Ctrl+Right twice selects the two words
      await typeInText(e, 'Sekretaris');
    }
  }
  await page.locator('#pemeriksaan', { hasText: 'Sah' }).waitFor();
  await waitForText(page, 'role: sekretaris');
}

export { textValue };
