// `serve` seals the ledger by itself (interfaces.md `seal`, `serve --seal-every`): the real
// CLI, started as a child process with a seal key and a 2-second period, records signed
// seals that GET /seals hands out, seals again after new events (and not while nothing
// changes), logs each seal as a JSON line, puts them in the auditor's export, and
// `verify --seal` on the store accepts every seal it made.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { CLI_TIMEOUT, MAIN, ROOT, workspace, type Workspace } from './support.js';

jest.setTimeout(CLI_TIMEOUT);

const OFFICER = 'officer-token-serve-seals';
const AUDITOR = 'auditor-token-serve-seals';
const PERIOD_MS = 2000;

interface SealBody {
  sealedAt: string;
  position: number;
  events: number;
  root: string;
  signature?: string;
  publicKey?: string;
}

async function eventually<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  const ms = 60_000;
  const deadline = Date.now() + ms;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('grant-ledger serve --seal-every', () => {
  let ws: Workspace;
  let key: string;
  beforeAll(async () => {
    ws = workspace();
    key = path.join(ws.dir, 'ledger-seal.pem');
    expect((await ws.run(['seal-key', '--out', key])).code).toBe(0);
    const tokens = {
      [OFFICER]: { actor: 'handlaggare@region.se', roles: ['officer'] },
      [AUDITOR]: { actor: 'revisor@region.se', roles: ['auditor'] },
    };
    ws.write('tokens.json', JSON.stringify(tokens));
  });
  afterAll(() => ws.dispose());

  test('given a key and 2s, when serve runs, then signed seals come, verify --seal takes them', async () => {
    // given
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_OPTIONS: '',
      LEDGER_TOKENS: path.join(ws.dir, 'tokens.json'),
      LEDGER_SEAL_KEY: key,
    };
    delete env.LEDGER_STORE;
    const tsx = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
    const args = ['--store', ws.store, 'serve', '--demo', '--port', '0', '--host', '127.0.0.1'];
    // when
    const child = spawn(process.execPath, ['--import', tsx, MAIN, ...args, '--seal-every', '2s'], {
      cwd: ws.dir,
      env,
    });
    let stdout = '';
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const seals: SealBody[] = [];
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.setEncoding('utf8').on('data', (c: string) => {
          stdout += c;
          const serving = /Serving the grant ledger on (http:\/\/\S+) /.exec(stdout);
          if (serving) resolve(serving[1]!);
        });
        child.on('close', () => reject(new Error(`serve exited early: ${stderr}`)));
      });
      const call = (method: string, route: string, token: string, body?: unknown) =>
        fetch(`${url}${route}`, {
          method,
          headers: {
            authorization: `Bearer ${token}`,
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
      const recorded = async () =>
        (await (await call('GET', '/seals', AUDITOR)).json()) as SealBody[];

      // then: the first seal comes by itself, right after start
      const first = await eventually(async () => (await recorded())[0], 'the first seal');
      seals.push(first);
      expect(first.signature).toMatch(/^[A-Za-z0-9+/=]+$/);
      expect(first.publicKey).toContain('BEGIN PUBLIC KEY');

      // and with nothing new, a period passes without another seal
      await new Promise((resolve) => setTimeout(resolve, PERIOD_MS + 1000));
      expect(await recorded()).toHaveLength(1);

      // when a new event is recorded, then the next period seals it
      const applied = await call('POST', '/commands', OFFICER, {
        type: 'ApplyForCoFinancing',
        grantId: 'SEAL/1/2024',
        applicant: { name: 'Föreningen Sigill' },
        title: 'Projekt Sigill',
        requestedAmount: '100000',
        requestedAdvance: '0',
        projectPeriod: { start: '2024-01-01', end: '2024-12-31' },
        submittedOn: '2024-01-05',
      });
      expect(applied.status).toBe(200);
      const second = await eventually(async () => (await recorded())[1], 'a second seal');
      seals.push(second);
      expect(second.position).toBeGreaterThan(first.position);
      expect(second.events).toBeGreaterThan(first.events);
      const apart = Date.parse(second.sealedAt) - Date.parse(first.sealedAt);
      expect(apart).toBeGreaterThanOrEqual(PERIOD_MS);
      expect(second.signature).toBeDefined();

      // and the auditor's export carries both seals, as recorded in the stream `seals`
      const exported = (await (await call('GET', '/export', AUDITOR)).text())
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as { streamId: string; data: unknown });
      expect(exported.filter((e) => e.streamId === 'seals').map((e) => e.data)).toEqual(seals);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    // The log is JSON lines on stderr (stdout is the CLI's own output).
    const logged = stderr.split('\n').filter((l) => l.includes('"msg":"sealed the ledger"'));
    expect(logged.map((l) => (JSON.parse(l) as { seal: { root: string } }).seal.root)).toEqual(
      seals.map((s) => s.root),
    );

    // and verify --seal on the store accepts each seal the server made
    for (const [i, seal] of seals.entries()) {
      const file = ws.write(`served-seal-${i}.json`, JSON.stringify(seal));
      const check = await ws.run(['verify', '--seal', file], { env: { LEDGER_SEAL_KEY: key } });
      expect({ code: check.code, stderr: check.stderr }).toEqual({ code: 0, stderr: '' });
      expect(check.stdout).toMatch(/holds: .*signed by the configured key/);
    }
    expect(fs.existsSync(ws.db)).toBe(true);
  });
});
