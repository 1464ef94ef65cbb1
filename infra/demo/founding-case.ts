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

// The seed's prose, paragraph by paragraph (one line feed between paragraphs), so that the
// decision letter and the delegation report read like the seed.
const DESCRIPTION = [
  'Coompanion - Kooperativ Utveckling Jämtlands län ek. för. har inkommit med en ansökan om 763 643 kronor i medfinansiering till projektet Förstudie - Stärkta färdigheter för smart specialisering inom socialt och kooperativt företagande i Jämtland Härjedalen. Projektet är en förstudie och söker även medfinansiering från Tillväxtverket genom Europeiska regionala utvecklingsfonden. Projektet sträcker sig från 1 maj 2023 till 30 april 2024. Coompanion söker förskott om 142 779 kronor.',
  'För att nå framgång inom innovation, tillväxt och konkurrenskraft i framför allt glest befolkade regioner behöver det skapas förutsättningar för att bygga starka innovations- och företagsfrämjande system och stödstrukturer. En viktig del i arbetet för att bidra till en positiv riktning för länets utveckling blir därför behovet av att utveckla färdigheter och en god styrning för smart specialisering hos utförarnivån. Det är avgörande att de regionala ekosystemen formas utifrån ett underifrånperspektiv där lokala behov och förutsättningar tas i beaktning för att uppnå en god strukturomvandling och för att främja framtidens entreprenörskap och bidra till en stark innovations- och konkurrenskraft. För detta behöver kunskapsunderlag tas fram som är anpassade för utförarnivåerna i innovationsekosystemet.',
  'Förstudiens primära målgrupp är de innovations- och företagsfrämjande aktörerna på utförarnivå i länets ekosystem vilka påverkas, ska påverka, utveckla, ta del samt implementera länets smarta specialiseringsstrategi i sina arbetsprocesser. Aktörerna representerar en bred sektor av länets diversifierade näringsliv såsom den tillverkande industrin, tjänsteföretagen, civilsamhället och de sociala och kooperativa företagen.',
  'Förstudien syftar till att undersöka förutsättningarna att kunna bygga relevanta och värdeskapande ekosystem hos utförarnivån i länet för att bidra till en god styrning av de regionala strategierna för smart specialisering samt ta fram underlag som kan ligga till grund för metoder, modeller och processer anpassat efter regionala förutsättningar samt hur stödjande samverkansstrukturer kan byggas.',
  'Förväntat mål av förstudien är på kort sikt att den har bidragit med ett ökat kunskapsunderlag om de förutsättningar som finns för utförarnivån i länets ekosystem att effektivt kunna arbeta med att utveckla färdigheter och bidra till en god styrning av de smarta specialiseringsstrategierna. Kunskapsunderlagen baserar sig på den kontexten länet verkar i som utgörs av en lågdensitetsekonomi i ett glest befolkat område i norra Europa som saknar de agglomerationsfördelar som genereras i täta strukturer.',
  'Långsiktigt förväntas projektets planerade aktiviteter att leda till god styrning av de regionala strategierna för smart specialisering. Aktörer i civilsamhälle, kooperation och sociala företag ska få stärkta färdigheter att arbeta med innovation och utveckling inom den innovationsfrämjande strukturen. Projektet ska leda till en utvecklad och stärkt regional kapacitet genom ett bredare deltagande av medborgarna inom civilsamhälle, kooperation och sociala företag i innovationsarbete samt hållbara, motståndskraftiga och inkluderande aktörer i innovationsstödssystemet.',
].join('\n');

const MOTIVATION = [
  'Projektet ligger helt i linje med den nationella strategin för hållbar regional utveckling där det framgår att Smart specialisering kan bidra till såväl spets som breddning inom näringslivet samt bidrar till omställning och omvandling. Det är av särskild vikt att ta till vara socialt företagande och sociala företag som en viktig resurs i arbetet med att lösa samhällsutmaningar genom innovation.',
  'Projektet överensstämmer också med den Regionala utvecklingsstrategin där utvecklingen av länets styrkeområden är prioriterat. I program för smart specialisering står att regionalt anpassade innovationssystem, skräddarsydda efter behoven som uttrycks och finns inom respektive styrkeområde, är centralt för utvecklingen av arbetssättet smart specialisering.',
].join('\n');

export const FOUNDING_CASE_COMMANDS: CommandInput[] = [
  {
    type: 'ApplyForCoFinancing',
    grantId: FOUNDING_GRANT_ID,
    applicant: { name: 'Coompanion - Kooperativ Utveckling Jämtlands län ek. för.' },
    title:
      'Förstudie - Stärkta färdigheter för smart specialisering inom socialt och kooperativt företagande i Jämtland Härjedalen',
    description: DESCRIPTION,
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
    motivation: MOTIVATION,
    basis: ['Reviderad ansökan om stöd', 'Reviderad budget'],
    reportTo: 'Regionala utvecklingsnämnden',
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
