// Runs bench/rebuild-child.ts in a fresh Node process and reads its one-line report; also
// polls /proc/PID/status VmHWM as a cross-check of the child's own maxRSS.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildReport } from './rebuild-child.js';

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'rebuild-child.ts');
/** The project root: where `--import tsx` resolves. */
const ROOT = path.resolve(path.dirname(CHILD), '..');

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

/** The V8 heap flags the bench itself was started with (package.json "bench"), so both children run as the product does. */
const HEAP_FLAGS = process.execArgv.filter((a) => a.startsWith('--max-semi-space-size') || a.startsWith('--max-old-space-size'));

export function runChild(storeUrl: string, mode: 'rebuild' | 'raw'): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const args = [...HEAP_FLAGS, '--import', 'tsx', CHILD, storeUrl, ...(mode === 'raw' ? ['--raw'] : [])];
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } });
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
      if (code !== 0 || !line) return reject(new Error(`rebuild child (${mode}) exited with ${String(code)}: ${stderr.trim()}`));
      try {
        const report = JSON.parse(line) as ChildReport;
        resolve({ ...report, ...(polled !== undefined ? { polledHwmMiB: polled } : {}) });
      } catch {
        reject(new Error(`rebuild child (${mode}) printed no report: ${stdout}\n${stderr}`));
      }
    });
  });
}
