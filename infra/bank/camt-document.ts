// Where the statement sits in a camt file and which version it is. Banks send camt.053
// and camt.054 in every version from .001.02 to .001.08; the version is told by the
// namespace of the `Document` (an unknown one is refused by name, never guessed), and the
// `Document` may come inside a Business Application Header envelope (`AppHdr` beside it,
// the pair wrapped in an envelope element such as `BizMsgEnvlp`), which is read through.

export type CamtFormat = 'camt.053' | 'camt.054';

export interface CamtVersion {
  format: CamtFormat;
  /** The full message name, e.g. `camt.053.001.08`. */
  message: string;
  /** The version number, 2 to 8. */
  version: number;
}

type Node = Record<string, unknown>;

export function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as Node)['#text'] === 'string')
    return (value as Node)['#text'] as string;
  return undefined;
}

export const child = (node: unknown, name: string): unknown =>
  node && typeof node === 'object' ? (node as Node)[name] : undefined;

export const list = (node: unknown, name: string): unknown[] => {
  const value = child(node, name);
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
};

export const dig = (node: unknown, ...names: string[]): unknown =>
  names.reduce((n, name) => child(n, name), node);

const CAMT_NAMESPACE = /^urn:iso:std:iso:20022:tech:xsd:(camt\.05[34])\.001\.(\d{2})$/;
const FIRST_VERSION = 2;
const LAST_VERSION = 8;

/**
 * The namespace of the (first) `Document` element: its own `xmlns` (default or for its
 * prefix), or, when it declares none, the camt namespace declared on an enclosing element.
 */
export function documentNamespace(xml: string): string | undefined {
  const tag = /<(?:([A-Za-z_][\w.-]*):)?Document\b([^>]*)>/.exec(xml);
  if (!tag) return undefined;
  const prefix = tag[1];
  const attributes = tag[2] ?? '';
  const own = prefix
    ? new RegExp(`xmlns:${prefix.replace(/[.-]/g, '\\$&')}\\s*=\\s*["']([^"']*)["']`)
    : /xmlns\s*=\s*["']([^"']*)["']/;
  const declared = own.exec(attributes)?.[1];
  if (declared !== undefined) return declared;
  const before = xml.slice(0, tag.index);
  const outer = [...before.matchAll(/xmlns(?::[\w.-]+)?\s*=\s*["']([^"']*)["']/g)]
    .map((m) => m[1]!)
    .filter((ns) => CAMT_NAMESPACE.test(ns));
  return outer.at(-1);
}

/** The version a namespace names, or why it is refused. */
export function versionOf(namespace: string | undefined): CamtVersion | { message: string } {
  if (namespace === undefined) {
    return {
      message:
        'the Document has no namespace; expected urn:iso:std:iso:20022:tech:xsd:camt.053.001.02 … .08 or camt.054',
    };
  }
  const found = CAMT_NAMESPACE.exec(namespace);
  const version = found ? Number(found[2]) : NaN;
  if (!found || version < FIRST_VERSION || version > LAST_VERSION) {
    return {
      message: `unknown namespace ${namespace}: a camt.053 or camt.054 of version .001.02 to .001.08 is read`,
    };
  }
  const format = found[1] as CamtFormat;
  return { format, message: `${format}.001.${found[2]}`, version };
}

/**
 * The `Document` element, at the root or inside an envelope (a Business Application Header
 * wrapper, at most a few levels deep).
 */
export function findDocument(root: unknown, depth = 0): unknown {
  const direct = child(root, 'Document');
  if (direct !== undefined) return Array.isArray(direct) ? direct[0] : direct;
  if (depth >= 3 || !root || typeof root !== 'object') return undefined;
  for (const [name, value] of Object.entries(root as Node)) {
    if (name.startsWith('@') || name.startsWith('?') || name === '#text') continue;
    for (const inner of Array.isArray(value) ? value : [value]) {
      const found = findDocument(inner, depth + 1);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}
