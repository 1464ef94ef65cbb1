// The two documents at the command line, against a SQLite file the demo loaded:
// `delegation-report` and `decision-letter`, their files and their usage errors.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { CLI_TIMEOUT, workspace, type Workspace } from '../cli/support.js';
import { SEED_FIGURES } from './founding.js';
import { POPPLER, isPdf, pdfText } from './poppler.js';

jest.setTimeout(CLI_TIMEOUT);

describe('grant-ledger delegation-report and decision-letter', () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = workspace();
    expect((await ws.run(['demo'])).code).toBe(0);
  });
  afterAll(() => ws.dispose());

  test('given the demo, when the delegation report for 2023 is asked as json and csv, then the founding decision is in both', async () => {
    const json = await ws.run(['delegation-report', '--from', '2023-01-01', '--to', '2023-12-31']);
    const csv = await ws.run([
      'delegation-report',
      '--from=2023-01-01',
      '--to=2023-12-31',
      '--delegation',
      'RUN/12/2023',
      '--format',
      'csv',
    ]);
    expect([json.code, json.stderr]).toEqual([0, '']);
    expect(JSON.parse(json.stdout).rows).toEqual([
      expect.objectContaining({
        grantId: 'RUN/573/2022',
        decidedOn: '2023-04-20',
        decidedBy: 'Jonas Andersson',
        outcome: 'approved',
        amount: '763643.00',
        delegation: 'RUN/12/2023 § 30/2023',
      }),
    ]);
    expect(csv.code).toBe(0);
    expect(csv.stdout.split('\r\n')[1]).toMatch(
      /^RUN\/573\/2022,Coompanion .*,2023-04-20,Jonas Andersson,Beviljat,763643\.00,RUN\/12\/2023 § 30\/2023,/,
    );
  });

  (POPPLER ? test : test.skip)(
    'given the demo, when decision-letter writes the PDF with --out, then pdftotext finds the seed’s figures',
    async () => {
      const out = path.join(ws.dir, 'beslut.pdf');
      const run = await ws.run(['decision-letter', 'RUN/573/2022', '--out', out]);
      expect([run.code, run.stdout, run.stderr]).toEqual([0, '', '']);
      const bytes = fs.readFileSync(out);
      expect(isPdf(bytes)).toBe(true);
      const text = pdfText(bytes);
      for (const figure of SEED_FIGURES) expect(text).toContain(figure);
    },
  );

  test('given bad options or an unknown grant, then the CLI says what is wrong with its exit code and writes no file', async () => {
    const reversed = await ws.run([
      'delegation-report',
      '--from',
      '2023-12-31',
      '--to',
      '2023-01-01',
    ]);
    const badDate = await ws.run([
      'delegation-report',
      '--from',
      '2023-13-01',
      '--to',
      '2023-12-31',
    ]);
    const missing = await ws.run(['delegation-report', '--from', '2023-01-01']);
    const out = path.join(ws.dir, 'none.pdf');
    const unknown = await ws.run(['decision-letter', 'RUN/1/1999', '--out', out]);

    expect(reversed.code).toBe(2);
    expect(reversed.stderr).toContain('--to: from must not be after to');
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toContain('--from');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--to');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('There is no grant RUN/1/1999');
    expect(unknown.stderr).toContain('UNKNOWN_GRANT');
    expect(fs.existsSync(out)).toBe(false);
  });
});
