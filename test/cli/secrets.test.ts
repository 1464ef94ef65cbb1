// interfaces.md "Operations": secrets never appear in messages or logs. A store URL with a
// password, given to the CLI, fails in three ways (no server there, an unknown scheme, a
// wrong password at a real PostgreSQL when one is configured); every message, and the
// stack LEDGER_DEBUG adds, shows the URL with *** for its password.
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { CLI_TIMEOUT, workspace, type Workspace } from './support.js';

jest.setTimeout(CLI_TIMEOUT);

const PASSWORD = 'Hemligt-lösen-24';
const secret = encodeURIComponent(PASSWORD);
const database = process.env.DATABASE_URL ? new URL(process.env.DATABASE_URL) : undefined;

const urls: [string, string][] = [
  ['no server listening', `postgres://ledger:${secret}@127.0.0.1:1/ledger`],
  ['an unknown scheme', `mysql://ledger:${secret}@127.0.0.1/ledger`],
];
if (database) {
  urls.push([
    'a wrong password',
    `postgres://${database.username}:${secret}@${database.host}${database.pathname}`,
  ]);
} else
  console.warn(
    'secrets test: no DATABASE_URL, the wrong-password case at a real server is left out',
  );

describe('store URLs in CLI messages', () => {
  let ws: Workspace;
  beforeAll(() => {
    ws = workspace();
  });
  afterAll(() => ws.dispose());

  test.each(urls)(
    'given %s, when the CLI fails to open it, then the message shows the URL without its password',
    async (_what, url) => {
      const run = await ws.run(['--store', url, 'verify'], {
        noStore: true,
        env: { LEDGER_DEBUG: '1' },
      });
      expect(run.code).not.toBe(0);
      expect(run.stderr).toContain(':***@');
      expect(run.stderr).not.toContain(secret);
      expect(run.stderr).not.toContain(PASSWORD);
      expect(run.stdout).not.toContain(secret);
    },
  );
});
