// Where `grant-ledger login` keeps the person's sign-in: a JSON file readable by its owner
// only (mode 600 in a directory of mode 700), like an SSH key. A file others can read is
// refused rather than used: a token in it lets anyone act as that person until it expires.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

const storedSignInSchema = z.strictObject({
  issuer: z.string().min(1),
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1).optional(),
  /** When the access token expires (ISO 8601). */
  expiresAt: z.string().min(1),
});

export type StoredSignIn = z.output<typeof storedSignInSchema>;

/** LEDGER_TOKEN_FILE, else $XDG_CONFIG_HOME/grant-ledger/token.json (~/.config by default). */
export function tokenFilePath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.LEDGER_TOKEN_FILE) return path.resolve(env.LEDGER_TOKEN_FILE);
  const config = env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config');
  return path.join(config, 'grant-ledger', 'token.json');
}

/** Written whole to a new file of mode 600, then renamed over the old: never half a token. */
export function saveSignIn(file: string, signIn: StoredSignIn): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(temporary, 'wx', 0o600);
  try {
    fs.writeFileSync(fd, `${JSON.stringify(signIn, null, 2)}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  // The umask may have taken bits away, never added them; chmod makes sure all the same.
  fs.chmodSync(temporary, 0o600);
  fs.renameSync(temporary, file);
}

/** The stored sign-in, undefined when there is none; throws when the file is unsafe or bad. */
export function loadSignIn(file: string): StoredSignIn | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  if (process.platform !== 'win32' && (stat.mode & 0o077) !== 0)
    throw new Error(
      `the token file ${file} can be read by others (mode ${(stat.mode & 0o777).toString(8)}): run chmod 600 on it, or grant-ledger login again`,
    );
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`the token file ${file} is not JSON: ${(error as Error).message}`);
  }
  const parsed = storedSignInSchema.safeParse(raw);
  if (!parsed.success)
    throw new Error(`the token file ${file} is not a sign-in: run grant-ledger login again`);
  return parsed.data;
}

export function forgetSignIn(file: string): boolean {
  try {
    fs.unlinkSync(file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
