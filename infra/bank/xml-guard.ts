// What a bank statement in XML may be before any XML parser sees it (interfaces.md "Bank
// files"): a bank never sends a DOCTYPE or an entity declaration, so one is refused outright
// (no entity can then be expanded, however a parser treats them); nesting deeper than any
// camt document is refused before a recursive parser could run out of stack; and a file
// over 20 MB or 100 000 entries is refused as too large (413) before it is parsed at all.
// One pass over the text with a regular expression, holding nothing but counters.

export const STATEMENT_MAX_BYTES = 20 * 1024 * 1024;
export const STATEMENT_MAX_ENTRIES = 100_000;
/** camt.053 with a Business Application Header nests about 15 deep; 64 leaves room. */
export const STATEMENT_MAX_DEPTH = 64;

export interface XmlRefusal {
  /** 413 for a file too large, 400 for one a bank would never send. */
  status: 400 | 413;
  /** The element or declaration that was refused. */
  at: string;
  message: string;
}

/**
 * Markup, in order: a comment, CDATA, a processing instruction, a declaration (`<!WORD`),
 * or a start/end tag (name, attributes with quoted values, self-closing slash).
 */
export const MARKUP =
  /<(?:!--[\s\S]*?-->|!\[CDATA\[[\s\S]*?\]\]>|\?[\s\S]*?\?>|!([A-Za-z]+)|(\/?)([A-Za-z_][\w.:-]*)(?:"[^"]*"|'[^']*'|[^'">])*?(\/?)>)/g;

const localName = (name: string) => name.slice(name.indexOf(':') + 1);

/** Why the statement is refused before parsing, or undefined when it may be parsed. */
export function guardStatementXml(xml: string): XmlRefusal | undefined {
  const bytes = Buffer.byteLength(xml, 'utf8');
  if (bytes > STATEMENT_MAX_BYTES) {
    const message = `the statement is ${bytes} bytes; at most ${STATEMENT_MAX_BYTES} (20 MB) are taken`;
    return { status: 413, at: '/', message };
  }
  let depth = 0;
  let entries = 0;
  MARKUP.lastIndex = 0;
  for (let m = MARKUP.exec(xml); m !== null; m = MARKUP.exec(xml)) {
    const [, declaration, closing, name, selfClosing] = m;
    if (declaration !== undefined) return declarationRefused(declaration);
    if (name === undefined) continue;
    if (closing) {
      depth -= 1;
      continue;
    }
    if (localName(name) === 'Ntry' && ++entries > STATEMENT_MAX_ENTRIES) {
      const message = `the statement has more than ${STATEMENT_MAX_ENTRIES} entries (Ntry)`;
      return { status: 413, at: name, message };
    }
    if (selfClosing) continue;
    if (++depth > STATEMENT_MAX_DEPTH) {
      const message = `elements are nested more than ${STATEMENT_MAX_DEPTH} deep (at ${name}); a bank statement never is`;
      return { status: 400, at: name, message };
    }
  }
  return undefined;
}

function declarationRefused(word: string): XmlRefusal {
  const upper = word.toUpperCase();
  const what =
    upper === 'DOCTYPE'
      ? 'a document type declaration (<!DOCTYPE …>)'
      : `a declaration <!${word} …>`;
  const message = `the statement holds ${what}; a bank statement never has one, and no entity is expanded`;
  return { status: 400, at: upper === 'DOCTYPE' ? 'DOCTYPE' : upper, message };
}
