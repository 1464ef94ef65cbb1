// What `--out FILE` of every verb does (interfaces.md "Operations"): never overwrite an
// existing file, nor write through a symbolic link (a link planted in a shared folder
// would otherwise send a bank file or an export wherever it points), unless `--force`;
// and never leave half a file: the content goes to a temporary file beside the target,
// is flushed to disk, and only then takes the target's name. Without --force the name is
// taken with link(2), which fails when the name exists, so a file that appeared meanwhile
// is not replaced either.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { usageError } from './output.js';

export interface OutputOptions {
  /** Replace an existing file (or a symbolic link: the link itself, never its target). */
  force?: boolean;
  mode?: number;
}

/** A file being written: chunks go to a temporary name; commit gives it the target's. */
export interface OutputFile {
  write(chunk: string | Uint8Array): Promise<void>;
  commit(): Promise<void>;
  /** Removes the temporary file; the target is left as it was. */
  abort(): Promise<void>;
}

const FLUSH_BYTES = 1 << 20;

const cannot = (target: string, why: string) => usageError(`cannot write ${target}: ${why}`);

/** Refuses, before anything is made or recorded, a target this verb may not write. */
export async function checkOutputPath(target: string, options: OutputOptions = {}): Promise<void> {
  const folder = path.dirname(path.resolve(target));
  const dir = await fs.promises.stat(folder).catch(() => undefined);
  if (!dir) throw cannot(target, `the folder ${folder} does not exist`);
  if (!dir.isDirectory()) throw cannot(target, `${folder} is not a folder`);
  const found = await fs.promises.lstat(target).catch(() => undefined);
  if (!found) return;
  if (found.isDirectory()) throw cannot(target, 'it is a folder');
  if (options.force) return;
  const what = found.isSymbolicLink() ? 'it is a symbolic link' : 'it exists already';
  throw cannot(target, `${what} (nothing is overwritten; --force replaces it)`);
}

export async function openOutputFile(
  target: string,
  options: OutputOptions = {},
): Promise<OutputFile> {
  await checkOutputPath(target, options);
  const temp = tempBeside(target);
  // 'wx': O_CREAT|O_EXCL, which also refuses to follow a symbolic link at the temp name.
  const handle = await fs.promises.open(temp, 'wx', options.mode ?? 0o644);
  let open = true;
  // Small chunks (an export's lines) are gathered, so the file is written in large writes.
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const flush = async () => {
    if (pendingBytes === 0) return;
    const data = Buffer.concat(pending);
    pending = [];
    pendingBytes = 0;
    await handle.writeFile(data);
  };
  const close = async () => {
    if (!open) return;
    open = false;
    await handle.close();
  };
  const abort = async () => {
    await close().catch(() => undefined);
    await fs.promises.rm(temp, { force: true });
  };
  return {
    async write(chunk) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk);
      pending.push(bytes);
      pendingBytes += bytes.length;
      if (pendingBytes >= FLUSH_BYTES) await flush();
    },
    async commit() {
      try {
        await flush();
        await handle.sync();
        await close();
        if (options.force) await fs.promises.rename(temp, target);
        else await takeName(temp, target);
      } catch (error) {
        await abort();
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EEXIST')
          throw cannot(target, 'it appeared meanwhile (nothing is overwritten)');
        throw error;
      }
    },
    abort,
  };
}

/** A free temporary name in the target's folder (so that rename is atomic). */
export function tempBeside(target: string): string {
  const base = path.basename(target);
  return path.join(path.dirname(target), `.${base}.${randomBytes(6).toString('hex')}.tmp`);
}

/** A finished temporary file takes the target's name: replacing it only with --force. */
export async function giveName(temp: string, target: string, options: OutputOptions = {}) {
  try {
    if (options.force) await fs.promises.rename(temp, target);
    else await takeName(temp, target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw cannot(target, 'it appeared meanwhile (nothing is overwritten)');
    throw error;
  }
}

/** link(2) then unlink: the name is taken only if free, atomically. */
async function takeName(temp: string, target: string): Promise<void> {
  try {
    await fs.promises.link(temp, target);
  } catch (error) {
    // A file system without hard links: check, then rename (a narrow race, not none).
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw error;
    if (await fs.promises.lstat(target).catch(() => undefined)) throw error;
    await fs.promises.rename(temp, target);
    return;
  }
  await fs.promises.rm(temp, { force: true });
}

/** The whole content at once, written as openOutputFile writes. */
export async function writeOutputFile(
  target: string,
  content: string | Uint8Array,
  options: OutputOptions = {},
): Promise<void> {
  const file = await openOutputFile(target, options);
  try {
    await file.write(content);
  } catch (error) {
    await file.abort();
    throw error;
  }
  await file.commit();
}

/** Removes a file this process wrote when what it promised cannot be kept. */
export async function removeOutputFile(target: string): Promise<void> {
  await fs.promises.rm(target, { force: true });
}
