// A large camt statement read a few thousand entries at a time (interfaces.md "Operations":
// memory stays within 256 MiB above idle for the largest accepted file, and other requests
// keep being answered). parseCamt builds the whole document as objects, several times the
// file's size, in one synchronous call; here the text is scanned once for its entries
// (yielding to the event loop as it goes), and each run of CHUNK_ENTRIES entries is given
// to parseCamt as a small document of its own: the document's head, the statement's head,
// those entries and the closing tags. Entry paths are then renumbered as in the whole file,
// so the result is what parseCamt would say of the whole, without ever holding it as objects.
import {
  parseCamt,
  type CamtFormat,
  type CamtResult,
  type StatementEntry,
  type StatementProblem,
} from './camt.js';
import { MARKUP } from './xml-guard.js';

/** Entries parsed at once. */
const CHUNK_ENTRIES = 200;
/** Tags scanned between two yields to the event loop. */
const TAGS_PER_TURN = 5000;
const REPORTS = new Set(['Stmt', 'Ntfctn', 'Rpt']);

const localName = (name: string) => name.slice(name.indexOf(':') + 1);
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** One statement (Stmt/Ntfctn) of the file: where its head is, and where each entry is. */
interface Report {
  /** The report's element name as written (with its prefix) and as a local name. */
  tag: string;
  name: string;
  start: number;
  /** Where its first entry starts (the head runs from start to here); -1 while none. */
  headEnd: number;
  /** Where its close tag ends. */
  end: number;
  /** The stack depth of its children: an entry opens at this depth. */
  depth: number;
  /** The close tags of every element around the report, innermost first. */
  outer: string;
  entries: [number, number][];
}

interface Open {
  name: string;
  start: number;
}

/** What the scan knows at each tag. */
interface Scan {
  stack: Open[];
  reports: Report[];
  current: Report | undefined;
  entryStart: number;
}

/** A close tag; false when it does not close the element that is open. */
function closeTag(scan: Scan, name: string, after: number): boolean {
  if (scan.stack.pop()?.name !== name) return false;
  const { current, stack } = scan;
  if (!current) return true;
  if (stack.length === current.depth && localName(name) === 'Ntry')
    current.entries.push([scan.entryStart, after]);
  if (stack.length === current.depth - 1) {
    current.end = after;
    scan.current = undefined;
  }
  return true;
}

function openTag(scan: Scan, name: string, at: number): void {
  const local = localName(name);
  const { stack, current } = scan;
  if (!current && REPORTS.has(local) && stack.length > 0) {
    const outer = stack
      .map((o) => `</${o.name}>`)
      .reverse()
      .join('');
    const depth = stack.length + 1;
    const report = { tag: name, name: local, start: at, headEnd: -1, end: -1, depth, outer };
    scan.current = { ...report, entries: [] };
    scan.reports.push(scan.current);
  } else if (current && local === 'Ntry' && stack.length === current.depth) {
    if (current.headEnd < 0) current.headEnd = at;
    scan.entryStart = at;
  }
  stack.push({ name, start: at });
}

/** Scans the tags once; undefined when the nesting does not add up (the caller parses whole). */
async function reportsOf(xml: string): Promise<Report[] | undefined> {
  const scan: Scan = { stack: [], reports: [], current: undefined, entryStart: -1 };
  let tags = 0;
  const regex = new RegExp(MARKUP.source, 'g');
  for (let m = regex.exec(xml); m !== null; m = regex.exec(xml)) {
    if (++tags % TAGS_PER_TURN === 0) await turn();
    const [text, , closing, name, selfClosing] = m;
    if (name === undefined || selfClosing) continue;
    if (!closing) openTag(scan, name, m.index);
    else if (!closeTag(scan, name, m.index + text.length)) return undefined;
  }
  return scan.stack.length > 0 || scan.reports.length === 0 ? undefined : scan.reports;
}

/** The paths parseCamt gives inside a small document, as they are in the whole file. */
function renumber(at: string, report: Report, reportIndex: number, offset: number): string {
  return at.replace(
    new RegExp(`/${report.name}\\[1\\]/Ntry\\[(\\d+)\\]`),
    (_m, n: string) => `/${report.name}[${reportIndex + 1}]/Ntry[${Number(n) + offset}]`,
  );
}

/** parseCamt's answer for the whole statement, read CHUNK_ENTRIES entries at a time. */
export async function parseCamtInChunks(xml: string): Promise<CamtResult> {
  const reports = await reportsOf(xml);
  if (!reports) return parseCamt(xml);
  const head = xml.slice(0, reports[0]!.start);
  const entries: StatementEntry[] = [];
  const errors: StatementProblem[] = [];
  let format: CamtFormat | undefined;
  let message = '';
  for (const [r, report] of reports.entries()) {
    // A report without entries goes whole; otherwise its head, a run of entries, its close.
    const documents =
      report.entries.length === 0
        ? [{ text: `${head}${xml.slice(report.start, report.end)}${report.outer}`, offset: 0 }]
        : chunksOf(report.entries).map((run, i) => ({
            text: `${head}${xml.slice(report.start, report.headEnd)}${run
              .map(([from, to]) => xml.slice(from, to))
              .join('')}</${report.tag}>${report.outer}`,
            offset: i * CHUNK_ENTRIES,
          }));
    for (const { text, offset } of documents) {
      const result = parseCamt(text);
      const at = (path: string) => renumber(path, report, r, offset);
      if (result.ok) {
        format = result.format;
        message = result.message;
        for (const e of result.entries) entries.push({ ...e, at: at(e.at) });
      } else for (const e of result.errors) errors.push({ ...e, at: at(e.at) });
      await turn();
    }
  }
  if (errors.length > 0 || !format) return { ok: false, errors };
  return { ok: true, format, message, entries };
}

function chunksOf<T>(items: T[]): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK_ENTRIES)
    chunks.push(items.slice(i, i + CHUNK_ENTRIES));
  return chunks;
}
