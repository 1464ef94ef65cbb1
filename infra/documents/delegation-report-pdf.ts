// The delegation report as a PDF for the committee's meeting: a landscape table of every
// decision taken under a delegation in the period, its heading repeated on every page.
import type { DelegationReport, DelegationReportRow } from './delegation-report.js';
import { OUTCOME_SV } from './delegation-report.js';
import { BOLD, REGULAR, newPdf, pdfBytes } from './pdf.js';
import { amountText, longDate } from './swedish.js';

type Doc = PDFKit.PDFDocument;

interface Column {
  heading: string;
  width: number;
  cell: (row: DelegationReportRow) => string;
  right?: boolean;
}

/** 718 points: the width of landscape A4 between the margins. */
const COLUMNS: Column[] = [
  { heading: 'Diarienummer', width: 70, cell: (r) => r.grantId },
  { heading: 'Sökande', width: 105, cell: (r) => r.applicant },
  { heading: 'Projekt', width: 123, cell: (r) => r.project },
  { heading: 'Beslutsdatum', width: 70, cell: (r) => r.decidedOn },
  { heading: 'Beslutsfattare', width: 70, cell: (r) => r.decidedBy },
  { heading: 'Beslut', width: 52, cell: (r) => OUTCOME_SV[r.outcome] },
  {
    heading: 'Belopp (kr)',
    width: 58,
    cell: (r) => (r.amount === null ? '–' : amountText(r.amount)),
    right: true,
  },
  { heading: 'Delegation', width: 62, cell: (r) => r.delegation },
  { heading: 'Innehåll', width: 108, cell: (r) => r.detail },
];
const PAD = 3;
const SIZE = 7.5;

function rowHeight(doc: Doc, cells: string[]): number {
  const heights = cells.map((text, i) =>
    doc.heightOfString(text, { width: COLUMNS[i]!.width - 2 * PAD }),
  );
  return Math.max(...heights) + 2 * PAD;
}

function drawRow(doc: Doc, cells: string[], bold: boolean): void {
  doc.font(bold ? BOLD : REGULAR).fontSize(SIZE);
  const height = rowHeight(doc, cells);
  if (doc.y + height > doc.page.height - doc.page.margins.bottom) {
    doc.addPage();
    if (!bold)
      drawRow(
        doc,
        COLUMNS.map((c) => c.heading),
        true,
      );
    doc.font(REGULAR).fontSize(SIZE);
  }
  const top = doc.y;
  let x = doc.page.margins.left;
  cells.forEach((text, i) => {
    const column = COLUMNS[i]!;
    doc.text(text, x + PAD, top + PAD, {
      width: column.width - 2 * PAD,
      align: column.right ? 'right' : 'left',
    });
    x += column.width;
  });
  const bottom = top + height;
  doc
    .moveTo(doc.page.margins.left, bottom)
    .lineTo(x, bottom)
    .lineWidth(bold ? 0.8 : 0.3)
    .strokeColor('#777777')
    .stroke();
  doc.x = doc.page.margins.left;
  doc.y = bottom;
}

function title(doc: Doc, report: DelegationReport): void {
  doc.font(BOLD).fontSize(14).text('Anmälan av delegationsbeslut');
  const period = `${longDate(report.from)} – ${longDate(report.to)}`;
  const which = report.delegation !== undefined ? `, delegation ${report.delegation}` : '';
  doc.font(REGULAR).fontSize(10).text(`Beslut fattade med stöd av delegation ${period}${which}.`);
  const count = report.rows.length;
  doc.text(count === 1 ? '1 beslut.' : `${count} beslut.`);
  doc.moveDown(0.8);
}

export function delegationReportPdf(report: DelegationReport): Promise<Buffer> {
  const name = `Delegationsbeslut ${report.from} – ${report.to}`;
  const doc = newPdf({
    title: name,
    subject: 'Anmälan av delegationsbeslut',
    layout: 'landscape',
  });
  title(doc, report);
  drawRow(
    doc,
    COLUMNS.map((c) => c.heading),
    true,
  );
  for (const row of report.rows)
    drawRow(
      doc,
      COLUMNS.map((c) => c.cell(row)),
      false,
    );
  if (report.rows.length === 0) {
    doc
      .moveDown()
      .font(REGULAR)
      .fontSize(10)
      .text('Inga beslut fattade med stöd av delegation under perioden.');
  }
  return pdfBytes(doc, name);
}
