// interfaces.md "Operations" and "Bank files": `--out` never overwrites a file or writes
// through a symbolic link without --force; payments-file writes its file before it records
// anything (a folder that does not exist records nothing), `--file-id` writes an issued
// file again byte for byte, and ExportPayment is the ledger's own: `exec` refuses it.
// The real CLI on a real SQLite file, with a payee whose name has astral characters where
// a cut at 140 would fall.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { PAIN_001_XSD, validateXml } from '../support/xsd.js';
import {
  CLI_TIMEOUT,
  grantWithAdvance,
  jsonLines,
  toJsonl,
  workspace,
  type Workspace,
} from './support.js';

jest.setTimeout(CLI_TIMEOUT);

const ACCOUNT = { bankgiro: '5402-9681' };
/** 139 units, then an astral character: a cut at 140 units would split it. */
const PAYEE = `${'Föreningen för långa namn '.repeat(6).slice(0, 139)}😀 och 👨‍👩‍👧‍👦 ek. för.`;
const FILE_ARGS = [
  'payments-file',
  '--execution-date',
  '2030-03-12',
  '--debtor-name',
  'Region Jämtland Härjedalen',
  '--debtor-bankgiro',
  '5050-1055',
];

function withAccount(grantId: string, payee: string) {
  const commands = grantWithAdvance(grantId, '40000');
  const apply = commands[0]!;
  apply.applicant = { name: payee, payoutAccount: ACCOUNT };
  return commands;
}

describe('files the CLI writes', () => {
  let ws: Workspace;
  const exported = async () => {
    const events = await ws.run(['export', '--format', 'jsonl']);
    return (jsonLines(events.stdout) as { type: string }[]).filter(
      (e) => e.type === 'PaymentExported',
    ).length;
  };

  beforeAll(async () => {
    ws = workspace();
    const commands = [
      ...withAccount('RUN/24/2023', PAYEE),
      ...withAccount('RUN/25/2023', 'Vanliga föreningen'),
    ];
    const loaded = await ws.run(['exec', ws.write('grants.jsonl', toJsonl(commands))]);
    expect(loaded.code).toBe(0);
  });
  afterAll(() => ws.dispose());

  test('given --out into a folder that does not exist, when payments-file runs, then it fails before recording anything', async () => {
    const run = await ws.run([...FILE_ARGS, '--out', path.join(ws.dir, 'no-such', 'bank.xml')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/does not exist/);
    expect(await exported()).toBe(0);
  });

  test('given an existing file and a symbolic link, when payments-file writes to them without --force, then both are refused, untouched, and nothing is recorded', async () => {
    const existing = ws.write('earlier.xml', 'an earlier bank file');
    const target = ws.write('elsewhere.txt', 'not to be written through');
    const link = path.join(ws.dir, 'link.xml');
    fs.symlinkSync(target, link);
    const overwrite = await ws.run([...FILE_ARGS, '--out', existing]);
    const through = await ws.run([...FILE_ARGS, '--out', link]);
    expect([overwrite.code, through.code]).toEqual([2, 2]);
    expect(overwrite.stderr).toMatch(/exists already.*--force/);
    expect(through.stderr).toMatch(/symbolic link/);
    expect(fs.readFileSync(existing, 'utf8')).toBe('an earlier bank file');
    expect(fs.readFileSync(target, 'utf8')).toBe('not to be written through');
    expect(await exported()).toBe(0);
  });

  test('given --force, when payments-file writes, then the file holds both payments (the long name cut to the bank’s 70 characters) and --file-id writes it again byte for byte', async () => {
    const out = path.join(ws.dir, 'earlier.xml');
    const made = await ws.run([...FILE_ARGS, '--out', out, '--force']);
    expect(made.code).toBe(0);
    const fileId = /Payment file (\S+): 2 payments/.exec(made.stderr)?.[1];
    expect(fileId).toBeDefined();
    const xml = fs.readFileSync(out, 'utf8');
    expect(validateXml(xml, PAIN_001_XSD)).toMatchObject({ valid: true });
    // Names go to the bank as at most 70 characters of its character set.
    expect(xml).toContain(`<Nm>${PAYEE.slice(0, 70)}</Nm>`);
    expect(await exported()).toBe(2);
    expect(fs.readdirSync(ws.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    const again = path.join(ws.dir, 'again.xml');
    const rewritten = await ws.run([...FILE_ARGS, '--file-id', fileId!, '--out', again]);
    expect(rewritten.code).toBe(0);
    expect(fs.readFileSync(again)).toEqual(fs.readFileSync(out));
    expect(await exported()).toBe(2);
  });

  test('given an ExportPayment line, when exec runs it, then it is refused as the ledger’s own command, in Swedish', async () => {
    const line = {
      type: 'ExportPayment',
      grantId: 'RUN/25/2023',
      paymentId: 'RUN/25/2023-advance',
      fileId: 'PAY-1',
      executionDate: '2030-03-12',
      createdAt: '2030-03-11T10:00:00Z',
      debtor: { name: 'Region', bankgiro: '5050-1055' },
    };
    const run = await ws.run(['exec', '--actor', 'ekonom@test'], { stdin: toJsonl([line]) });
    expect(run.code).toBe(1);
    expect(jsonLines(run.stdout)).toEqual([
      {
        ok: false,
        error: {
          code: 'INTERNAL_COMMAND',
          message: expect.stringMatching(/bankfil/),
          path: 'type',
        },
      },
    ]);
  });

  test('given export --format jsonl --out and sie --out, when the file exists, then only --force replaces it', async () => {
    const events = path.join(ws.dir, 'events.jsonl');
    const first = await ws.run(['export', '--format', 'jsonl', '--out', events]);
    expect(first.code).toBe(0);
    expect(first.stdout).toBe('');
    expect(jsonLines(fs.readFileSync(events, 'utf8')).length).toBeGreaterThan(8);
    const second = await ws.run(['export', '--format', 'jsonl', '--out', events]);
    expect(second.code).toBe(2);
    const books = ws.write('books.se', 'earlier books');
    const sie = await ws.run(['sie', '--from', '2023-01-01', '--to', '2023-12-31', '--out', books]);
    expect(sie.code).toBe(2);
    expect(fs.readFileSync(books, 'utf8')).toBe('earlier books');
    const forced = ['sie', '--from', '2023-01-01', '--to', '2023-12-31', '--out', books, '--force'];
    expect((await ws.run(forced)).code).toBe(0);
    expect(fs.readFileSync(books, 'latin1')).toMatch(/^#FLAGGA 0/);
  });
});
