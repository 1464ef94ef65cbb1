// The founding case: Region Jämtland Härjedalen's decision RUN/573/2022
// (shared/seeds/000_135b08400653e31f.txt), as the commands a user would send.
// The seed gives no dates for the application, the decision or the payment; the dates
// below are our assumptions (README, "The founding case") and are stated nowhere else.
// Fixed commandIds make `demo` idempotent: running it twice appends nothing new.

import type { CommandInput } from '../../domain/ledger-commands.js';

export const FOUNDING_GRANT_ID = 'RUN/573/2022';

export const FOUNDING_ACTORS = {
  registrar: 'registrator@regionjh.se',
  chair: 'jonas.andersson@regionjh.se',
  orderer: 'ekonom.ordering@regionjh.se',
  attester: 'ekonom.attest@regionjh.se',
} as const;

export const FOUNDING_CASE_COMMANDS: CommandInput[] = [
  {
    type: 'ApplyForCoFinancing',
    grantId: FOUNDING_GRANT_ID,
    applicant: { name: 'Coompanion - Kooperativ Utveckling Jämtlands län ek. för.' },
    title:
      'Förstudie - Stärkta färdigheter för smart specialisering inom socialt och kooperativt företagande i Jämtland Härjedalen',
    requestedAmount: '763643',
    requestedAdvance: '142779',
    projectPeriod: { start: '2023-05-01', end: '2024-04-30' },
    otherFinancing: [{ financier: 'Tillväxtverket (Europeiska regionala utvecklingsfonden)' }],
    submittedOn: '2023-03-15',
    meta: { actor: FOUNDING_ACTORS.registrar, commandId: 'demo:RUN/573/2022:apply' },
  },
  {
    type: 'GrantDecision',
    grantId: FOUNDING_GRANT_ID,
    decidedOn: '2023-04-20',
    decidedBy: 'Jonas Andersson',
    outcome: 'approved',
    reason:
      'Projektet ligger helt i linje med den nationella strategin för hållbar regional utveckling och med den regionala utvecklingsstrategin.',
    terms: {
      rate: '0.60',
      cap: '763643',
      advance: '142779',
      appropriation: '1:1 Regionala tillväxtåtgärder',
      legalBasis: 'Förordning (2003:596)',
      generalConditions: 'RUN/640/2017',
      delegation: 'RUN/12/2023 § 30/2023',
      conditions: [{ id: 'other-financing', text: 'Övrig finansiering ordnas enligt ansökan' }],
      indicators: [
        {
          id: 'knowledge-bases',
          name: 'Antal framtagna kunskapsunderlag, strategier och program',
          targets: { report: 1, 'sub-report': 3 },
        },
      ],
      finalReportDue: '2024-04-30',
    },
    meta: { actor: FOUNDING_ACTORS.chair, commandId: 'demo:RUN/573/2022:decision' },
  },
  {
    type: 'PayAdvance',
    grantId: FOUNDING_GRANT_ID,
    paymentId: 'RUN/573/2022-advance-1',
    amount: '142779',
    orderedOn: '2023-05-02',
    meta: { actor: FOUNDING_ACTORS.orderer, commandId: 'demo:RUN/573/2022:advance-order' },
  },
  {
    type: 'AttestPayment',
    grantId: FOUNDING_GRANT_ID,
    paymentId: 'RUN/573/2022-advance-1',
    attestedOn: '2023-05-03',
    meta: { actor: FOUNDING_ACTORS.attester, commandId: 'demo:RUN/573/2022:advance-attest' },
  },
];
