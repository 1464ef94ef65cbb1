// The decision letter as a PDF, laid out as the seed reads: case description, motivation,
// follow-up and reporting, decision basis, delegation, the numbered decision, who decided,
// who it is reported to and who receives the excerpt. Every figure comes from the events
// (decision-letter.ts); the wording around them is the region's standard wording.
import type { DecisionLetter } from './decision-letter.js';
import { paragraphs } from './decision-letter.js';
import { BOLD, REGULAR, newPdf, pdfBytes, textWidth } from './pdf.js';
import { changesSaid, kronor, longDate, percentText } from './swedish.js';

/** Who decides, when the configuration names no one else (ledger.config.json debtor.name). */
export const DEFAULT_AUTHORITY = 'Region Jämtland Härjedalen';

type Doc = PDFKit.PDFDocument;
type Terms = NonNullable<DecisionLetter['terms']>;

/** Swedish genitive: "Region Jämtland Härjedalens", "Region Skåne" → "Region Skånes". */
const genitive = (name: string): string => (/[sxz]$/i.test(name) ? name : `${name}s`);

/** "Övrig finansiering …" inside a sentence: "övrig finansiering …" (acronyms kept). */
const inSentence = (text: string): string =>
  /^\p{Lu}\p{Ll}/u.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;

/** Known target kinds in singular and plural; others are written as stored. */
const KIND_WORDS: Record<string, [string, string]> = {
  report: ['rapport', 'rapporter'],
  'sub-report': ['delrapport', 'delrapporter'],
};

function targetText(kind: string, count: number): string {
  const words = KIND_WORDS[kind];
  return words ? `${count} ${count === 1 ? words[0] : words[1]}` : `${count} ${kind}`;
}

function heading(doc: Doc, text: string): void {
  doc.moveDown(0.8).font(BOLD).fontSize(11).text(text).font(REGULAR).fontSize(10.5);
  doc.moveDown(0.2);
}

function prose(doc: Doc, text: string): void {
  doc.text(text, { align: 'left', paragraphGap: 5 });
}

function caseDescription(letter: DecisionLetter): string[] {
  const given = paragraphs(letter.application.description);
  if (given.length > 0) return given;
  // No description was registered: the letter says what the application says.
  const a = letter.application;
  const advance =
    a.requestedAdvance !== undefined
      ? ` Sökanden söker förskott om ${kronor(a.requestedAdvance)}.`
      : '';
  return [
    `${a.applicant.name} har inkommit med en ansökan om ${kronor(a.requestedAmount)} i ` +
      `medfinansiering till projektet ${a.title}. Projektet sträcker sig från ` +
      `${longDate(a.projectPeriod.start)} till ${longDate(a.projectPeriod.end)}.${advance}`,
  ];
}

function approvedPoints(letter: DecisionLetter, terms: Terms, authority: string): string[] {
  const conditions = terms.conditions.map((c) => inSentence(c.text));
  const provided =
    conditions.length > 0
      ? `, och gäller under förutsättning att ${conditions.join(' samt att ')}`
      : '';
  const points = [
    `${authority} beviljar medfinansiering av projektet ”${letter.application.title}” med ` +
      `${percentText(terms.rate)} av redovisade och godkända kostnader, dock max ${kronor(terms.cap)}.`,
    Number(terms.advance) > 0
      ? `Förskott betalas ut med ${kronor(terms.advance)}.`
      : 'Inget förskott betalas ut.',
    `Medfinansiering tas från anslag ${terms.appropriation}.`,
    `Beslutet har fattats med stöd av ${terms.legalBasis}${provided}.`,
  ];
  if (terms.generalConditions !== undefined) {
    points.push(
      `${genitive(authority)} Allmänna villkor för stöd till projekt ` +
        `(${terms.generalConditions}) gäller för projektet.`,
    );
  }
  return points;
}

function followUp(doc: Doc, letter: DecisionLetter, terms: Terms): void {
  heading(doc, 'Uppföljning, utvärdering och rapportering');
  if (terms.indicators.length > 0) {
    prose(
      doc,
      `Projektet ska redovisa följande indikator${terms.indicators.length > 1 ? 'er' : ''}:`,
    );
    for (const i of terms.indicators) {
      const targets = Object.entries(i.targets).map(([kind, n]) => targetText(kind, n));
      numbered(doc, '–', `${i.name}: mål ${targets.join(' samt ')}`);
    }
  }
  const atEnd = terms.finalReportDue === letter.projectPeriod.end ? ', projektets slutdatum' : '';
  prose(doc, `Slutrapportering ska ske senast ${longDate(terms.finalReportDue)}${atEnd}.`);
}

function decisionPoints(doc: Doc, letter: DecisionLetter, authority: string): void {
  heading(doc, 'Beslut');
  const points = letter.terms
    ? approvedPoints(letter, letter.terms, authority)
    : [
        `${authority} avslår ansökan om medfinansiering av projektet ”${letter.application.title}”.`,
      ];
  points.forEach((point, n) => numbered(doc, `${n + 1}.`, point));
}

/** A hanging item: its mark in the margin, its text indented beside it and on every line. */
function numbered(doc: Doc, mark: string, text: string): void {
  const left = doc.page.margins.left;
  const indent = 18;
  const width = textWidth(doc) - indent;
  // Keep the mark with its text: a new page first when the item would not fit.
  if (doc.y + doc.heightOfString(text, { width }) > doc.page.height - doc.page.margins.bottom) {
    doc.addPage();
  }
  const top = doc.y;
  doc.text(mark, left, top, { width: indent, lineBreak: false });
  doc.text(text, left + indent, top, { width, paragraphGap: 6 });
  doc.x = left;
}

function amendments(doc: Doc, letter: DecisionLetter): void {
  if (letter.amendments.length === 0) return;
  heading(doc, 'Ändringar av beslutet');
  for (const a of letter.amendments) {
    const said = changesSaid(a.changes).join('; ');
    prose(doc, `${longDate(a.decidedOn)} beslutade ${a.decidedBy} att ändra beslutet: ${said}.`);
  }
}

function header(doc: Doc, letter: DecisionLetter, authority: string): void {
  const top = doc.y;
  doc.font(BOLD).fontSize(12).text(authority);
  doc.font(REGULAR).fontSize(9).text('Beslut');
  const right = { width: textWidth(doc), align: 'right' as const };
  doc.fontSize(9).text(`Diarienummer ${letter.grantId}`, doc.page.margins.left, top, right);
  doc.text(`Beslutsdatum ${longDate(letter.decision.decidedOn)}`, right);
  if (letter.amendments.length > 0) {
    doc.text(`I lydelse efter ändring ${longDate(letter.amendments.at(-1)!.decidedOn)}`, right);
  }
  doc.moveDown(2).fontSize(14).font(BOLD);
  doc.text(`Medfinansiering till projekt ${letter.application.title}`);
  doc.font(REGULAR).fontSize(10.5);
}

function signature(doc: Doc, letter: DecisionLetter): void {
  doc.moveDown(2).text(letter.decision.decidedBy);
  const { reportTo } = letter.decision;
  if (reportTo !== undefined) {
    heading(doc, 'Anmälan');
    prose(doc, reportTo);
  }
  heading(doc, 'Utdrag till');
  prose(doc, letter.application.applicant.name);
}

/** The letter's PDF; `authority` is who decides (the region). */
export function decisionLetterPdf(
  letter: DecisionLetter,
  authority = DEFAULT_AUTHORITY,
): Promise<Buffer> {
  const title = `Beslut ${letter.grantId}`;
  const doc = newPdf({
    title,
    subject: `Medfinansiering till projekt ${letter.application.title}`,
  });
  header(doc, letter, authority);
  heading(doc, 'Ärendebeskrivning');
  caseDescription(letter).forEach((p) => prose(doc, p));
  const motivation = paragraphs(letter.decision.motivation ?? letter.decision.reason);
  if (motivation.length > 0) {
    heading(doc, 'Beslutsmotivering');
    motivation.forEach((p) => prose(doc, p));
  }
  if (letter.terms) followUp(doc, letter, letter.terms);
  const basis = letter.decision.basis ?? [];
  if (basis.length > 0) {
    heading(doc, 'Beslutsunderlag');
    basis.forEach((b) => doc.text(b));
  }
  if (letter.terms?.delegation !== undefined) {
    heading(doc, 'Delegationsbestämmelse och delegation');
    prose(doc, `Beslutet är fattat med stöd av delegation ${letter.terms.delegation}.`);
  }
  decisionPoints(doc, letter, authority);
  amendments(doc, letter);
  signature(doc, letter);
  return pdfBytes(doc, title);
}
