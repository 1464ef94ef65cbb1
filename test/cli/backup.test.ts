// `backup FILE` while another process writes: the copy is the store as of one commit, so
// it passes verify, and verify --seal with a seal made before the burst; a PostgreSQL
// store gets pg_dump advice instead.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { openLedger } from '../../infra/open-ledger.js';
import { apply } from '../../commands/builders/grant-commands.js';
import { CLI_TIMEOUT, workspace, type Workspace } from './support.js';

jest.setTimeout(CLI_TIMEOUT * 2);

const eventCount = (file: string): number => {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
  } finally {
    db.close();
  }
};

describe('grant-ledger backup', () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = workspace();
    expect((await ws.run(['demo'])).code).toBe(0);
  });
  afterAll(() => ws.dispose());

  test('given a burst of writes by another process, when backups are taken meanwhile, then each copy passes verify and verify --seal', async () => {
    const seal = path.join(ws.dir, 'seal-before.json');
    expect((await ws.run(['seal', '--out', seal])).code).toBe(0);
    const before = eventCount(ws.db);

    // when: this process keeps writing new grants while two backups are taken by the CLI
    const ledger = await openLedger({ storeUrl: ws.store });
    let writing = true;
    let written = 0;
    const writer = (async () => {
      while (writing) {
        const result = await ledger.execute(apply({ grantId: `BURST/${written + 1}/2024` }));
        if (!result.ok) throw new Error(`${result.error.code} ${result.error.message}`);
        written += 1;
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const copies = [path.join(ws.dir, 'copy-1.db'), path.join(ws.dir, 'copy-2.db')];
    const backups = [];
    const writtenAt: number[] = [];
    try {
      for (const copy of copies) {
        writtenAt.push(written);
        backups.push(await ws.run(['backup', copy]));
      }
      writtenAt.push(written);
    } finally {
      writing = false;
      await writer;
      await ledger.close();
    }

    // then
    // every backup ran while grants were being written
    expect(writtenAt[1]!).toBeGreaterThan(writtenAt[0]!);
    expect(writtenAt[2]!).toBeGreaterThan(writtenAt[1]!);
    for (const [i, copy] of copies.entries()) {
      expect(backups[i]!.code).toBe(0);
      expect(backups[i]!.stdout).toMatch(
        /Backed up .* to .*copy-\d\.db \(\d+ events in \d+ streams, .*\): every hash chain of the copy is intact/,
      );
      expect(fs.readdirSync(ws.dir).filter((f) => f.startsWith(path.basename(copy)))).toEqual([
        path.basename(copy),
      ]);
      const verified = await ws.run(['--store', `sqlite:${copy}`, 'verify', '--seal', seal], {
        noStore: true,
      });
      expect(verified.stderr).toBe('');
      expect(verified.code).toBe(0);
      expect(eventCount(copy)).toBeGreaterThan(before);
    }
    expect(eventCount(copies[1]!)).toBeLessThan(eventCount(ws.db));
  });

  test('given an existing file, when backup runs, then exit 2 and it is not overwritten', async () => {
    const file = ws.write('taken.db', 'keep me');

    const { code, stderr } = await ws.run(['backup', file]);

    expect(code).toBe(2);
    expect(stderr).toMatch(/exists already/);
    expect(fs.readFileSync(file, 'utf8')).toBe('keep me');
  });

  test('given a PostgreSQL store, when backup runs, then exit 2 with the pg_dump recipe', async () => {
    const { code, stderr } = await ws.run(
      ['--store', 'postgres://ledger@db.example:5432/ledger?schema=region', 'backup', 'x.dump'],
      { noStore: true },
    );

    expect(code).toBe(2);
    expect(stderr).toMatch(
      /pg_dump --format=custom --schema=region --file=FILE 'postgres:\/\/ledger@db\.example:5432\/ledger'.*\[USE_STORE_TOOLS\]/,
    );
  });
});
