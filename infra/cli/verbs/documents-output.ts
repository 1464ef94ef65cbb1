// Where the CLI writes a document: a file (--out), or stdout — never a PDF's bytes onto a
// terminal, where they would garble the screen.
import fs from 'node:fs';
import type { ZodError } from 'zod';
import { formatPath } from '../../../commands/parse.js';
import { usageError, writeOut } from '../output.js';

export async function emitDocument(body: string | Buffer, out: string | undefined): Promise<void> {
  if (out !== undefined) {
    await fs.promises.writeFile(out, body);
    return;
  }
  if (typeof body === 'string') return writeOut(body);
  if (process.stdout.isTTY) {
    throw usageError('a PDF is not written to a terminal: name a file with --out FILE or redirect');
  }
  await new Promise<void>((resolve, reject) =>
    process.stdout.write(body, (e) => (e ? reject(e) : resolve())),
  );
}

/** The first problem of an option that does not parse, as a usage error naming the option. */
export function optionError(error: ZodError): Error {
  const issue = error.issues[0]!;
  return usageError(`--${formatPath(issue.path)}: ${issue.message}`);
}
