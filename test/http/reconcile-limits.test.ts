// Reconciliation at the limits: a generated settlement id always fits the id rules, however
// long the grant and payment ids are (before, a 200-character id answered 500 after half
// the file was settled); and a statement full of bad rows gets a short answer.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { reconcileCommandId } from '../../infra/reconcile.js';
import { grantWithAdvance } from '../cli/support.js';
import { startTestServer, type TestServer } from './support.js';

let server: TestServer;
// its payment id is 100 characters, the longest allowed
const LONG_GRANT = `LONG/${'x'.repeat(82)}/2024`;
const SHORT_GRANT = 'SHORT/1/2024';

beforeAll(async () => {
  server = await startTestServer();
  for (const grantId of [SHORT_GRANT, LONG_GRANT]) {
    for (const command of grantWithAdvance(grantId, '30000')) {
      const result = await server.ledger.execute(command);
      if (!result.ok)
        throw new Error(`${String(command.type)}: ${result.error.code} ${result.error.message}`);
    }
  }
});

afterAll(async () => {
  await server.close();
});

describe('POST /reconcile at the limits', () => {
  it('given payments whose ids are as long as ids may be (100 characters), when reconciled, then every one is settled under an id that fits the rules', async () => {
    const statement = [
      'bookedOn,amount,reference',
      `2023-01-10,30000.00,${SHORT_GRANT}-advance`,
      `2023-01-10,30000.00,${LONG_GRANT}-advance`,
      '',
    ].join('\n');

    const { status, body } = await server.call('POST', '/reconcile', {
      who: 'finance',
      raw: statement,
      contentType: 'text/csv',
    });

    expect(status).toBe(200);
    expect(body).toMatchObject({ ok: true, recorded: 2 });
    const settled = (await server.ledger.store.readStream(`grant-${LONG_GRANT}`)).at(-1)!;
    expect(settled.type).toBe('PaymentSettled');
    expect(settled.metadata.commandId).toMatch(/^reconcile:settle:[0-9a-f]{40}$/);
    expect(reconcileCommandId(LONG_GRANT, `${LONG_GRANT}-advance`, '2023-01-10', '30000.00')).toBe(
      settled.metadata.commandId,
    );
  });

  it('given a statement with 5000 malformed rows, when posted, then 400 lists the first 100 and counts them all, and nothing is recorded', async () => {
    const before = (await server.ledger.store.readStream(`grant-${SHORT_GRANT}`)).length;
    const rows = Array.from(
      { length: 5000 },
      (_, i) => `2023-02-30,not-an-amount-${'y'.repeat(200)},REF-${i}`,
    );

    const { status, body, text } = await server.call('POST', '/reconcile', {
      who: 'finance',
      raw: ['bookedOn,amount,reference', ...rows, ''].join('\n'),
      contentType: 'text/csv',
    });

    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: 'INVALID_INPUT', problemCount: 5000 });
    expect(body.error.errors).toHaveLength(100);
    expect(text.length).toBeLessThan(100_000);
    expect(await server.ledger.store.readStream(`grant-${SHORT_GRANT}`)).toHaveLength(before);
  });
});
