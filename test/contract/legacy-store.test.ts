// A store written by an earlier version of the ledger (test/fixtures/legacy-store/README.md)
// keeps working: its events replay unchanged (new rules judge new commands only), its
// chains verify, and its commandIds join the ledger-wide index.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { verifyStore } from '../../infra/eventstore/verify.js';
import { openLedger } from '../../infra/open-ledger.js';
import type { Ledger } from '../../infra/ledger.js';

const FIXTURE = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/legacy-store');
const recorded = (name: string) =>
  JSON.parse(fs.readFileSync(path.join(FIXTURE, name), 'utf8')) as Record<string, unknown>;
const commandLines = fs
  .readFileSync(path.join(FIXTURE, 'cmds.jsonl'), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as Record<string, unknown> & { meta: { commandId: string } });

describe('a SQLite store written before the business-date rules', () => {
  let dir: string;
  let ledger: Ledger;

  beforeEach(async () => {
    // given: a copy of the old file (the fixture itself is never written)
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'legacy-'));
    fs.copyFileSync(path.join(FIXTURE, 'legacy.db'), path.join(dir, 'ledger.db'));
    ledger = await openLedger({ storeUrl: `sqlite:${path.join(dir, 'ledger.db')}` });
  });

  afterEach(async () => {
    await ledger.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('when opened with today’s code, then every chain verifies and each balance shows the figures the old version showed', async () => {
    expect(await verifyStore(ledger.store)).toEqual({ ok: true, streams: 2, events: 16 });
    // Every figure as the old version showed it, but the one domain.md v3 changed on purpose:
    // an advance not yet set off (no final claim reviewed, no revocation) is not overpaid.
    const v3 = { overpaid: '0.00', advanceOutstanding: '142779.00', settlementFinal: false };
    expect(await ledger.balance('LEGACY/1/2023')).toMatchObject({
      ...recorded('LEGACY_1_2023.json'),
      ...v3,
    });
    expect(await ledger.balance('LEGACY/2/2023')).toMatchObject({
      ...recorded('LEGACY_2_2023.json'),
      ...v3,
      advanceOutstanding: '20000.00',
    });
    // and the replay as of a past date folds the old events too
    expect(await ledger.balance('LEGACY/1/2023', { asOf: '2023-02-15' })).toMatchObject({
      advancePaid: '142779.00',
      cap: '300000.00',
    });
  });

  it('when an old command is sent again with its old commandId, then it is a duplicate; on another grant, IDEMPOTENCY_CONFLICT', async () => {
    // given: the old advance order, commandId legacy-1-adv
    const oldAdvance = commandLines.find((c) => c.meta.commandId === 'legacy-1-adv')!;
    // when / then
    const again = await ledger.execute(oldAdvance);
    expect(again).toMatchObject({
      ok: true,
      duplicate: true,
      events: [{ type: 'PaymentOrdered', position: 4 }],
    });
    const elsewhere = await ledger.execute({
      ...oldAdvance,
      grantId: 'LEGACY/2/2023',
      paymentId: 'adv-9',
    });
    expect(elsewhere).toMatchObject({
      ok: false,
      error: { code: 'IDEMPOTENCY_CONFLICT', path: 'meta.commandId' },
    });
  });

  it('when a new command breaks a new rule on an old grant, then it is refused (new rules judge new commands)', async () => {
    // the old bank line of 1.00 stands; a second advance attested by the orderer in other
    // case is refused
    const order = await ledger.execute({
      type: 'PayAdvance',
      grantId: 'LEGACY/1/2023',
      paymentId: 'adv-2',
      amount: '1.00',
      orderedOn: '2023-09-02',
      meta: { actor: 'anna@region.se' },
    });
    expect(order).toMatchObject({ ok: false, error: { code: 'ADVANCE_LIMIT' } });
    const attest = await ledger.execute({
      type: 'AttestPayment',
      grantId: 'LEGACY/2/2023',
      paymentId: 'adv-1',
      attestedOn: '2024-02-01',
      meta: { actor: 'x' },
    });
    expect(attest).toMatchObject({ ok: false, error: { code: 'INVALID_STATE' } }); // closed
  });
});
