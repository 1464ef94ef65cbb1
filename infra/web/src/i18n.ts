// The desk's words, Swedish first and English as a choice. A missing key fails the
// type check, so both languages always have every label.

export const LANGUAGES = ['sv', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const LANGUAGE_KEY = 'grant-ledger.lang';

const WORDS = {
  appName: ['Bidragsreskontra', 'Grant ledger'],
  appSub: ['medfinansiering och utbetalningar', 'co-financing and disbursements'],
  skip: ['Hoppa till innehållet', 'Skip to content'],
  signOut: ['Logga ut', 'Sign out'],
  language: ['Språk', 'Language'],
  footer: [
    'Belopp i kronor. Varje siffra kommer ur händelseloggen och kan spåras i ärendets historik.',
    'Amounts in SEK. Every figure comes from the event log and can be traced in a grant’s history.',
  ],
  // sign-in
  signInTitle: ['Logga in', 'Sign in'],
  signInIntro: [
    'Skrivbordet läser och skriver i reskontran med din personliga nyckel (token). Nyckeln stannar i den här fliken och skickas bara till den här servern.',
    'The desk reads and writes the ledger with your personal key (token). It stays in this tab and is only sent to this server.',
  ],
  signInWhere: [
    'Var får jag en nyckel? Den som driver reskontran ger dig en i filen som LEDGER_TOKENS pekar ut. I demoläget skriver `npm start` ut en nyckel per roll och en färdig länk som loggar in handläggaren.',
    'Where do I get a token? Whoever runs the ledger gives you one from the file LEDGER_TOKENS names. In demo mode `npm start` prints one token per role and a ready link that signs in the officer.',
  ],
  tokenLabel: ['Nyckel (token)', 'Token'],
  signInButton: ['Logga in', 'Sign in'],
  tokenUnknown: [
    'Nyckeln är okänd. Be om en giltig nyckel.',
    'That token is not known. Ask for a valid one.',
  ],
  tokenExpired: [
    'Nyckeln gäller inte längre. Logga in igen.',
    'Your token is no longer valid. Sign in again.',
  ],
  unreachable: ['Reskontran svarar inte: {0}', 'The ledger cannot be reached: {0}'],
  signedInAs: ['{0} ({1})', '{0} ({1})'],
  // roles
  role_officer: ['handläggare', 'officer'],
  role_finance: ['ekonom', 'finance'],
  role_attester: ['attestant', 'attester'],
  role_auditor: ['revisor', 'auditor'],
  role_viewer: ['läsare', 'viewer'],
  // navigation
  navStart: ['Att göra', 'To do'],
  navGrants: ['Ärenden', 'Grants'],
  navPortfolio: ['Portfölj', 'Portfolio'],
  navNew: ['Ny ansökan', 'New application'],
  backToStart: ['← Tillbaka till att göra', '← Back to the to-do lists'],
  backToGrant: ['← Tillbaka till ärendet', '← Back to the grant'],
  // worklists
  worklistsTitle: ['Att göra', 'To do'],
  worklistsIntro: [
    'Äldst först. Siffran är hur många som väntar.',
    'Oldest first. The number is how many wait.',
  ],
  wl_applications: ['Ansökningar att besluta', 'Applications to decide'],
  wl_conditions: ['Villkor som inte är uppfyllda', 'Conditions not yet fulfilled'],
  wl_finalReports: [
    'Slutrapporter som snart ska in eller är sena',
    'Final reports due soon or overdue',
  ],
  wl_indicators: [
    'Indikatorer som inte nått målet före slutrapport',
    'Indicators short of target before the final report',
  ],
  wl_claimsToReview: ['Rekvisitioner att granska', 'Claims to review'],
  wl_payable: [
    'Granskade rekvisitioner med belopp att betala ut',
    'Reviewed claims with something payable',
  ],
  wl_notInBankFile: [
    'Attesterade utbetalningar som inte ligger i någon bankfil',
    'Attested payments not yet in a bank file',
  ],
  wl_unsettled: [
    'Utbetalningar i bankfil som banken inte bokfört',
    'Payments in a bank file the bank has not booked',
  ],
  wl_returned: [
    'Utbetalningar som banken skickat tillbaka (beordra på nytt när kontot är rättat)',
    'Payments the bank returned (order again once the account is corrected)',
  ],
  wl_payoutAccounts: [
    'Ändrade utbetalningskonton att bekräfta',
    'Changed payout accounts to confirm',
  ],
  wl_recoveries: ['Öppna återkrav', 'Open recoveries'],
  wl_recoveriesExceeding: [
    'Återkrav som är större än det som är att betala tillbaka',
    'Recoveries larger than what is owed back',
  ],
  wl_toAttest: ['Utbetalningar som väntar på min attest', 'Payments awaiting my attest'],
  orderedByMe: [
    '{0} utbetalning(ar) som du själv beordrat väntar på någon annans attest och visas inte här.',
    '{0} payment(s) you ordered yourself await someone else’s attest and are not shown here.',
  ],
  nothingWaits: ['Inget väntar.', 'Nothing waits.'],
  showing: ['Visar {0} av {1}.', 'Showing {0} of {1}.'],
  overdue: ['försenad', 'overdue'],
  due: ['ska in', 'due'],
  orderedBy: ['beordrad av {0}', 'ordered by {0}'],
  attestedByLine: ['attesterad av {0}', 'attested by {0}'],
  inFileLine: ['i bankfil {0}', 'in bank file {0}'],
  changedByLine: ['ändrat av {0}', 'changed by {0}'],
  doAction: ['Gör', 'Do'],
  col_note: ['Anmärkning', 'Note'],
  noWorklists: [
    'Din roll har inga arbetslistor. Du kan läsa ärenden och portfölj.',
    'Your role has no worklists. You can read grants and the portfolio.',
  ],
  // auditor
  auditTitle: ['Revision', 'Audit'],
  verifyButton: ['Kontrollera hashkedjorna', 'Verify the hash chains'],
  verifyOk: [
    'Alla {0} händelser i {1} strömmar är intakta.',
    'All {0} events in {1} streams are intact.',
  ],
  verifyBroken: ['Kedjan är bruten: {0}', 'The chain is broken: {0}'],
  verifying: ['Kontrollerar …', 'Verifying …'],
  latestEvents: ['Senaste händelserna', 'Latest events'],
  // grant list
  grantsTitle: ['Ärenden', 'Grants'],
  search: ['Sök (diarienummer, projekt, sökande)', 'Search (id, project, applicant)'],
  status: ['Status', 'Status'],
  all: ['alla', 'all'],
  sortBy: ['Sortera efter', 'Sort by'],
  pageOf: ['Sida {0} av {1}', 'Page {0} of {1}'],
  previous: ['Föregående', 'Previous'],
  next: ['Nästa', 'Next'],
  grantsCount: ['{0} ärenden', '{0} grants'],
  totals: ['Summa', 'Total'],
  noGrants: ['Inga ärenden.', 'No grants.'],
  col_grant: ['Diarienummer', 'Grant'],
  col_project: ['Projekt och sökande', 'Project and applicant'],
  col_status: ['Status', 'Status'],
  col_cap: ['Tak', 'Cap'],
  col_entitlement: ['Utnyttjat av taket', 'Cap used'],
  col_netPaid: ['Utbetalt netto', 'Net paid'],
  col_payable: ['Att betala ut nu', 'Payable now'],
  col_undisbursed: ['Kvar att betala ut', 'Left to pay out'],
  col_finalReport: ['Slutrapport', 'Final report'],
  st_applied: ['ansökt', 'applied'],
  st_approved: ['beviljat', 'approved'],
  st_rejected: ['avslaget', 'rejected'],
  st_withdrawn: ['återkallat', 'withdrawn'],
  st_closed: ['avslutat', 'closed'],
  fr_pending: ['ej inlämnad', 'pending'],
  fr_overdue: ['försenad', 'overdue'],
  'fr_on-time': ['inlämnad i tid', 'on time'],
  fr_late: ['inlämnad sent', 'late'],
  // portfolio
  portfolioTitle: ['Portfölj per anslag', 'Portfolio per appropriation'],
  col_appropriation: ['Anslag', 'Appropriation'],
  col_committed: ['Åtaget', 'Committed'],
  col_paid: ['Utbetalt netto', 'Net paid'],
  col_remainingCommitment: ['Återstående åtagande', 'Remaining commitment'],
  col_grants: ['Ärenden', 'Grants'],
  nothingCommitted: ['Inget är åtaget ännu.', 'Nothing is committed yet.'],
  // grant page
  tabOverview: ['Översikt', 'Overview'],
  tabClaims: ['Rekvisitioner', 'Claims'],
  tabPayments: ['Utbetalningar', 'Payments'],
  tabActions: ['Åtgärder', 'Actions'],
  tabHistory: ['Historik', 'History'],
  asOfLabel: ['Per datum (ÅÅÅÅ-MM-DD)', 'As of date (YYYY-MM-DD)'],
  show: ['Visa', 'Show'],
  today: ['idag', 'today'],
  asOfNotice: [
    'Ärendet som det såg ut {0}: bara händelser daterade den dagen eller tidigare.',
    'The grant as of {0}: only events dated on or before that day.',
  ],
  balanceTitle: ['Saldo', 'Balance'],
  printBalance: ['Skriv ut saldot', 'Print the balance'],
  printOrder: ['Skriv ut betalningsorder', 'Print the payment order'],
  print: ['Skriv ut', 'Print'],
  grp_decision: ['Beslutet', 'The decision'],
  grp_costs: ['Kostnader', 'Costs'],
  grp_paid: ['Utbetalt', 'Paid'],
  grp_left: ['Kvar', 'Left'],
  f_advanceOffset: ['Förskott avräknat mot rekvisitioner', 'Advance set off against claims'],
  f_advanceOutstanding: ['Förskott kvar att avräkna', 'Advance not yet set off'],
  f_interestAccrued: ['Ränta på återkrav, upplupen', 'Recovery interest accrued'],
  f_interestPaid: ['Ränta på återkrav, betald', 'Recovery interest paid'],
  f_interestDue: ['Ränta på återkrav att betala', 'Recovery interest due'],
  col_interestDue: ['Ränta att betala', 'Interest due'],
  col_recoveryStatus: ['Läge', 'Status'],
  recoveryStatus_open: ['öppet', 'open'],
  recoveryStatus_paid: ['betalt', 'paid'],
  recoveryStatus_withdrawn: ['återkallat', 'withdrawn'],
  col_recoveryActions: ['Ändra beslutet', 'Change the decision'],
  col_ocr: ['OCR-nummer', 'OCR reference'],
  sealsTitle: ['Sigill', 'Seals'],
  col_sealedAt: ['Förseglat', 'Sealed'],
  col_root: ['Rot-hash', 'Root hash'],
  col_signed: ['Signerat', 'Signed'],
  col_eventCount: ['Händelser', 'Events'],
  noSeals: ['Inga sigill ännu.', 'No seals yet.'],
  f_cap: ['Tak: högsta bidrag enligt beslutet', 'Cap: the most the decision grants'],
  f_rate: ['Stödnivå: andel av godkända kostnader', 'Rate: share of approved costs'],
  f_advanceGranted: ['Beviljat förskott', 'Advance granted'],
  f_reportedCosts: ['Redovisade kostnader', 'Reported costs'],
  f_approvedCosts: ['Godkända kostnader', 'Approved costs'],
  f_disallowedCosts: ['Ej godkända kostnader', 'Disallowed costs'],
  f_unreviewedCosts: ['Kostnader som väntar på granskning', 'Costs awaiting review'],
  f_entitlement: [
    'Utnyttjat av taket: intjänat bidrag (stödnivå × godkända kostnader)',
    'Cap used: earned grant (rate × approved costs)',
  ],
  f_advancePaid: ['Utbetalt förskott', 'Advance paid'],
  f_claimsPaid: ['Utbetalt mot rekvisitioner', 'Paid against claims'],
  f_pendingPayments: ['Beordrat, väntar på attest', 'Ordered, awaiting attest'],
  f_repaid: ['Återbetalt till regionen', 'Repaid to the region'],
  f_netPaid: ['Utbetalt netto', 'Net paid'],
  f_payable: [
    'Att betala ut nu: intjänat som inte är betalt eller beordrat',
    'Payable now: earned, not paid or ordered',
  ],
  f_overpaid: ['Utbetalt mer än intjänat', 'Paid beyond what is earned'],
  f_advanceUnsettled: ['Förskott som ännu inte avräknats', 'Advance not yet offset'],
  f_repaymentDue: ['Att betala tillbaka', 'To be repaid'],
  f_remainingCap: ['Kvar av taket att tjäna in (tak − utnyttjat)', 'Cap left to earn (cap − used)'],
  f_undisbursed: ['Kvar att betala ut (tak − utbetalt netto)', 'Left to pay out (cap − net paid)'],
  chartTitle: ['Tak, utnyttjat och utbetalt över tid', 'Cap, used and paid over time'],
  chartData: ['Siffrorna bakom diagrammet', 'The figures behind the chart'],
  series_cap: ['Tak', 'Cap'],
  series_entitlement: ['Utnyttjat av taket', 'Cap used'],
  series_netPaid: ['Utbetalt netto', 'Net paid'],
  col_date: ['Datum', 'Date'],
  col_events: ['Vad hände', 'What happened'],
  nothingYet: ['Inget har hänt ännu.', 'Nothing has happened yet.'],
  conditionsTitle: ['Villkor', 'Conditions'],
  fulfilledOn: ['uppfyllt {0}', 'fulfilled {0}'],
  notFulfilled: ['inte uppfyllt', 'not fulfilled'],
  finalReportLine: ['Slutrapport: {0}, ska in senast {1}', 'Final report: {0}, due {1}'],
  submittedOnLine: [', inlämnad {0}', ', submitted {0}'],
  indicatorsTitle: ['Indikatorer mot mål', 'Indicators against targets'],
  col_indicator: ['Indikator', 'Indicator'],
  col_kind: ['Slag', 'Kind'],
  col_achieved: ['Uppnått', 'Achieved'],
  col_target: ['Mål', 'Target'],
  col_state: ['Läge', 'State'],
  noIndicators: ['Beslutet nämner inga indikatorer.', 'The decision names no indicators.'],
  'ind_not-started': ['inte påbörjad', 'not started'],
  'ind_in-progress': ['pågår', 'in progress'],
  ind_achieved: ['uppnådd', 'achieved'],
  ind_missed: ['missad', 'missed'],
  claimsTitle: ['Rekvisitioner', 'Claims'],
  noClaims: ['Inga rekvisitioner ännu.', 'No claims yet.'],
  claimHead: ['Rekvisition {0}', 'Claim {0}'],
  claimPeriod: ['Period {0} – {1}, inlämnad {2}', 'Period {0} – {1}, submitted {2}'],
  finalClaim: ['slutrekvisition', 'final claim'],
  col_category: ['Kostnadsslag', 'Category'],
  col_amount: ['Belopp', 'Amount'],
  claimTotal: ['Summa redovisat', 'Total reported'],
  notReviewed: ['Inte granskad ännu.', 'Not reviewed yet.'],
  reviewLine: [
    'Granskad {0} av {1}: godkänt {2}, ej godkänt {3}.',
    'Reviewed {0} by {1}: approved {2}, disallowed {3}.',
  ],
  col_reason: ['Skäl', 'Reason'],
  disallowedTitle: ['Ej godkända belopp', 'Disallowed amounts'],
  paymentsForClaim: ['Utbetalningar: {0}', 'Payments: {0}'],
  paymentsTitle: ['Utbetalningar', 'Payments'],
  noPayments: ['Inga utbetalningar.', 'No payments.'],
  kind_advance: ['förskott', 'advance'],
  kind_claim: ['rekvisition', 'claim'],
  step_ordered: ['Beordrad', 'Ordered'],
  step_attested: ['Attesterad', 'Attested'],
  step_inFile: ['I bankfil', 'In a bank file'],
  step_settled: ['Bokförd av banken', 'Booked by the bank'],
  step_cancelled: ['Makulerad', 'Cancelled'],
  stepBy: ['{0} av {1}', '{0} by {1}'],
  notYet: ['ännu inte', 'not yet'],
  executionDate: ['betalningsdag', 'execution date'],
  payoutAccount: ['Utbetalningskonto', 'Payout account'],
  payoutPending: [
    'Ändrat till {0} den {1} av {2}: väntar på att någon annan bekräftar.',
    'Changed to {0} on {1} by {2}: waiting for another person to confirm.',
  ],
  noPayoutAccount: [
    'Inget utbetalningskonto: inget kan betalas ut.',
    'No payout account: nothing can be paid out.',
  ],
  recoveriesTitle: ['Återkrav', 'Recoveries'],
  noRecoveries: ['Inga återkrav.', 'No recoveries.'],
  col_recovery: ['Återkrav', 'Recovery'],
  col_decidedOn: ['Beslutat', 'Decided'],
  col_claimed: ['Krävt', 'Claimed'],
  col_repaid: ['Återbetalt', 'Repaid'],
  col_outstanding: ['Kvar att få in', 'Outstanding'],
  col_interest: ['Ränta', 'Interest'],
  interestLine: [
    'enligt räntelagen från {0}, förfaller {1}',
    'by law (räntelagen) from {0}, due {1}',
  ],
  noInterest: ['ingen', 'none'],
  // history
  historyTitle: ['Historik (revisionsspår)', 'History (audit trail)'],
  col_position: ['Position', 'Position'],
  col_recordedAt: ['Registrerad', 'Recorded'],
  col_businessDate: ['Affärsdatum', 'Business date'],
  col_type: ['Händelse', 'Event'],
  col_actor: ['Vem', 'Who'],
  col_hash: ['Hash', 'Hash'],
  col_commandId: ['Kommando-id', 'Command id'],
  noHistoryRight: ['Din roll får inte läsa historiken.', 'Your role may not read the history.'],
  // actions and forms
  actionsTitle: ['Åtgärder', 'Actions'],
  chooseAction: ['Välj åtgärd', 'Choose an action'],
  noActions: ['Din roll kan inte ge några kommandon här.', 'Your role can give no commands here.'],
  submit: ['Registrera', 'Record'],
  sending: ['Skickar …', 'Sending …'],
  recorded: ['Registrerat: {0}', 'Recorded: {0}'],
  recordedEvent: ['{0} på position {1}', '{0} at position {1}'],
  duplicate: [
    'Redan registrerat tidigare (samma kommando-id): inget nytt lades till.',
    'Already recorded (same command id): nothing new was added.',
  ],
  rejected: ['Avvisat ({0}): {1}', 'Rejected ({0}): {1}'],
  fixFields: ['Rätta fälten som är markerade.', 'Correct the marked fields.'],
  addRow: ['Lägg till rad', 'Add a row'],
  removeLastRow: ['Ta bort sista raden', 'Remove the last row'],
  rowN: ['Rad {0}', 'Row {0}'],
  optional: ['(frivilligt)', '(optional)'],
  amountHint: ['Kronor, t.ex. 142 779,00 eller 142779.00', 'SEK, e.g. 142 779,00 or 142779.00'],
  dateHint: ['ÅÅÅÅ-MM-DD', 'YYYY-MM-DD'],
  rateHint: ['Andel, t.ex. 0,60 för 60 %', 'A share, e.g. 0.60 for 60 %'],
  kindKey: ['Slag', 'Kind'],
  kindValue: ['Mål (antal)', 'Target (count)'],
  yes: ['ja', 'yes'],
  openGrant: ['Öppna ärendet', 'Open the grant'],
  goToGrant: ['Gå till ärendet', 'Go to the grant'],
  // print
  printed: ['Utskrivet {0} av {1}', 'Printed {0} by {1}'],
  paymentOrderTitle: ['Betalningsorder', 'Payment order'],
  payee: ['Mottagare', 'Payee'],
  purpose: ['Avser', 'For'],
  paymentId: ['Betalnings-id', 'Payment id'],
  notFound: ['Hittades inte.', 'Not found.'],
} satisfies Record<string, readonly [string, string]>;

export type WordKey = keyof typeof WORDS;

let current: Language = readLanguage();

function readLanguage(): Language {
  try {
    const stored = globalThis.localStorage?.getItem(LANGUAGE_KEY);
    return stored === 'en' ? 'en' : 'sv';
  } catch {
    return 'sv';
  }
}

export function language(): Language {
  return current;
}

export function setLanguage(lang: Language): void {
  current = lang;
  globalThis.localStorage?.setItem(LANGUAGE_KEY, lang);
}

/** The word in the chosen language, with {0}, {1}, … filled in. */
export function t(key: WordKey, ...args: (string | number)[]): string {
  const word = WORDS[key][current === 'sv' ? 0 : 1];
  return word.replace(/\{(\d)\}/g, (_m, i: string) => String(args[Number(i)] ?? ''));
}

/** A word picked by a key built at run time (a status, a role); the key itself if unknown. */
export function tDynamic(prefix: string, value: string): string {
  const key = `${prefix}${value}`;
  return key in WORDS ? t(key as WordKey) : value;
}
