// The routes the desk reads besides the projections, over real HTTP: worklists per
// person, a grant's claims with cost lines, its recoveries, and the newest events.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  GRANT,
  GRANT_PATH,
  loadFoundingCase,
  startTestServer,
  type TestServer,
} from './support.js';

describe('the desk routes', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
    await loadFoundingCase(server);
    const steps: [Record<string, unknown>, 'officer' | 'finance' | 'both'][] = [
      [
        {
          type: 'FulfilCondition',
          grantId: GRANT,
          conditionId: 'other-financing',
          fulfilledOn: '2023-06-01',
          evidence: 'Beslut',
        },
        'officer',
      ],
      [
        {
          type: 'ReportCosts',
          grantId: GRANT,
          claimId: 'c1',
          period: { from: '2023-05-01', to: '2023-12-31' },
          costs: [
            { category: 'Personal', amount: '300000' },
            { category: 'Resor', amount: '100000' },
          ],
          submittedOn: '2024-01-15',
        },
        'finance',
      ],
      [
        {
          type: 'ReviewCosts',
          grantId: GRANT,
          claimId: 'c1',
          reviewedOn: '2024-02-01',
          approvedAmount: '380000',
          disallowed: [{ amount: '20000', reason: 'Utanför syftet' }],
        },
        'finance',
      ],
      // ordered by the person who is both finance and attester
      [
        {
          type: 'PayClaim',
          grantId: GRANT,
          paymentId: 'p1',
          claimId: 'c1',
          amount: '85221',
          orderedOn: '2024-02-05',
        },
        'both',
      ],
    ];
    for (const [command, who] of steps) {
      const result = await server.send(command, who);
      if (result.status !== 200)
        throw new Error(`${String(command.type)}: ${JSON.stringify(result.body)}`);
    }
  });

  afterAll(async () => server?.close());

  const list = (body: { lists: { id: string }[] }, id: string) =>
    body.lists.find((l) => l.id === id) as
      { count: number; items: { ref: string; amount: string }[]; orderedByMe?: number } | undefined;

  it('gives the attester the payment another person ordered, and its orderer none', async () => {
    const attester = await server.call('GET', '/worklists', { who: 'attester' });
    expect(attester.status).toBe(200);
    expect(list(attester.body, 'toAttest')).toMatchObject({
      count: 1,
      items: [{ ref: 'p1', amount: '85221.00' }],
      orderedByMe: 0,
    });
    expect(list(attester.body, 'payable')).toBeUndefined();

    const orderer = await server.call('GET', '/worklists', { who: 'both' });
    expect(list(orderer.body, 'toAttest')).toMatchObject({ count: 0, orderedByMe: 1 });
    expect(list(orderer.body, 'notInBankFile')).toMatchObject({
      count: 1,
      items: [{ ref: 'RUN/573/2022-advance-1' }],
    });
    expect(list(orderer.body, 'unsettled')).toMatchObject({ count: 0 });
  });

  it('gives the officer no finance lists and a viewer no lists', async () => {
    const officer = await server.call('GET', '/worklists', { who: 'officer' });
    expect(officer.body.lists.map((l: { id: string }) => l.id)).toEqual([
      'applications',
      'conditions',
      'finalReports',
      'indicators',
      'recoveriesExceeding',
    ]);
    expect(list(officer.body, 'conditions')?.count).toBe(0);
    expect((await server.call('GET', '/worklists', { who: 'viewer' })).body.lists).toEqual([]);
    expect((await server.call('GET', '/worklists')).status).toBe(401);
  });

  it('returns the claims with their cost lines, disallowed amounts, reasons and payments', async () => {
    const claims = await server.call('GET', `${GRANT_PATH}/claims`, { who: 'viewer' });
    expect(claims.body).toEqual([
      {
        claimId: 'c1',
        period: { from: '2023-05-01', to: '2023-12-31' },
        submittedOn: '2024-01-15',
        final: false,
        costs: [
          { category: 'Personal', amount: '300000.00' },
          { category: 'Resor', amount: '100000.00' },
        ],
        total: '400000.00',
        review: {
          reviewedOn: '2024-02-01',
          reviewedBy: 'ekonom.ordering@regionjh.se',
          approvedAmount: '380000.00',
          disallowed: [{ amount: '20000.00', reason: 'Utanför syftet' }],
          disallowedTotal: '20000.00',
        },
        paymentIds: ['p1'],
      },
    ]);
    const before = await server.call('GET', `${GRANT_PATH}/claims?asOf=2024-01-20`, {
      who: 'viewer',
    });
    expect(before.body[0].review).toBeNull();
    expect(
      (await server.call('GET', `/grants/${encodeURIComponent('NO/1')}/claims`, { who: 'viewer' }))
        .status,
    ).toBe(404);
    expect((await server.call('GET', `${GRANT_PATH}/recoveries`, { who: 'viewer' })).body).toEqual(
      [],
    );
  });

  it('shows the auditor the newest events, newest first', async () => {
    const latest = await server.call('GET', '/events/latest?limit=2', { who: 'auditor' });
    expect(latest.status).toBe(200);
    expect(latest.body.map((e: { type: string }) => e.type)).toEqual([
      'PaymentOrdered',
      'CostsReviewed',
    ]);
    expect(latest.body[0].position).toBeGreaterThan(latest.body[1].position);
    expect(latest.body[0].hash).toMatch(/^[0-9a-f]{64}$/);
    const all = await server.call('GET', '/events/latest?limit=200', { who: 'auditor' });
    expect(all.body).toHaveLength(8);
    expect((await server.call('GET', '/events/latest?limit=0', { who: 'auditor' })).status).toBe(
      400,
    );
    expect((await server.call('GET', '/events/latest', { who: 'viewer' })).status).toBe(403);
  });
});
