// The real `grant-ledger serve` as a child process, for the tests that need the process
// itself (does it stay up when its database restarts, how much memory does it hold): on
// port 0, with a tokens file of the test's own; resolves once it prints where it serves.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { MAIN, ROOT, type Workspace } from '../cli/support.js';

export interface ServeProcess {
  child: ChildProcess;
  url: string;
  stderr: () => string;
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

export async function startServe(
  ws: Workspace,
  storeUrl: string,
  tokens: Record<string, { actor: string; roles: string[] }>,
  extraArgs: string[] = [],
): Promise<ServeProcess> {
  const tsx = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_OPTIONS: '',
    LEDGER_TOKENS: ws.write('tokens.json', JSON.stringify(tokens)),
  };
  delete env.LEDGER_STORE;
  const args = ['--import', tsx, MAIN, '--store', storeUrl, 'serve', '--port', '0', ...extraArgs];
  const child = spawn(process.execPath, args, { cwd: ws.dir, env });
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      stdout += c;
      const serving = /Serving the grant ledger on (\S+) /.exec(stdout);
      if (serving) resolve(serving[1]!);
    });
    void exited.then(() => reject(new Error(`serve exited early: ${stderr}`)));
  });
  const stop = async () => {
    child.kill('SIGTERM');
    await exited;
  };
  return { child, url, stderr: () => stderr, exited, stop };
}
