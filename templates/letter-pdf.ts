/**
 * A letter (engine/letter.ts LetterContent) as a PDF, rendered on the server with pdfmake: A4, the office's
 * letterhead, title and number, addressee, body, the fields it carries, and the signature block (date line,
 * jabatan, name, NIP) beside the QR code of its check page, kept together on one page. Times, one of the PDF
 * standard fonts, needs no font file; pdfmake may read nothing else from disk or the network.
 */
import { createRequire } from 'node:module';
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import QRCode from 'qrcode';
import type { LetterContent } from '../engine/letter.ts';

type PdfMake = typeof import('pdfmake');

const STANDARD_FONTS = new Set(['Times-Roman', 'Times-Bold', 'Times-Italic', 'Times-BoldItalic']);

let printer: PdfMake | undefined;
function pdfmake(): PdfMake {
  if (!printer) {
    printer = createRequire(import.meta.url)('pdfmake') as PdfMake;
    printer.setFonts({ Times: { normal: 'Times-Roman', bold: 'Times-Bold', italics: 'Times-Italic', bolditalics: 'Times-BoldItalic' } });
    printer.setUrlAccessPolicy(() => false);
    printer.setLocalAccessPolicy((path) => STANDARD_FONTS.has(path));
  }
  return printer;
}

/** The QR code of the check page as SVG (also for the print page). */
export function qrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
}

export interface LetterPdfOptions {
  /** A revoked letter is still printed for the file, marked as revoked across every page. */
  revoked?: boolean;
}

/** A paragraph as inline pieces, the case and letter numbers among them never broken at their hyphens. */
function unbroken(text: string, keep: string[]): string | Array<{ text: string; noWrap?: boolean }> {
  const words = keep.filter((k) => k && text.includes(k));
  if (!words.length) return text;
  const pattern = new RegExp(`(${words.map((w) => w.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})`);
  return text
    .split(pattern)
    .filter(Boolean)
    .map((piece) => (words.includes(piece) ? { text: piece, noWrap: true } : { text: piece }));
}

function definition(letter: LetterContent, qr: string, options: LetterPdfOptions): TDocumentDefinitions {
  const h = letter.header;
  const keep = [letter.caseId, letter.number];
  const content: Content[] = [
    { text: h.government.toUpperCase(), style: 'gov' },
    { text: h.agency.toUpperCase(), style: 'agency' },
    { text: h.address, style: 'address' },
    ...(h.contact ? [{ text: h.contact, style: 'address' }] : []),
    {
      canvas: [
        { type: 'line', x1: 0, y1: 4, x2: 451, y2: 4, lineWidth: 2 },
        { type: 'line', x1: 0, y1: 7, x2: 451, y2: 7, lineWidth: 0.5 },
      ],
      margin: [0, 0, 0, 14],
    },
    { text: letter.title.toUpperCase(), style: 'title' },
    { text: `Nomor: ${letter.number}`, style: 'number' },
    {
      columns: [
        {
          width: '*',
          stack: [{ text: 'Kepada Yth.' }, ...letter.addressee.map((l) => ({ text: l, bold: l === letter.addressee[0] }))],
        },
      ],
      margin: [0, 0, 0, 10],
    },
    ...(letter.subject
      ? [
          {
            table: { widths: [48, 8, '*'], body: [['Perihal', ':', { text: unbroken(letter.subject, keep), bold: true }]] },
            layout: 'noBorders',
            margin: [0, 0, 0, 10] as [number, number, number, number],
          },
        ]
      : []),
    // The first paragraph introduces; the fields the texts do not name follow it as a table; then the rest.
    ...letter.paragraphs.slice(0, 1).map((p) => ({ text: unbroken(p, keep), style: 'body' })),
    ...(letter.facts.length
      ? [
          {
            table: { widths: [150, 8, '*'], body: letter.facts.map((f) => [f.label, ':', f.text]) },
            layout: 'noBorders',
            margin: [18, 0, 0, 10] as [number, number, number, number],
          },
        ]
      : []),
    ...letter.paragraphs.slice(1).map((p) => ({ text: unbroken(p, keep), style: 'body' })),
    {
      // Never split: the date line, jabatan, name and NIP stay together (with the QR code), on the next page if need be.
      unbreakable: true,
      margin: [0, 12, 0, 0],
      columns: [
        {
          width: 150,
          stack: [
            { svg: qr, width: 92 },
            { text: 'Periksa keaslian surat:', style: 'small', margin: [0, 4, 0, 0] },
            { text: letter.verifyUrl, style: 'small' },
            { text: `Kode: ${letter.code}`, style: 'small', bold: true },
          ],
        },
        { width: '*', text: '' },
        {
          width: 220,
          stack: [
            { text: letter.dateLine },
            { text: `${letter.signer.jabatan},`, margin: [0, 2, 0, 0] },
            { text: ' ', margin: [0, 0, 0, 54] },
            { text: letter.signer.name || `(${letter.signer.roleTitle}: akun penanda tangan belum ada)`, bold: true, decoration: letter.signer.name ? 'underline' : undefined },
            ...(letter.signer.nip ? [{ text: `NIP. ${letter.signer.nip}` }] : []),
          ],
        },
      ],
    },
  ];
  return {
    pageSize: 'A4',
    pageMargins: [72, 48, 72, 56],
    info: { title: `${letter.title} ${letter.number}`, subject: letter.service, creator: 'alur' },
    defaultStyle: { font: 'Times', fontSize: 11.5, lineHeight: 1.2 },
    styles: {
      gov: { fontSize: 13, bold: true, alignment: 'center' },
      agency: { fontSize: 12, bold: true, alignment: 'center' },
      address: { fontSize: 9.5, alignment: 'center' },
      title: { fontSize: 13, bold: true, alignment: 'center', decoration: 'underline' },
      number: { alignment: 'center', margin: [0, 2, 0, 14] },
      body: { alignment: 'justify', margin: [0, 0, 0, 8] },
      small: { fontSize: 8.5 },
    },
    ...(options.revoked ? { watermark: { text: 'DICABUT', color: '#b00020', opacity: 0.25, bold: true } } : {}),
    footer: (page: number, pages: number) =>
      pages > 1 ? { text: `${letter.title} ${letter.number} · halaman ${page} dari ${pages}`, alignment: 'center', fontSize: 8.5, margin: [0, 20, 0, 0] } : { text: '' },
    content,
  };
}

/** The letter as PDF bytes. */
export async function letterPdf(letter: LetterContent, options: LetterPdfOptions = {}): Promise<Buffer> {
  const qr = await qrSvg(letter.verifyUrl);
  const doc = pdfmake().createPdf(definition(letter, qr, options));
  return (await doc.getBuffer()) as Buffer;
}
