// The real `grant-ledger serve` as a child process on loopback (port chosen by the OS),
// with a tokens file of its own: what the load bench drives and what the several-instances
// test starts two or three of. Its request log (stderr) is drained, and its tail is kept
// for the error message should it exit early.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MAIN = path.join(ROOT, 'infra/cli/main.ts');
const TSX = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
/** How long a server may take to start on a busy machine. */
const START_TIMEOUT_MS = 180_000;
const STDERR_TAIL = 4000;

export interface ServeProcess {
  /** e.g. http://127.0.0.1:40123 */
  url: string;
  pid: number;
  /** SIGTERM, then the exit code (0 when it stopped cleanly). */
  stop(): Promise<number | null>;
  /** SIGKILL: no clean shutdown (a crash). */
  kill(): Promise<void>;
}

/** Bearer tokens for `actors`, each with every role (roles are not what is measured here). */
export interface Tokens {
  file: string;
  /** actor → token */
  byActor: Map<string, string>;
  dispose(): void;
}

export function writeTokens(actors: readonly string[]): Tokens {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-tokens-'));
  const byActor = new Map(actors.map((a) => [a, randomBytes(24).toString('hex')]));
  const table = Object.fromEntries(
    [...byActor].map(([actor, token]) => [
      token,
      { actor, roles: ['officer', 'finance', 'attester', 'auditor'] },
    ]),
  );
  const file = path.join(dir, 'tokens.json');
  fs.writeFileSync(file, JSON.stringify(table), { mode: 0o600 });
  return { file, byActor, dispose: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Starts `serve` on `storeUrl` and resolves once it listens. */
export function startServe(storeUrl: string, tokensFile: string): Promise<ServeProcess> {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: '', LEDGER_TOKENS: tokensFile };
  delete env.LEDGER_STORE;
  delete env.LEDGER_SEAL_KEY;
  const args = ['--max-semi-space-size=32', '--import', TSX, MAIN, '--store', storeUrl];
  args.push('serve', '--port', '0', '--host', '127.0.0.1');
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_TAIL);
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  return new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`serve did not start within ${START_TIMEOUT_MS} ms: ${stderr}`));
    }, START_TIMEOUT_MS);
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const listening = /Serving the grant ledger on (http:\/\/\S+) /.exec(stdout);
      if (!listening) return;
      clearTimeout(timer);
      resolve(running(child, listening[1]!, exited));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${String(code)} before listening: ${stderr}`));
    });
  });
}

function running(child: ChildProcess, url: string, exited: Promise<number | null>): ServeProcess {
  return {
    url,
    pid: child.pid!,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
