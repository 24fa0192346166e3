/** Estimated width of text in the diagram's sans-serif font, and word wrapping to a width (no browser on the server). */

/** Advance widths in 1/1000 em of a Helvetica-metric sans-serif (Liberation Sans, Arial), by character class. */
function charWidth(ch: string): number {
  if (/[ijlI.,:;'!|]/.test(ch)) return 260;
  if (/[ftr()\-\/ ]/.test(ch)) return 330;
  if (/[mwMW]/.test(ch)) return 860;
  if (/[A-Z]/.test(ch)) return 690;
  if (/[0-9a-z]/.test(ch)) return 556;
  return 600;
}

export function textWidth(text: string, fontSize: number): number {
  let total = 0;
  for (const ch of text) total += charWidth(ch);
  return (total / 1000) * fontSize;
}

/** Greedy word wrap; a single word longer than the width stays whole on its own line. */
export function wrapText(text: string, maxWidth: number, fontSize: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && textWidth(candidate, fontSize) > maxWidth) {
      lines.push(line);
      line = word;
    } else line = candidate;
  }
  if (line) lines.push(line);
  return lines;
}
