// The delegation report: the founding case and an amendment read from a real SQLite ledger
// over HTTP (json, csv, pdf through pdftotext), a revocation read from the event stream,
// and bad queries refused with the parameter they name.
import { describe, expect, it } from '@jest/globals';
import type { StoredEvent } from '../../commands/event-store-port.js';
import { delegationReport } from '../../infra/documents/delegation-report.js';
import { GRANT } from '../http/support.js';
import { foundingCaseServer, getBytes } from './founding.js';
import { POPPLER, isPdf, pdfText } from './poppler.js';

const FOUNDING_ROW = {
  grantId: GRANT,
  applicant: 'Coompanion - Kooperativ Utveckling Jämtlands län ek. för.',
  project:
    'Förstudie - Stärkta färdigheter för smart specialisering inom socialt och kooperativt företagande i Jämtland Härjedalen',
  decidedOn: '2023-04-20',
  decidedBy: 'Jonas Andersson',
  outcome: 'approved',
  amount: '763643.00',
  delegation: 'RUN/12/2023 § 30/2023',
  detail: '60 % av godkända kostnader, högst 763 643 kronor; förskott 142 779 kronor',
};

describe('GET /delegation-report', () => {
  const server = foundingCaseServer();

  it('given the founding case, when the report for 2023 is asked, then it lists its decision with every column', async () => {
    const { status, body } = await server().call(
      'GET',
      '/delegation-report?from=2023-01-01&to=2023-12-31',
      { who: 'viewer' },
    );
    expect(status).toBe(200);
    expect(body).toEqual({ from: '2023-01-01', to: '2023-12-31', rows: [FOUNDING_ROW] });
  });

  it('given the founding case, when a period without it or another delegation is asked, then the report is empty', async () => {
    const before = await server().call('GET', '/delegation-report?from=2022-01-01&to=2023-04-19', {
      who: 'viewer',
    });
    const other = await server().call(
      'GET',
      '/delegation-report?from=2023-01-01&to=2023-12-31&delegation=RUN%2F99%2F2023',
      { who: 'viewer' },
    );
    const same = await server().call(
      'GET',
      '/delegation-report?from=2023-01-01&to=2023-12-31&delegation=RUN%2F12%2F2023',
      { who: 'viewer' },
    );
    expect(before.body.rows).toEqual([]);
    expect(other.body.rows).toEqual([]);
    expect(same.body.rows).toEqual([FOUNDING_ROW]);
  });

  it('given an amendment under the same delegation, when the report is asked as csv, then the amendment follows the decision with its new cap', async () => {
    // given
    const amended = await server().send({
      type: 'AmendDecision',
      grantId: GRANT,
      decidedOn: '2023-10-02',
      decidedBy: 'Jonas Andersson',
      changes: { cap: '700000', finalReportDue: '2024-05-31' },
    });
    expect([amended.status, amended.body.error]).toEqual([200, undefined]);
    // when
    const csv = await server().call(
      'GET',
      '/delegation-report?from=2023-01-01&to=2023-12-31&format=csv',
      {
        who: 'viewer',
      },
    );
    // then
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.text.split('\r\n')).toEqual([
      'Diarienummer,Sökande,Projekt,Beslutsdatum,Beslutsfattare,Beslut,Belopp,Delegation,Innehåll',
      `${GRANT},Coompanion - Kooperativ Utveckling Jämtlands län ek. för.,${FOUNDING_ROW.project},2023-04-20,Jonas Andersson,Beviljat,763643.00,RUN/12/2023 § 30/2023,"60 % av godkända kostnader, högst 763 643 kronor; förskott 142 779 kronor"`,
      `${GRANT},Coompanion - Kooperativ Utveckling Jämtlands län ek. för.,${FOUNDING_ROW.project},2023-10-02,Jonas Andersson,Ändrat beslut,700000.00,RUN/12/2023 § 30/2023,tak 700 000 kronor; slutrapport senast 31 maj 2024`,
      '',
    ]);
  });

  (POPPLER ? it : it.skip)(
    'given the report, when it is asked as pdf, then pdftotext reads its title, period and rows in Swedish',
    async () => {
      const { status, type, bytes } = await getBytes(
        server(),
        '/delegation-report?from=2023-01-01&to=2023-12-31&format=pdf',
      );
      expect([status, type]).toEqual([200, 'application/pdf']);
      expect(isPdf(bytes)).toBe(true);
      const text = pdfText(bytes);
      expect(text).toContain('Anmälan av delegationsbeslut');
      expect(text).toContain('1 januari 2023 – 31 december 2023');
      expect(text).toContain('2 beslut.');
      for (const cell of ['RUN/573/2022', 'Beviljat', 'Ändrat beslut', '763 643', '700 000'])
        expect(text).toContain(cell);
      expect(text).toContain('RUN/12/2023 § 30/2023');
    },
  );

  it('given bad queries, then each is 400 INVALID_INPUT naming its parameter', async () => {
    const ask = (query: string) =>
      server().call('GET', `/delegation-report?${query}`, { who: 'viewer' });
    const cases: [string, string][] = [
      ['to=2023-12-31', 'from'],
      ['from=2023-02-30&to=2023-12-31', 'from'],
      ['from=2023-12-31&to=2023-01-01', 'to'],
      ['from=2023-01-01&to=2023-12-31&format=docx', 'format'],
      ['from=2023-01-01&to=2023-12-31&color=red', ''],
    ];
    for (const [query, path] of cases) {
      const { status, body } = await ask(query);
      expect([query, status, body.error.code]).toEqual([query, 400, 'INVALID_INPUT']);
      if (path !== '') expect([query, body.error.path]).toEqual([query, path]);
    }
    expect(
      (await server().call('GET', '/delegation-report?from=2023-01-01&to=2023-12-31')).status,
    ).toBe(401);
  });
  it('given the founding grant revoked under its delegation, when the report is asked, then the revocation follows with its ground, reason and entitlement limit', async () => {
    // given
    const revoked = await server().send(
      {
        type: 'RevokeGrant',
        grantId: GRANT,
        decidedOn: '2023-11-20',
        decidedBy: 'Jonas Andersson',
        ground: 'conditions-not-met',
        reason: 'Övrig finansiering beviljades inte.',
        entitlementLimit: '142779.00',
      },
      'officer',
    );
    expect(revoked.status).toBe(200);
    // when
    const { body } = await server().call(
      'GET',
      '/delegation-report?from=2023-11-01&to=2023-11-30',
      { who: 'viewer' },
    );
    // then
    expect(body.rows).toEqual([
      {
        ...FOUNDING_ROW,
        decidedOn: '2023-11-20',
        outcome: 'revoked',
        amount: '142779.00',
        detail: 'Grund: villkoren har inte uppfyllts. Övrig finansiering beviljades inte.',
      },
    ]);
  });
});

/** A grant's events as the store yields them, in global order. */
function stored(events: [type: string, data: unknown][]): AsyncIterable<StoredEvent> {
  return (async function* () {
    let position = 0;
    for (const [type, data] of events) {
      position += 1;
      yield {
        eventId: `e${position}`,
        streamId: 'grant-RUN/7/2023',
        revision: position - 1,
        position,
        type,
        version: 1,
        data,
        metadata: { actor: 'a', commandId: `c${position}`, recordedAt: '', hash: '' },
      };
    }
  })();
}

describe('delegationReport over the event stream', () => {
  it('given a decision and its revocation, when the year is reported, then the revocation is listed with its ground, reason and entitlement limit', async () => {
    const terms = {
      rate: '0.50',
      cap: '200000.00',
      advance: '0.00',
      appropriation: '1:1',
      legalBasis: 'Förordning (2003:596)',
      delegation: 'RUN/12/2023 § 30/2023',
      conditions: [],
      indicators: [],
      finalReportDue: '2024-12-31',
    };
    const events = stored([
      [
        'CoFinancingApplied',
        {
          applicant: { name: 'Östersunds Ekonomiska Förening' },
          title: 'Älvdalsprojektet',
          requestedAmount: '200000.00',
          projectPeriod: { start: '2023-01-01', end: '2024-12-31' },
          otherFinancing: [],
          submittedOn: '2023-01-10',
        },
      ],
      ['GrantApproved', { decidedOn: '2023-02-01', decidedBy: 'Jonas Andersson', terms }],
      [
        'GrantRevoked',
        {
          decidedOn: '2023-11-20',
          decidedBy: 'Jonas Andersson',
          ground: 'conditions-not-met',
          reason: 'Övrig finansiering beviljades inte.',
          entitlementLimit: '50000.00',
        },
      ],
    ]);
    const report = await delegationReport(events, { from: '2023-01-01', to: '2023-12-31' });
    expect(report.rows.map((r) => [r.outcome, r.decidedOn, r.amount, r.detail])).toEqual([
      [
        'approved',
        '2023-02-01',
        '200000.00',
        '50 % av godkända kostnader, högst 200 000 kronor; förskott 0 kronor',
      ],
      [
        'revoked',
        '2023-11-20',
        '50000.00',
        'Grund: villkoren har inte uppfyllts. Övrig finansiering beviljades inte.',
      ],
    ]);
    expect(report.rows[1]).toMatchObject({
      grantId: 'RUN/7/2023',
      applicant: 'Östersunds Ekonomiska Förening',
      project: 'Älvdalsprojektet',
      delegation: 'RUN/12/2023 § 30/2023',
    });
  });
});
