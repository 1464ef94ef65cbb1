// `grant-ledger serve` configured as an installation would be: LEDGER_OIDC_* in the
// environment and the role mapping in ledger.config.json. The API takes the provider's
// tokens beside the demo tokens, the desk is told to sign in there, and a mistake in the
// settings stops serve with a usage error naming it.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CLI_TIMEOUT, MAIN, ROOT, workspace, type Workspace } from '../cli/support.js';
import { startProvider, type TestProvider } from './provider.js';
import { OIDC_CONFIG, signInEnvironment } from './support.js';

const TSX = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

let provider: TestProvider;
let ws: Workspace;

beforeAll(async () => {
  provider = await startProvider('http://127.0.0.1:9');
  ws = workspace();
  ws.write('ledger.config.json', JSON.stringify({ oidc: OIDC_CONFIG }));
});

afterAll(async () => {
  await provider.close();
  ws.dispose();
});

/** Starts serve; resolves with its URL once it listens, or with its exit when it stops. */
function serve(env: Record<string, string>) {
  const child = spawn(
    process.execPath,
    ['--import', TSX, MAIN, '--store', ws.store, 'serve', '--port', '0', '--host', '127.0.0.1'],
    { cwd: ws.dir, env: { ...process.env, NODE_OPTIONS: '', ...env } },
  );
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const ready = new Promise<{ url?: string; code?: number | null; stdout: string; stderr: string }>(
    (resolve) => {
      child.stdout.setEncoding('utf8').on('data', (c: string) => {
        stdout += c;
        const url = /Serving the grant ledger on (\S+)/.exec(stdout)?.[1];
        if (url && stdout.includes('Sign-in through')) resolve({ url, stdout, stderr });
      });
      void exited.then((code) => resolve({ code, stdout, stderr }));
    },
  );
  return { ready, stop: () => (child.kill('SIGTERM'), exited) };
}

it(
  'takes the provider tokens with the mapped roles and tells the desk to sign in there',
  async () => {
    const server = serve(signInEnvironment(provider.issuer));
    try {
      const { url, stdout } = await server.ready;
      expect(stdout).toContain(`Sign-in through ${provider.issuer}/`);
      const token = await provider.sign({ email: 'Stina@RegionJH.se', roles: ['ledger-attest'] });
      const me = await fetch(`${url}/me`, { headers: { authorization: `Bearer ${token}` } });
      expect(me.status).toBe(200);
      expect(await me.json()).toMatchObject({ actor: 'stina@regionjh.se', roles: ['attester'] });
      const signIn = (await (await fetch(`${url}/sign-in`)).json()) as Record<string, unknown>;
      expect(signIn).toMatchObject({ method: 'oidc', issuer: provider.issuer });
      const page = await fetch(`${url}/`);
      expect(page.headers.get('content-security-policy')).toContain(
        `connect-src 'self' ${provider.issuer}`,
      );
    } finally {
      await server.stop();
    }
  },
  CLI_TIMEOUT,
);

it.each([
  [
    'an issuer over http that is not on this machine',
    { LEDGER_OIDC_ISSUER: 'http://sso.example.se/realms/x' },
    /must be https/,
  ],
  ['no audience', { LEDGER_OIDC_AUDIENCE: '' }, /LEDGER_OIDC_AUDIENCE must name the audience/],
])(
  'refuses to start with %s (exit 2)',
  async (_name, change, message) => {
    const { code, stderr } = await serve({ ...signInEnvironment(provider.issuer), ...change })
      .ready;
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  },
  CLI_TIMEOUT,
);
