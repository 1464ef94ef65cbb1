// A small SIE 4 reader, written for the tests, independent of the writer, following the
// SIE 4B text: it decodes PC8 (CP437), splits records into tokens (quoted strings in which
// \" stands for a quote — the only escape the format defines, so any other backslash is
// refused —, object lists in braces, bare words) and collects what an accounting system
// imports: the header records (#ORGNR, #RAR too), accounts, dimensions, objects and
// verifications.
import iconv from 'iconv-lite';

export interface SieTrans {
  account: string;
  objects: [string, string][];
  amount: string;
}

export interface SieVer {
  series: string;
  number: string;
  date: string;
  text: string;
  regdate?: string;
  sign?: string;
  trans: SieTrans[];
}

export interface SieDocument {
  records: string[][];
  flagga?: string;
  program?: string[];
  format?: string;
  gen?: string;
  sietyp?: string;
  fnamn?: string;
  orgnr?: string;
  /** #RAR by year number ("0" the current): [start, end]. */
  rar: Map<string, [string, string]>;
  konto: Map<string, string>;
  dim: Map<string, string>;
  objekt: Map<string, string>;
  ver: SieVer[];
}

/** A quoted string from `start` (after its opening quote): its text and where it ends. */
function quoted(line: string, start: number): [string, number] {
  let text = '';
  let i = start;
  while (i < line.length && line[i] !== '"') {
    if (line[i] === '\\') {
      if (line[i + 1] !== '"') throw new Error(`a backslash SIE does not define in: ${line}`);
      i += 1;
    }
    text += line[i];
    i += 1;
  }
  if (line[i] !== '"') throw new Error(`unterminated string in: ${line}`);
  return [text, i + 1];
}

/** Tokens of one line: `"quoted \" text"`, `{6 "RUN/573/2022"}` (kept whole), bare words. */
export function tokens(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < line.length) {
    const ch = line[i]!;
    if (ch === ' ' || ch === '\t') {
      i += 1;
    } else if (ch === '"') {
      const [text, next] = quoted(line, i + 1);
      out.push(text);
      i = next;
    } else if (ch === '{') {
      const end = line.indexOf('}', i);
      if (end < 0) throw new Error(`unterminated object list in: ${line}`);
      out.push(line.slice(i, end + 1));
      i = end + 1;
    } else {
      let word = '';
      while (i < line.length && line[i] !== ' ' && line[i] !== '\t') word += line[i++];
      out.push(word);
    }
  }
  return out;
}

function objectsOf(list: string): [string, string][] {
  const inner = tokens(list.slice(1, -1));
  const pairs: [string, string][] = [];
  for (let i = 0; i + 1 < inner.length; i += 2) pairs.push([inner[i]!, inner[i + 1]!]);
  return pairs;
}

/** The reader's place: the #VER being read, and whether its { block is open. */
interface Reading {
  open: SieVer | undefined;
  inBlock: boolean;
}

/** A brace line opens or closes the current #VER's block; false for any other line. */
function readBrace(line: string, doc: SieDocument, at: Reading): boolean {
  if (line === '{') {
    if (!at.open) throw new Error('{ without #VER');
    at.inBlock = true;
    return true;
  }
  if (line === '}') {
    if (!at.inBlock || !at.open) throw new Error('} without {');
    doc.ver.push(at.open);
    at.open = undefined;
    at.inBlock = false;
    return true;
  }
  return false;
}

/** The header records: one value each (#PROGRAM: its name and version). */
function readHeader(label: string | undefined, args: string[], doc: SieDocument): boolean {
  switch (label) {
    case '#FLAGGA':
      doc.flagga = args[0];
      return true;
    case '#PROGRAM':
      doc.program = args;
      return true;
    case '#FORMAT':
      doc.format = args[0];
      return true;
    case '#GEN':
      doc.gen = args[0];
      return true;
    case '#SIETYP':
      doc.sietyp = args[0];
      return true;
    case '#FNAMN':
      doc.fnamn = args[0];
      return true;
    case '#ORGNR':
      doc.orgnr = args[0];
      return true;
    case '#RAR':
      doc.rar.set(args[0]!, [args[1]!, args[2]!]);
      return true;
    default:
      return false;
  }
}

function readRecord(
  label: string | undefined,
  args: string[],
  doc: SieDocument,
  at: Reading,
): void {
  if (readHeader(label, args, doc)) return;
  switch (label) {
    case '#KONTO':
      doc.konto.set(args[0]!, args[1]!);
      break;
    case '#DIM':
      doc.dim.set(args[0]!, args[1]!);
      break;
    case '#OBJEKT':
      doc.objekt.set(`${args[0]} ${args[1]}`, args[2]!);
      break;
    case '#VER':
      at.open = {
        series: args[0]!,
        number: args[1]!,
        date: args[2]!,
        text: args[3]!,
        ...(args[4] ? { regdate: args[4] } : {}),
        ...(args[5] ? { sign: args[5] } : {}),
        trans: [],
      };
      break;
    case '#TRANS':
      if (!at.inBlock || !at.open) throw new Error('#TRANS outside a #VER block');
      at.open.trans.push({ account: args[0]!, objects: objectsOf(args[1]!), amount: args[2]! });
      break;
    default:
      throw new Error(`unexpected record ${label}`);
  }
}

export function readSie(bytes: Buffer): SieDocument {
  const text = iconv.decode(bytes, 'cp437');
  if (!text.endsWith('\r\n')) throw new Error('a SIE file ends its lines with CRLF');
  const doc: SieDocument = {
    records: [],
    rar: new Map(),
    konto: new Map(),
    dim: new Map(),
    objekt: new Map(),
    ver: [],
  };
  const at: Reading = { open: undefined, inBlock: false };
  for (const raw of text.split('\r\n')) {
    const line = raw.trim();
    if (line === '' || readBrace(line, doc, at)) continue;
    const t = tokens(line);
    doc.records.push(t);
    const [label, ...args] = t;
    readRecord(label, args, doc, at);
  }
  if (at.open) throw new Error('a #VER block is not closed');
  return doc;
}
