// Recovery interest and reference rates over HTTP: SetReferenceRate (finance only),
// GET /reference-rates, and the balance's interest figures today and as of a past day.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { steppingClock } from '../../commands/clock.js';
import * as b from '../../commands/builders/grant-commands.js';
import { startTestServer, type TestServer } from './support.js';

let server: TestServer;
const PATH = `/grants/${encodeURIComponent(b.GRANT)}`;
const rate = (validFrom: string, r: string) => ({
  type: 'SetReferenceRate',
  validFrom,
  rate: r,
  source: 'Riksbanken',
});

beforeAll(async () => {
  // "today" is 2023-09-30, the day of domain.md's worked example's full repayment
  server = await startTestServer({ clock: steppingClock('2023-09-30T08:00:00.000Z', 1000) });
});

afterAll(async () => {
  await server.close();
});

describe('reference rates over HTTP', () => {
  it('given an officer, when SetReferenceRate is sent, then 403 (it is a finance command)', async () => {
    const { status, body } = await server.send(rate('2023-01-01', '2.50'), 'officer');
    expect(status).toBe(403);
    expect(body.error.code).toBe('FORBIDDEN');
  });

  it('given finance, when rates are set and one corrected, then GET /reference-rates lists the rates in force and what was corrected', async () => {
    for (const command of [
      rate('2023-01-01', '2.50'),
      rate('2023-07-01', '3.00'),
      rate('2023-07-01', '3.50'),
    ]) {
      const { status, body } = await server.send(command, 'finance');
      expect(status).toBe(200);
      expect(body.events).toMatchObject([
        { type: 'ReferenceRateSet', streamId: 'reference-rates' },
      ]);
      expect(body.grantId).toBeUndefined();
    }
    const { status, body } = await server.call('GET', '/reference-rates', { who: 'viewer' });
    expect(status).toBe(200);
    expect(body).toMatchObject([
      { validFrom: '2023-01-01', rate: '2.50', source: 'Riksbanken', corrected: [] },
      {
        validFrom: '2023-07-01',
        rate: '3.50',
        source: 'Riksbanken',
        corrected: [{ rate: '3.00' }],
      },
    ]);
    // as of a day before the second half-year, only the first rate was in force
    expect(
      (await server.call('GET', '/reference-rates?asOf=2023-06-30', { who: 'viewer' })).body.map(
        (r: { validFrom: string }) => r.validFrom,
      ),
    ).toEqual(['2023-01-01']);
  });

  it('given a validFrom that is not 1 January or 1 July, then 400 INVALID_INPUT at validFrom', async () => {
    const { status, body } = await server.send(rate('2023-03-01', '2.50'), 'finance');
    expect(status).toBe(400);
    expect(body.error.path).toBe('validFrom');
  });
});

describe("a recovery with interest by law over HTTP (domain.md's worked example)", () => {
  it('given 10 000 recovered with interest from 2023-05-03 and dueOn 2023-07-31, then the balance shows interest today and as of 2023-07-31', async () => {
    const steps = [
      b.apply(),
      b.approve(),
      b.payAdvance(),
      b.attest('adv-1'),
      b.reportCosts({
        final: true,
        period: { from: '2023-01-01', to: '2023-03-31' },
        costs: [{ category: 'personal', amount: '3000' }],
        submittedOn: '2023-04-20',
      }),
      b.review({ approvedAmount: '3000', disallowed: [], reviewedOn: '2023-04-25' }),
      b.claimRecovery({
        amount: '10000',
        decidedOn: '2023-05-10',
        dueOn: '2023-07-31',
        interest: { from: '2023-05-03' },
      }),
    ];
    for (const command of steps) expect((await server.send(command)).status).toBe(200);

    // today (2023-09-30), that day included: 61 days of § 6 interest
    const today = (await server.call('GET', PATH, { who: 'viewer' })).body;
    // 10 000 × (59 × 4.5 + 31 × 5.5 + 61 × 11.5) / 36 500 = 311.64
    expect(today).toMatchObject({
      interestAccrued: '311.64',
      interestPaid: '0.00',
      interestDue: '311.64',
    });
    expect(today.recoveries).toEqual([
      {
        recoveryId: 'rec-1',
        amount: '10000.00',
        dueOn: '2023-07-31',
        interestFrom: '2023-05-03',
        waived: '0.00',
        status: 'open',
        repayments: [],
        referenceRateMissingFrom: null,
        principalOutstanding: '10000.00',
        interestAccrued: '311.64',
        interestPaid: '0.00',
        interestDue: '311.64',
      },
    ]);
    const past = (await server.call('GET', `${PATH}?asOf=2023-07-31`, { who: 'viewer' })).body;
    expect(past).toMatchObject({ interestAccrued: '119.45', interestDue: '119.45' });

    // the full repayment on 2023-09-30 pays 308.49 interest (up to the day before) and all
    // principal
    const repaid = await server.send(b.repay({ amount: '10308.49', receivedOn: '2023-09-30' }));
    expect(repaid.status).toBe(200);
    const after = (await server.call('GET', PATH, { who: 'viewer' })).body;
    expect(after).toMatchObject({
      repaid: '10000.00',
      interestAccrued: '308.49',
      interestPaid: '308.49',
      interestDue: '0.00',
    });
    const history = (await server.call('GET', `${PATH}/history`, { who: 'auditor' })).body as {
      type: string;
      version: number;
      data: unknown;
    }[];
    // the event is the receipt as it came; its split is derived, and shown with the recovery
    expect(history.at(-1)).toMatchObject({
      type: 'RepaymentReceived',
      version: 3,
      data: { amount: '10308.49', receivedOn: '2023-09-30' },
    });
    expect(after.recoveries[0].repayments).toEqual([
      expect.objectContaining({ interestPaid: '308.49', principalPaid: '10000.00' }),
    ]);
  });
});
