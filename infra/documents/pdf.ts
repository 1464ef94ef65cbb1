// What every PDF of the ledger shares: pdfkit with DejaVu Sans embedded (from the npm
// package dejavu-fonts-ttf, so å, ä, ö and every other character the ledger stores are
// drawn and extractable as text — the standard PDF fonts hold only Latin-1 glyphs without
// a Unicode map), the document's language and title, page numbers, and the bytes.
import { createRequire } from 'node:module';
import path from 'node:path';
import PDFDocument from 'pdfkit';

const require = createRequire(import.meta.url);
const FONT_DIR = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');

export const REGULAR = 'DejaVu';
export const BOLD = 'DejaVu-Bold';

export interface PdfOptions {
  title: string;
  subject: string;
  layout?: 'portrait' | 'landscape';
}

export function newPdf(options: PdfOptions): PDFKit.PDFDocument {
  const doc = new PDFDocument({
    size: 'A4',
    layout: options.layout ?? 'portrait',
    margins: { top: 56, bottom: 56, left: 62, right: 62 },
    bufferPages: true,
    lang: 'sv-SE',
    displayTitle: true,
    info: { Title: options.title, Subject: options.subject, Creator: 'grant-ledger' },
  });
  doc.registerFont(REGULAR, path.join(FONT_DIR, 'DejaVuSans.ttf'));
  doc.registerFont(BOLD, path.join(FONT_DIR, 'DejaVuSans-Bold.ttf'));
  doc.font(REGULAR).fontSize(10.5);
  return doc;
}

/** "Sida 1 av 3" and a label at the foot of every page, drawn once all pages exist. */
function numberPages(doc: PDFKit.PDFDocument, label: string): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    // Writing inside the bottom margin would start a new page; lift it while the foot is drawn.
    doc.page.margins.bottom = 0;
    const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
    doc
      .font(REGULAR)
      .fontSize(8)
      .fillColor('#555555')
      .text(
        `${label} · Sida ${i + 1} av ${range.count}`,
        doc.page.margins.left,
        doc.page.height - 36,
        {
          width,
          align: 'center',
          lineBreak: false,
        },
      );
    doc.page.margins.bottom = bottom;
  }
}

/** Ends the document and resolves with its bytes. */
export function pdfBytes(doc: PDFKit.PDFDocument, footLabel: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    numberPages(doc, footLabel);
    doc.end();
  });
}

/** The width text may take between the margins. */
export const textWidth = (doc: PDFKit.PDFDocument): number =>
  doc.page.width - doc.page.margins.left - doc.page.margins.right;
