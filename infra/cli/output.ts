// Output helpers shared by every verb: errors as one sentence plus a code on stderr,
// aligned tables and key-value lists for people, JSON for machines, a progress bar on
// a terminal, and writes that respect back-pressure when stdout is a pipe.
import { formatSek } from '../../domain/money.js';
import { redactSecrets } from '../redact.js';

/** Exit codes of the CLI (interfaces.md): 0 done, 1 rejected/failed, 2 usage error. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/**
 * An error the CLI reports to the user: one sentence, a code and an exit code.
 * Thrown by verbs; caught once in main, printed, never with a stack trace.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly exitCode: number = EXIT_FAILED,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export const usageError = (message: string): CliError => new CliError(message, 'USAGE', EXIT_USAGE);

/** "there is no grant X" → "There is no grant X." */
export function sentence(message: string): string {
  const trimmed = message.trim().replace(/^error:\s*/i, '');
  const capitalised = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}

/**
 * Text from the ledger as a terminal may show it: control characters (C0, DEL, C1) and
 * bidirectional overrides are written as escapes (`\x1b`, `\u{202e}`), so a title cannot
 * move the cursor, clear the screen, break a table row or reverse what follows it.
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, (c) => {
    const code = c.codePointAt(0)!;
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
  });
}

/**
 * The one error line: `Error: There is no grant X. [UNKNOWN_GRANT]`. Every error the CLI
 * prints passes here, so a store URL's password (or a driver's message quoting one) is
 * replaced by *** whatever wrote the message.
 */
export function errorLine(message: string, code: string): string {
  return `Error: ${printable(sentence(redactSecrets(message)))} [${code}]`;
}

export function printError(message: string, code: string): void {
  process.stderr.write(`${errorLine(message, code)}\n`);
}

/** Writes to stdout, waiting for 'drain' when the pipe is full (large exports). */
export function writeOut(text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const ok = process.stdout.write(text, (error) => {
      if (error) reject(error);
    });
    if (ok) resolve();
    else process.stdout.once('drain', () => resolve());
  });
}

export function printJson(value: unknown): Promise<void> {
  return writeOut(`${JSON.stringify(value, null, 2)}\n`);
}

export const sek = (amount: string | null | undefined): string =>
  amount === null || amount === undefined ? '—' : formatSek(amount);

/** A rate "0.60" as people read it: "60 %". */
export function percent(rate: string): string {
  const [whole = '0', fraction = ''] = rate.split('.');
  const hundredths = `${whole}${fraction.padEnd(2, '0')}`.replace(/^0+(?=\d)/, '');
  const rest = fraction.slice(2);
  return `${hundredths}${rest ? `,${rest}` : ''} %`;
}

/** Width in terminal columns (good enough: one column per code point). */
const width = (text: string): number => [...text].length;
const padEnd = (text: string, n: number): string => text + ' '.repeat(Math.max(0, n - width(text)));
const padStart = (text: string, n: number): string =>
  ' '.repeat(Math.max(0, n - width(text))) + text;

export interface Column<T> {
  header: string;
  value: (row: T) => string;
  /** Right-aligned: amounts and counts. */
  right?: boolean;
}

/** An aligned table with a header row and a rule under it. */
export function table<T>(rows: readonly T[], columns: readonly Column<T>[]): string {
  const cells = rows.map((row) => columns.map((c) => printable(c.value(row))));
  // A loop, not Math.max(...cells): spreading 100 000 rows as arguments overflows the stack.
  const widths = columns.map((c, i) =>
    cells.reduce((w, r) => Math.max(w, width(r[i] ?? '')), width(c.header)),
  );
  const line = (values: string[]) =>
    values
      .map((v, i) => (columns[i]?.right ? padStart(v, widths[i] ?? 0) : padEnd(v, widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return (
    [
      line(columns.map((c) => c.header)),
      widths.map((w) => '-'.repeat(w)).join('  '),
      ...cells.map(line),
    ].join('\n') + '\n'
  );
}

/** Key-value lines with the keys padded, amounts right-aligned among themselves. */
export function keyValues(unsafe: readonly (readonly [string, string])[]): string {
  const pairs = unsafe.map(([k, v]) => [printable(k), printable(v)] as const);
  const keyWidth = pairs.reduce((w, [k]) => Math.max(w, width(k)), 0);
  const amountWidth = pairs
    .filter(([, v]) => v.endsWith(' kr'))
    .reduce((w, [, v]) => Math.max(w, width(v)), 0);
  return (
    pairs
      .map(([k, v]) =>
        `${padEnd(`${k}`, keyWidth)}  ${v.endsWith(' kr') ? padStart(v, amountWidth) : v}`.trimEnd(),
      )
      .join('\n') + '\n'
  );
}

export interface Progress {
  update(done: number, total: number): void;
  finish(): void;
}

/**
 * A progress bar on stderr, drawn only when stderr is a terminal (so pipes and logs stay
 * clean). Redraws at most every 100 ms, and once more at the end.
 */
export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return { update: () => {}, finish: () => {} };
  let last = 0;
  let drawn = false;
  const draw = (done: number, total: number) => {
    const columns = Math.max(20, Math.min(50, (stream.columns ?? 80) - label.length - 30));
    const ratio = total > 0 ? Math.min(1, done / total) : 1;
    const filled = Math.round(ratio * columns);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(columns - filled)}`;
    stream.write(
      `\r${label} ${bar} ${String(Math.round(ratio * 100)).padStart(3)} % ${done}/${total}`,
    );
    drawn = true;
  };
  let latest: [number, number] = [0, 0];
  return {
    update(done, total) {
      latest = [done, total];
      const now = Date.now();
      if (now - last < 100 && done < total) return;
      last = now;
      draw(done, total);
    },
    finish() {
      if (drawn) {
        draw(...latest);
        stream.write('\n');
      }
    },
  };
}
