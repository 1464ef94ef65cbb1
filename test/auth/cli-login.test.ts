// `grant-ledger login` through the device authorization grant against a real oidc-provider:
// the CLI prints a code, the person confirms it at the provider in Chromium, and the CLI's
// commands are then recorded as that person, with that person's roles.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { MAIN, ROOT, CLI_TIMEOUT, workspace, type Workspace } from '../cli/support.js';
import { confirmDeviceCode, launchBrowser, withoutChromium } from './provider-pages.js';
import { startProvider, type TestProvider } from './provider.js';
import { renewSignIn } from '../../infra/auth/device-login.js';
import type { StoredSignIn } from '../../infra/auth/token-file.js';
import { OIDC_CONFIG, signInEnvironment, signInSettings } from './support.js';

const TSX = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
const GRANT = 'RUN/573/2022';
const fulfil = (conditionId = 'other-financing') =>
  `${JSON.stringify({ type: 'FulfilCondition', grantId: GRANT, conditionId, fulfilledOn: '2023-06-01', evidence: 'Tillväxtverkets beslut' })}\n`;

/** Runs `login` and completes the person's step at the provider when the CLI shows the code. */
function login(ws: Workspace, env: Record<string, string>, browser: Browser, person: string) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', TSX, MAIN, 'login'], {
      cwd: ws.dir,
      env: { ...process.env, NODE_OPTIONS: '', ...env },
    });
    let stdout = '';
    let stderr = '';
    let confirming: Promise<void> | undefined;
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const url = /\(or open (\S+) directly\)/.exec(stdout)?.[1];
      if (url && !confirming)
        confirming = confirmDeviceCode(browser, url, person).catch((error: Error) => {
          stderr += `test: confirming the code failed: ${error.message}`;
          child.kill();
        });
    });
    child.on('close', (code) => void confirming?.finally(() => resolve({ code, stdout, stderr })));
  });
}

describe('grant-ledger login (device authorization grant)', () => {
  if (withoutChromium()) return;

  let provider: TestProvider;
  let browser: Browser;
  let ws: Workspace;
  let env: Record<string, string>;
  let tokenFile: string;

  beforeAll(async () => {
    provider = await startProvider('http://127.0.0.1:9');
    browser = await launchBrowser();
    ws = workspace();
    ws.write('ledger.config.json', JSON.stringify({ oidc: OIDC_CONFIG }));
    tokenFile = path.join(ws.dir, 'home', 'grant-ledger', 'token.json');
    env = { ...signInEnvironment(provider.issuer), XDG_CONFIG_HOME: path.join(ws.dir, 'home') };
    expect((await ws.run(['demo'])).code).toBe(0);
  }, CLI_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await provider?.close();
    ws?.dispose();
  });

  it(
    'signs the person in at the provider and keeps the token readable by the owner only',
    async () => {
      // when Anna runs login and confirms the code at the provider
      const run = await login(ws, env, browser, 'anna');
      // then
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/enter the code [A-Z]{4}-?[A-Z]{4}/);
      expect(run.stdout).toContain('Signed in as anna.handlaggare@regionjh.se (officer)');
      expect(fs.statSync(tokenFile).mode & 0o777).toBe(0o600);
      expect(fs.statSync(path.dirname(tokenFile)).mode & 0o777).toBe(0o700);
    },
    CLI_TIMEOUT,
  );

  it(
    'records her commands as her, whatever the line says, and only what her roles allow',
    async () => {
      // when she runs a command whose line names someone else
      const line = fulfil().replace('"type"', '"meta":{"actor":"someone.else@regionjh.se"},"type"');
      const ran = await ws.run(['exec'], { stdin: line, env });
      expect(ran.stderr).toBe('');
      expect(ran.code).toBe(0);
      // then the history names her
      const history = await ws.run(['history', GRANT, '--json'], { env });
      const last = JSON.parse(history.stdout).at(-1);
      expect([last.type, last.actor]).toEqual([
        'ConditionFulfilled',
        'anna.handlaggare@regionjh.se',
      ]);
      // and a command of the finance role is refused on its line
      const pay = `${JSON.stringify({ type: 'PayAdvance', grantId: GRANT, paymentId: 'x-1', amount: '1', orderedOn: '2023-06-02' })}\n`;
      const refused = await ws.run(['exec'], { stdin: pay, env });
      expect(refused.code).toBe(1);
      expect(JSON.parse(refused.stdout).error.code).toBe('FORBIDDEN');
      // and --actor may not name another person
      const other = await ws.run(['exec', '--actor', 'erik@regionjh.se'], { stdin: fulfil(), env });
      expect(other.code).toBe(2);
      expect(other.stderr).toMatch(/signed in as anna\.handlaggare@regionjh\.se/i);
    },
    CLI_TIMEOUT,
  );

  it(
    'renews a stored sign-in that is about to expire, with its refresh token',
    async () => {
      // given a stored access token with half a minute left
      const before = JSON.parse(fs.readFileSync(tokenFile, 'utf8')) as StoredSignIn;
      const soon = new Date(Date.now() + 30_000).toISOString();
      fs.writeFileSync(tokenFile, JSON.stringify({ ...before, expiresAt: soon }), { mode: 0o600 });
      // when a command runs
      const ran = await ws.run(['exec'], { stdin: '', env });
      // then a new access token was fetched and kept, still for the owner only
      expect([ran.code, ran.stderr]).toEqual([0, '']);
      expect(provider.tokenGrants).toContain('refresh_token');
      const after = JSON.parse(fs.readFileSync(tokenFile, 'utf8')) as StoredSignIn;
      expect(after.accessToken).not.toBe(before.accessToken);
      expect(Date.parse(after.expiresAt)).toBeGreaterThan(Date.parse(soon));
      expect(fs.statSync(tokenFile).mode & 0o777).toBe(0o600);
    },
    CLI_TIMEOUT,
  );

  it(
    'keeps working when the provider rotates its keys',
    async () => {
      // given the provider signs with a new key, the one of the stored token still published
      await provider.rotate();
      // when Anna uses her stored sign-in, and Erik a token of the new key in LEDGER_TOKEN
      const hers = await ws.run(['exec'], { stdin: fulfil('no-such-condition'), env });
      const erik = await provider.sign({
        email: 'ekonom.ordering@regionjh.se',
        roles: ['ledger-finance'],
      });
      const claim = {
        type: 'ReportCosts',
        grantId: GRANT,
        claimId: 'rot-claim-1',
        period: { from: '2023-05-01', to: '2023-12-31' },
        costs: [{ category: 'Personal', amount: '1000.00' }],
        submittedOn: '2024-01-15',
      };
      const his = await ws.run(['exec'], {
        stdin: `${JSON.stringify(claim)}\n`,
        env: { ...env, LEDGER_TOKEN: erik },
      });
      // then both are taken as who they are (her line is refused by the domain, not the sign-in)
      expect(JSON.parse(hers.stdout).error.code).not.toMatch(/UNAUTHENTICATED|FORBIDDEN/);
      expect(his.stderr).toBe('');
      expect(JSON.parse(his.stdout)).toMatchObject({ ok: true });
      expect(JSON.parse(his.stdout)).toMatchObject({ ok: true });
      const history = await ws.run(['history', GRANT, '--json'], { env });
      const last = JSON.parse(history.stdout).at(-1);
      expect([last.type, last.actor]).toEqual(['CostsReported', 'ekonom.ordering@regionjh.se']);
    },
    CLI_TIMEOUT,
  );

  it(
    'refuses a token file others can read; logout revokes the sign-in and forgets it',
    async () => {
      fs.chmodSync(tokenFile, 0o644);
      const open = await ws.run(['exec'], { stdin: fulfil(), env });
      expect(open.code).toBe(1);
      expect(open.stderr).toMatch(/can be read by others.*chmod 600/);
      fs.chmodSync(tokenFile, 0o600);
      const stored = JSON.parse(fs.readFileSync(tokenFile, 'utf8')) as StoredSignIn;
      const out = await ws.run(['logout'], { env });
      expect(out.stdout).toContain('Signed out');
      expect(out.stdout).toContain('revoked at the provider');
      expect(fs.existsSync(tokenFile)).toBe(false);
      // and a copy of the file left behind can no longer be renewed
      await expect(renewSignIn(signInSettings(provider.issuer), stored)).rejects.toThrow(
        /the sign-in has expired \(invalid_grant/,
      );
    },
    CLI_TIMEOUT,
  );
});
