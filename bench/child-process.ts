// Runs bench/rebuild-child.ts in a fresh Node process and reads its one-line report; also
// polls /proc/PID/status VmHWM as a cross-check of the child's own maxRSS.
//
// The child runs as the `grant-ledger` CLI does: compiled JavaScript (here one esbuild
// bundle of the child and the product code it imports, packages left to node_modules),
// with the bin's Node flags (none: Node's default young generation). Run through tsx it
// would also carry tsx's compiler (≈ 48 MiB of RSS) that no user's rebuild has.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { ChildReport } from './rebuild-child.js';

const SOURCE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'rebuild-child.ts');
/** The project root: the bundle lives under it so that its packages resolve from node_modules. */
const ROOT = path.resolve(path.dirname(SOURCE), '..');
const BUNDLE = path.join(ROOT, '.bench', 'rebuild-child.mjs');

let bundled: Promise<string> | undefined;

/** The child compiled once per bench run. */
function childScript(): Promise<string> {
  bundled ??= build({
    entryPoints: [SOURCE],
    outfile: BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  }).then(() => BUNDLE);
  return bundled;
}

export interface ChildResult extends ChildReport {
  /** Last VmHWM seen in /proc (MiB), when the platform has it. */
  polledHwmMiB?: number;
}

function vmHwmMiB(pid: number): number | undefined {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

export async function runChild(storeUrl: string, mode: 'rebuild' | 'raw'): Promise<ChildResult> {
  const script = await childScript();
  return new Promise((resolve, reject) => {
    const args = [script, storeUrl, ...(mode === 'raw' ? ['--raw'] : [])];
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    let stdout = '';
    let stderr = '';
    let polled: number | undefined;
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setInterval(() => {
      const hwm = child.pid !== undefined ? vmHwmMiB(child.pid) : undefined;
      if (hwm !== undefined) polled = Math.max(polled ?? 0, hwm);
    }, 100);
    child.on('error', (error) => {
      clearInterval(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearInterval(timer);
      const line = stdout.trim().split('\n').at(-1);
      if (code !== 0 || !line)
        return reject(
          new Error(`rebuild child (${mode}) exited with ${String(code)}: ${stderr.trim()}`),
        );
      try {
        const report = JSON.parse(line) as ChildReport;
        resolve({ ...report, ...(polled !== undefined ? { polledHwmMiB: polled } : {}) });
      } catch {
        reject(new Error(`rebuild child (${mode}) printed no report: ${stdout}\n${stderr}`));
      }
    });
  });
}
