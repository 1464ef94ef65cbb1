// Drives the real CLI as a child process: node with the tsx loader on infra/cli/main.ts,
// in a temporary working directory, against a SQLite file of its own.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const MAIN = path.join(ROOT, 'infra/cli/main.ts');
/** tsx's ESM loader by absolute URL, so that the child can run from any directory. */
const TSX = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

/** Child processes are slow to start on a busy machine: give each test room. */
export const CLI_TIMEOUT = 240_000;

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface Workspace {
  dir: string;
  db: string;
  store: string;
  /** Runs `grant-ledger --store sqlite:<db> ...args` in the workspace. */
  run(
    args: string[],
    options?: { stdin?: string; env?: Record<string, string | undefined>; noStore?: boolean },
  ): Promise<CliRun>;
  write(name: string, text: string): string;
  dispose(): void;
}

export function spawnCli(
  args: string[],
  options: { cwd: string; stdin?: string; env?: Record<string, string | undefined> },
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const env: Record<string, string | undefined> = {
      ...process.env,
      NODE_OPTIONS: '',
      LEDGER_STORE: undefined,
      LEDGER_TOKENS: undefined,
      ...options.env,
    };
    for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
    const child = spawn(process.execPath, ['--import', TSX, MAIN, ...args], {
      cwd: options.cwd,
      env: env as NodeJS.ProcessEnv,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}

export function workspace(): Workspace {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grant-ledger-cli-'));
  const db = path.join(dir, 'ledger.db');
  const store = `sqlite:${db}`;
  return {
    dir,
    db,
    store,
    run: (args, options = {}) =>
      spawnCli(options.noStore ? args : ['--store', store, ...args], {
        cwd: dir,
        ...(options.stdin !== undefined ? { stdin: options.stdin } : {}),
        ...(options.env ? { env: options.env } : {}),
      }),
    write: (name, text) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, text);
      return file;
    },
    dispose: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

export const jsonLines = (text: string): unknown[] =>
  text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as unknown);

/** Raw commands (JSON Lines input) for a small test grant with an attested advance. */
export function grantWithAdvance(
  grantId: string,
  advance: string,
  options: { attest?: boolean } = {},
): Record<string, unknown>[] {
  const commands: Record<string, unknown>[] = [
    {
      type: 'ApplyForCoFinancing',
      grantId,
      applicant: { name: 'Testföreningen ek. för.' },
      title: 'Ett testprojekt',
      requestedAmount: '100000',
      requestedAdvance: '40000',
      projectPeriod: { start: '2023-01-01', end: '2023-12-31' },
      submittedOn: '2022-11-01',
      meta: { actor: 'registrar@test', commandId: `${grantId}:apply` },
    },
    {
      type: 'GrantDecision',
      grantId,
      decidedOn: '2022-12-01',
      decidedBy: 'Jonas Andersson',
      outcome: 'approved',
      terms: {
        rate: '0.60',
        cap: '100000',
        advance: '40000',
        appropriation: '1:1 Regionala tillväxtåtgärder',
        legalBasis: 'Förordning (2003:596)',
        conditions: [],
        indicators: [{ id: 'reports', name: 'Rapporter', targets: { report: 1 } }],
        finalReportDue: '2024-01-31',
      },
      meta: { actor: 'chair@test', commandId: `${grantId}:decide` },
    },
    {
      type: 'PayAdvance',
      grantId,
      paymentId: `${grantId}-advance`,
      amount: advance,
      orderedOn: '2023-01-02',
      meta: { actor: 'orderer@test', commandId: `${grantId}:order` },
    },
  ];
  if (options.attest !== false) {
    commands.push({
      type: 'AttestPayment',
      grantId,
      paymentId: `${grantId}-advance`,
      attestedOn: '2023-01-03',
      meta: { actor: 'attester@test', commandId: `${grantId}:attest` },
    });
  }
  return commands;
}

export const toJsonl = (commands: unknown[]): string =>
  commands.map((c) => JSON.stringify(c)).join('\n') + '\n';
