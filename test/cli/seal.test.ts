// Seals from the command line (interfaces.md `seal`, `seal-key`, `verify --seal`): made,
// kept in a file, recorded in the export, checked by our verify and by the README's
// openssl recipe; a store cut short behind the ledger's back is named. And verify opens
// the store read-only: it never creates one, and works on a read-only copy.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { CLI_TIMEOUT, jsonLines, ROOT, workspace, type Workspace } from './support.js';

jest.setTimeout(CLI_TIMEOUT);

/** The README's recipe, run with bash exactly as written there. */
function readmeRecipe(): string {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const match = /<!-- seal-check-recipe[^>]*-->\n```sh\n([\s\S]*?)```/.exec(readme);
  if (!match) throw new Error('README.md has no seal-check-recipe block');
  return match[1]!;
}

describe('grant-ledger seal, seal-key and verify --seal', () => {
  let ws: Workspace;
  let key: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    ws = workspace();
    expect((await ws.run(['demo', '--synthetic', '2'])).code).toBe(0);
    key = path.join(ws.dir, 'ledger-seal.pem');
    expect((await ws.run(['seal-key', '--out', key])).code).toBe(0);
    env = { LEDGER_SEAL_KEY: key };
  });
  afterAll(() => ws.dispose());

  test('given seal-key, when it runs, then a private key only its owner reads and a public key are written, and neither is overwritten', async () => {
    expect(fs.statSync(key).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(key, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(fs.readFileSync(`${key}.pub`, 'utf8')).toMatch(/^-----BEGIN PUBLIC KEY-----/);

    const again = await ws.run(['seal-key', '--out', key]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/exists already/);
  });

  test('given a signed seal, when verify --seal runs on the untouched store, then it holds (exit 0), and the export carries the seal', async () => {
    const file = path.join(ws.dir, 'seal-1.json');
    const sealed = await ws.run(['seal', '--out', file], { env });
    expect(sealed.code).toBe(0);
    expect(sealed.stdout).toMatch(
      /Sealed \d+ streams and \d+ events at position \d+ \(root [0-9a-f]{64}, signed\)/,
    );

    const check = await ws.run(['verify', '--seal', file], { env });
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(/The seal of .* holds: .*signed by the configured key/);
    const exported = jsonLines((await ws.run(['export', '--format', 'jsonl'])).stdout) as {
      streamId: string;
      data: unknown;
    }[];
    expect(exported.filter((e) => e.streamId === 'seals').map((e) => e.data)).toContainEqual(
      JSON.parse(fs.readFileSync(file, 'utf8')),
    );
  });

  test("given a signed seal, when the README's openssl recipe runs on it, then the signature and root check out, and fail once a field is edited", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seal-recipe-'));
    try {
      execFileSync(
        process.execPath,
        [
          '--import',
          'tsx',
          path.join(ROOT, 'infra/cli/main.ts'),
          '--store',
          ws.store,
          'seal',
          '--out',
          path.join(dir, 'seal.json'),
        ],
        {
          cwd: ROOT,
          env: { ...process.env, NODE_OPTIONS: '', LEDGER_SEAL_KEY: key },
        },
      );
      fs.copyFileSync(`${key}.pub`, path.join(dir, 'ledger-seal.pem.pub'));

      const good = spawnSync('bash', ['-c', readmeRecipe()], { cwd: dir, encoding: 'utf8' });
      expect(good.stdout + good.stderr).toMatch(
        /Signature Verified Successfully[\s\S]*Root matches the heads/,
      );
      expect(good.status).toBe(0);

      const seal = JSON.parse(fs.readFileSync(path.join(dir, 'seal.json'), 'utf8')) as {
        events: number;
      };
      fs.writeFileSync(
        path.join(dir, 'seal.json'),
        JSON.stringify({ ...seal, events: seal.events - 1 }),
      );
      const edited = spawnSync('bash', ['-c', readmeRecipe()], { cwd: dir, encoding: 'utf8' });
      expect(edited.stdout + edited.stderr).toMatch(/Signature Verification Failure/);
      expect(edited.status).not.toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('given a seal signed by another key, when verify --seal runs with our public key, then it is refused (exit 1)', async () => {
    const otherKey = path.join(ws.dir, 'other.pem');
    expect((await ws.run(['seal-key', '--out', otherKey])).code).toBe(0);
    const file = path.join(ws.dir, 'seal-other.json');
    expect(
      (await ws.run(['seal', '--out', file], { env: { LEDGER_SEAL_KEY: otherKey } })).code,
    ).toBe(0);

    const check = await ws.run(['verify', '--seal', file, '--public-key', `${key}.pub`]);
    expect(check.code).toBe(1);
    expect(check.stderr).toMatch(/signed by another key.*\[SEAL_KEY_MISMATCH\]/);
  });

  test('given the newest event of a stream and a whole stream deleted with SQL, when verify (plain and --seal) runs, then exit 1 names both while the chains alone are intact', async () => {
    const file = path.join(ws.dir, 'seal-before.json');
    expect((await ws.run(['seal', '--out', file], { env })).code).toBe(0);
    const copy = path.join(ws.dir, 'tampered.db');
    expect((await ws.run(['backup', copy])).code).toBe(0);
    const intruder = new Database(copy);
    intruder
      .prepare(
        "DELETE FROM events WHERE stream_id = 'grant-RUN/573/2022' AND revision = (SELECT MAX(revision) FROM events WHERE stream_id = 'grant-RUN/573/2022')",
      )
      .run();
    intruder.prepare("DELETE FROM events WHERE stream_id = 'grant-SYN/0002/2024'").run();
    intruder.close();

    // plain verify holds the ledger against the seal recorded in its own `seals` stream
    const plain = await ws.run(['--store', `sqlite:${copy}`, 'verify'], { noStore: true });
    expect(plain.code).toBe(1);
    expect(plain.stdout).toMatch(/every hash chain is intact/);
    expect(plain.stdout).toMatch(/newest seal in the ledger .* it does NOT hold/);
    const sealed = await ws.run(['--store', `sqlite:${copy}`, 'verify', '--seal', file, '--json'], {
      noStore: true,
      env,
    });
    expect(sealed.code).toBe(1);
    expect(sealed.stderr).toMatch(
      /Stream grant-RUN\/573\/2022 was cut short: the seal holds it up to revision 3, it now ends at revision 2\. \[SEAL_BROKEN\]/,
    );
    expect(sealed.stderr).toMatch(/Stream grant-SYN\/0002\/2024 was removed.*\[SEAL_BROKEN\]/);
    expect(JSON.parse(sealed.stdout)).toMatchObject({
      ok: false,
      seal: {
        ok: false,
        signature: 'valid',
        problems: [{ kind: 'cut-short' }, { kind: 'removed' }],
      },
    });
  });

  test('given a store that does not exist, when verify runs, then exit 2 says so and nothing is created', async () => {
    const missing = path.join(ws.dir, 'no-such-dir', 'typo.db');

    const { code, stderr } = await ws.run(['--store', `sqlite:${missing}`, 'verify'], {
      noStore: true,
    });

    expect(code).toBe(2);
    expect(stderr).toMatch(
      /There is no SQLite store at .*typo\.db.*nothing was created\. \[STORE_NOT_FOUND\]/,
    );
    expect(fs.existsSync(path.dirname(missing))).toBe(false);
  });

  test('given a copy of the store on a read-only file system, when verify runs, then it checks it (exit 0) without writing', async () => {
    const mount = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-ro-'));
    const copy = path.join(mount, 'ledger.db');
    // A read-only mount: even root cannot write there (file modes do not stop root).
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', mount]);
    try {
      expect((await ws.run(['backup', copy])).code).toBe(0);
      execFileSync('mount', ['-o', 'remount,ro', mount]);
      expect(() => fs.writeFileSync(path.join(mount, 'probe'), 'x')).toThrow(/EROFS/);

      const { code, stdout, stderr } = await ws.run(['--store', `sqlite:${copy}`, 'verify'], {
        noStore: true,
      });
      expect(stderr).toBe('');
      expect(code).toBe(0);
      expect(stdout).toMatch(/every hash chain is intact/);
      expect(fs.readdirSync(mount)).toEqual(['ledger.db']);

      // and a WAL-mode copy (the live file copied after the server stopped) is read too
      execFileSync('mount', ['-o', 'remount,rw', mount]);
      const wal = new Database(copy);
      wal.pragma('journal_mode = WAL');
      wal.close();
      execFileSync('mount', ['-o', 'remount,ro', mount]);
      const walRun = await ws.run(['--store', `sqlite:${copy}`, 'verify'], { noStore: true });
      expect(walRun.stderr).toBe('');
      expect(walRun.code).toBe(0);
    } finally {
      execFileSync('umount', [mount]);
      fs.rmSync(mount, { recursive: true, force: true });
    }
  });
});
