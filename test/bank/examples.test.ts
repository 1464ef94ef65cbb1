// The finance walk-through of the README on a real ledger: every file in docs/examples/ is
// what the ledger writes or reads — the configuration parses, the pain.001 is the one the
// ledger makes (and validates), the bank's camt.053 and the bank's CSV export (Windows-1252,
// a preamble) reconcile, and the SIE file is the one the ledger writes. Run with
// UPDATE_EXAMPLES=1 to write the examples again after a deliberate change.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { makePaymentFile } from '../../infra/bank/payment-files.js';
import { sieOptionsOf } from '../../infra/books/request.js';
import { sieFile } from '../../infra/books/sie.js';
import { ledgerConfigSchema } from '../../infra/config.js';
import { loadFoundingCase } from '../../infra/demo/load-demo.js';
import { reconcile, type ReconcileResult } from '../../infra/reconcile.js';
import { isRejection } from '../../domain/errors.js';
import { PAIN_001_XSD, validateXml } from '../support/xsd.js';
import { readSie } from '../support/sie-reader.js';
import { FINANCE, testLedger, type TestLedger } from './support.js';

const EXAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/examples');
const example = (name: string) => fs.readFileSync(path.join(EXAMPLES, name));
const UPDATE = process.env.UPDATE_EXAMPLES === '1';
/** The day after the bank booked the payout. */
const NOW = new Date('2023-05-05T15:00:00.000Z');

/** The example as the ledger made it now: written again on UPDATE, else compared. */
function sameAsExample(name: string, made: Buffer | string, ignore?: RegExp): void {
  const bytes = Buffer.isBuffer(made) ? made : Buffer.from(made, 'utf8');
  if (UPDATE) fs.writeFileSync(path.join(EXAMPLES, name), bytes);
  const strip = (b: Buffer) => b.toString('latin1').replace(ignore ?? /$^/, '');
  expect(strip(bytes)).toBe(strip(example(name)));
}

const ok = (r: ReconcileResult) => {
  if (!r.ok) throw new Error(`expected a report, got errors ${JSON.stringify(r.errors)}`);
  return r;
};

let t: TestLedger;
beforeAll(async () => {
  t = await testLedger(NOW);
  await loadFoundingCase(t.ledger);
});
afterAll(async () => {
  await t.dispose();
});

describe('docs/examples: payout account → bank file → statement → books', () => {
  const config = ledgerConfigSchema.parse(JSON.parse(example('ledger.config.json').toString()));

  it('given the configuration and the payout account commands, then payments-file writes the example pain.001', async () => {
    for (const line of example('payout-account.jsonl').toString().trim().split('\n')) {
      const command = JSON.parse(line) as Record<string, unknown> & { meta: { actor: string } };
      await t.run(command, command.meta.actor);
    }
    const file = await makePaymentFile(t.ledger, {
      executionDate: '2023-05-04',
      debtor: config.debtor!,
      fileId: 'PF-2023-05-04-1',
      actor: FINANCE,
    });
    expect(file.payments).toHaveLength(1);
    expect(validateXml(file.xml!, PAIN_001_XSD).valid).toBe(true);
    sameAsExample('pain001-PF-2023-05-04-1.xml', file.xml!);
  });

  it("given the bank's camt.053, then the payout is settled and the fee reported", async () => {
    const report = ok(
      await reconcile(t.ledger, example('camt053-2023-05-04.xml'), { actor: FINANCE }),
    );
    expect(report.matched.map((m) => [m.paymentId, m.alreadySettled])).toEqual([
      ['RUN/573/2022-advance-1', false],
    ]);
    expect(report.unknownInBank.map((u) => u.amount)).toEqual(['25.00']);
  });

  it("given the internet bank's CSV export (Windows-1252, a preamble, Bokföringsdatum;…;Meddelande;Belopp), then it reads the same booking", async () => {
    const csv = example('bank-export-2023-05-05.csv');
    expect(csv.includes(Buffer.from('ö', 'utf8'))).toBe(false);
    const report = ok(await reconcile(t.ledger, csv, { actor: FINANCE }));
    expect(report.format).toBe('csv');
    expect(report.matched).toEqual([
      expect.objectContaining({ line: 6, amount: '142779.00', alreadySettled: true }),
    ]);
    expect(report.unknownInBank).toEqual([
      expect.objectContaining({ line: 7, amount: '25.00', reference: 'Avgift bankgiro – maj' }),
    ]);
    expect(report.recorded).toBe(0);
  });

  it('given the year, then sie writes the example SIE file, one fiscal year, with #ORGNR', async () => {
    const options = sieOptionsOf({ from: '2023-01-01', to: '2023-12-31' }, config);
    if (isRejection(options)) throw new Error(options.message);
    const file = await sieFile(t.ledger, options);
    const sie = readSie(file.bytes);
    expect(sie.orgnr).toBe(config.orgNumber);
    expect(sie.rar.get('0')).toEqual(['20230101', '20231231']);
    expect(sie.ver.map((v) => v.text)).toEqual(['Förskott RUN/573/2022']);
    // The program's version changes with every release; the rest is the example.
    sameAsExample('ledger-2023.se', file.bytes, /#PROGRAM [^\r]*/);
  });
});
