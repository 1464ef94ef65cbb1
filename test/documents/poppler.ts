// Reading the PDFs back as a person's tools would: pdftotext for the text, pdffonts for the
// embedded fonts, pdftoppm for a picture of a page (Debian's poppler-utils, installed by
// .ci/run). Without poppler the suites that need it are skipped, and say why.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const ARTIFACTS = path.join(ROOT, 'test-artifacts');

function hasTool(name: string): boolean {
  try {
    execFileSync(name, ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export const POPPLER = hasTool('pdftotext') && hasTool('pdftoppm') && hasTool('pdffonts');
if (!POPPLER) {
  console.warn('SKIPPED: the PDF suites need poppler-utils (pdftotext, pdftoppm, pdffonts)');
}

function withFile<T>(pdf: Buffer, work: (file: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grant-ledger-pdf-'));
  const file = path.join(dir, 'document.pdf');
  try {
    fs.writeFileSync(file, pdf);
    return work(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The PDF's text as pdftotext extracts it, lines joined by single spaces. */
export function pdfText(pdf: Buffer): string {
  const text = withFile(pdf, (file) =>
    execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }),
  );
  return text.replace(/\s+/g, ' ');
}

/** pdffonts' rows: name, and whether each font is embedded and has a Unicode map. */
export function pdfFonts(pdf: Buffer): { name: string; embedded: boolean; unicode: boolean }[] {
  const out = withFile(pdf, (file) => execFileSync('pdffonts', [file], { encoding: 'utf8' }));
  return out
    .split('\n')
    .slice(2)
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const columns = line.trim().split(/\s+/);
      const [emb, , uni] = columns.slice(-5, -2);
      return { name: columns[0]!, embedded: emb === 'yes', unicode: uni === 'yes' };
    });
}

/** Page `page` drawn to test-artifacts/<name>.png at 100 dpi; returns the PNG's path. */
export function renderPage(pdf: Buffer, name: string, page = 1): string {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const prefix = path.join(ARTIFACTS, name);
  withFile(pdf, (file) =>
    execFileSync('pdftoppm', [
      '-png',
      '-r',
      '100',
      '-f',
      `${page}`,
      '-l',
      `${page}`,
      '-singlefile',
      file,
      prefix,
    ]),
  );
  return `${prefix}.png`;
}

/** Whether the bytes are a PDF: the header every PDF starts with. */
export const isPdf = (bytes: Buffer): boolean =>
  bytes.subarray(0, 5).toString('latin1') === '%PDF-';
