// A recovery's OCR reference (interfaces.md "Bank files"): shown with the recovery over
// HTTP (and so in the desk), with a valid Luhn digit, and the very reference a bank
// statement's credit carries back.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { hasLuhnDigit } from '../../domain/bank/check-digits.js';
import { ocrReferenceOf } from '../../domain/bank/references.js';
import { grantWithAdvance } from '../cli/support.js';
import { startTestServer, type TestServer } from './support.js';

const GRANT = 'OCR/1/2023';
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
  // given: an advance of 40 000 paid, the grant revoked (nothing entitled: the advance is
  // overpaid), a recovery of 10 000 decided
  const revocation = {
    type: 'RevokeGrant',
    grantId: GRANT,
    decidedOn: '2023-02-20',
    decidedBy: 'Jonas Andersson',
    ground: 'not-used-as-intended',
    reason: 'Projektet avbröts',
    meta: { actor: 'handlaggare@test' },
  };
  const recovery = {
    type: 'ClaimRecovery',
    grantId: GRANT,
    recoveryId: 'rec-1',
    amount: '10000',
    decidedOn: '2023-03-01',
    reason: 'Projektet avbröts',
    meta: { actor: 'ekonom@test' },
  };
  for (const command of [...grantWithAdvance(GRANT, '40000'), revocation, recovery]) {
    const result = await server.ledger.execute(command);
    if (!result.ok)
      throw new Error(`${String(command.type)}: ${result.error.code} ${result.error.message}`);
  }
});

afterAll(async () => server.close());

describe('the OCR reference of a recovery', () => {
  it('given a recovery, when its grant’s recoveries are read, then each carries its OCR reference with a valid Luhn digit', async () => {
    const { status, body } = await server.call(
      'GET',
      `/grants/${encodeURIComponent(GRANT)}/recoveries`,
      { who: 'viewer' },
    );
    expect(status).toBe(200);
    expect(body).toEqual([
      expect.objectContaining({
        recoveryId: 'rec-1',
        ocrReference: ocrReferenceOf(GRANT, 'rec-1'),
      }),
    ]);
    expect(body[0].ocrReference).toMatch(/^\d{16}$/);
    expect(hasLuhnDigit(body[0].ocrReference)).toBe(true);
  });
});
