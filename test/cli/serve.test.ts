// `grant-ledger serve --demo`: without LEDGER_TOKENS it makes local demo tokens and prints
// them with a ready curl example; the API answers with them; SIGTERM stops it cleanly.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { CLI_TIMEOUT, MAIN, ROOT, workspace, type Workspace } from './support.js';

jest.setTimeout(CLI_TIMEOUT);

describe('grant-ledger serve', () => {
  let ws: Workspace;
  beforeAll(() => {
    ws = workspace();
  });
  afterAll(() => ws.dispose());

  test('given no LEDGER_TOKENS, when serve --demo starts, then it prints demo tokens and a curl example that works, and stops on SIGTERM', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: '' };
    delete env.LEDGER_TOKENS;
    delete env.LEDGER_STORE;
    const tsx = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
    const child = spawn(
      process.execPath,
      [
        '--import',
        tsx,
        MAIN,
        '--store',
        ws.store,
        'serve',
        '--demo',
        '--port',
        '0',
        '--host',
        '127.0.0.1',
      ],
      { cwd: ws.dir, env },
    );
    let stdout = '';
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.setEncoding('utf8').on('data', (c: string) => {
          stdout += c;
          if (/curl .*\n/.test(stdout)) resolve();
        });
        child.on('close', () => reject(new Error(`serve exited early: ${stderr}`)));
      });

      expect(stdout).toMatch(/Founding case RUN\/573\/2022: 4 events appended/);
      expect(stdout).toMatch(/Local demo tokens/);
      const curl = /curl -H 'Authorization: Bearer ([^']+)' (\S+)/.exec(stdout);
      expect(curl).not.toBeNull();
      const [, token, url] = curl!;

      const response = await fetch(url!, { headers: { authorization: `Bearer ${token}` } });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({
        grantId: 'RUN/573/2022',
        undisbursed: '620864.00',
      });
      expect((await fetch(url!)).status).toBe(401);

      // and the ready link signs the officer in: its token (in the fragment) is the officer's
      const ready = /Ready: open (http:\S+)\/#token=(\S+) to sign in as (\S+) \(officer\)/.exec(
        stdout,
      );
      expect(ready).not.toBeNull();
      const me = await fetch(`${ready![1]}/me`, {
        headers: { authorization: `Bearer ${ready![2]}` },
      });
      expect(await me.json()).toMatchObject({ actor: ready![3], roles: ['officer'] });
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
