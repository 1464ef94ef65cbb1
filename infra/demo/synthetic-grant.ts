// One synthetic grant as the commands a user would send: plausible, varied, deterministic.
// planGrant walks the stages of a grant's life — application, decision, advance,
// conditions, claims, indicators, closing — one step each; every step takes the plan
// and what the earlier steps settled, and returns what the later ones need.
import { Decimal, formatMoney, roundToOre } from '../../domain/money.js';
import type { GrantCommandInput } from '../../domain/ledger-commands.js';
import { Random } from './random.js';

const PLACES = [
  'Jämtlands',
  'Härjedalens',
  'Östersunds',
  'Krokoms',
  'Bergs',
  'Strömsunds',
  'Åre',
  'Ragunda',
  'Bräcke',
  'Storsjöbygdens',
  'Sveg',
  'Hammarstrands',
];
const ORGANISATIONS = [
  'Utvecklingsbolag AB',
  'Besöksnäring ek. för.',
  'Kooperativ Utveckling ek. för.',
  'Företagarförening',
  'Innovationscentrum AB',
  'Skogsägare ek. för.',
  'Hembygdsförbund',
  'Turism AB',
  'Energikontor',
  'Livsmedelsakademi ek. för.',
  'Science Park AB',
  'Fiberförening ek. för.',
];
const PROJECT_KINDS = [
  'Förstudie',
  'Genomförandeprojekt',
  'Kompetenslyft',
  'Etableringsprojekt',
  'Pilotprojekt',
];
const THEMES = [
  'hållbar besöksnäring i fjällvärlden',
  'digital infrastruktur på landsbygden',
  'lokal livsmedelsförädling',
  'cirkulär ekonomi i skogsnäringen',
  'smart specialisering inom kooperativt företagande',
  'kompetensförsörjning i vård och omsorg',
  'fossilfria transporter i glesbygd',
  'kulturella och kreativa näringar',
  'attraktiva boendemiljöer för inflyttare',
  'energieffektivisering i små företag',
];
const APPROPRIATIONS = {
  '1:1 Regionala tillväxtåtgärder': 6,
  '1:2 Transportbidrag': 1,
  '1:3 Europeiska regionala utvecklingsfonden perioden 2021–2027': 3,
} as const;
const COST_CATEGORIES = [
  'Personal',
  'Externa tjänster',
  'Resor',
  'Lokaler',
  'Investeringar',
  'Indirekta kostnader',
];
const DISALLOWED_REASONS = [
  'Kostnaden ligger utanför projektperioden',
  'Underlag saknas för kostnaden',
  'Kostnaden är inte stödberättigande enligt beslutet',
];
const DECIDERS = [
  { name: 'Jonas Andersson', actor: 'jonas.andersson@region.example' },
  { name: 'Maria Lindqvist', actor: 'maria.lindqvist@region.example' },
  { name: 'Per Olofsson', actor: 'per.olofsson@region.example' },
];
const OFFICERS = [
  'handlaggare.anna@region.example',
  'handlaggare.erik@region.example',
  'handlaggare.lena@region.example',
];
/** Finance staff: the one who orders a payment is never the one who attests it. */
const ORDERERS = ['ekonom.karin@region.example', 'ekonom.lars@region.example'];
const ATTESTERS = ['attest.sara@region.example', 'attest.johan@region.example'];
const REGISTRAR = 'registrator@region.example';
const FINANCIERS = [
  'Tillväxtverket (Europeiska regionala utvecklingsfonden)',
  'Kommunen',
  'Egen finansiering',
  'Jordbruksverket (Leader)',
];
const REJECTION_REASONS = [
  'Projektet bedöms inte bidra tillräckligt till den regionala utvecklingsstrategin.',
  'Anslaget för året är fördelat.',
  'Ansökan saknar en trovärdig finansieringsplan.',
];
const KNOWLEDGE_BASES = 'Antal framtagna kunskapsunderlag, strategier och program';
const COMPANIES = 'Antal företag som får stöd';
const STEERING_GROUP = 'En styrgrupp för projektet utses';

/** How far a synthetic grant gets. */
type Scenario =
  'applied' | 'rejected' | 'withdrawn' | 'advance' | 'claims' | 'final' | 'closed' | 'recovery';
const SCENARIOS: Record<Scenario, number> = {
  applied: 10,
  rejected: 10,
  withdrawn: 5,
  advance: 15,
  claims: 25,
  final: 15,
  closed: 12,
  recovery: 8,
};

export const syntheticGrantId = (index: number): string =>
  `SYN/${String(index).padStart(4, '0')}/2024`;

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function addMonths(date: string, months: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  d.setUTCDate(d.getUTCDate() - 1); // a period of whole months ends the day before
  return d.toISOString().slice(0, 10);
}

/** A Swedish organisation number NNNNNN-NNNN with a valid Luhn check digit. */
function orgNumber(rnd: Random): string {
  const digits = [rnd.pick([5, 7, 8]), ...Array.from({ length: 8 }, () => rnd.int(0, 9))];
  const sum = digits.reduce((s, d, i) => {
    const v = i % 2 === 0 ? d * 2 : d;
    return s + (v > 9 ? v - 9 : v);
  }, 0);
  const check = (10 - (sum % 10)) % 10;
  const all = [...digits, check].join('');
  return `${all.slice(0, 6)}-${all.slice(6)}`;
}

const thousands = (n: number) => new Decimal(n * 1000);
const kr = (d: Decimal) => formatMoney(d);

/** A command as a stage writes it: the plan adds the grant id and the meta. */
type Step = GrantCommandInput extends infer C
  ? C extends unknown
    ? Omit<C, 'grantId' | 'meta'>
    : never
  : never;

/** One grant's plan: its random source, its scenario and the commands so far. */
interface Plan {
  readonly rnd: Random;
  readonly grantId: string;
  readonly scenario: Scenario;
  readonly commands: GrantCommandInput[];
}

/** Adds a command with its fixed commandId (the grant and the step name it). */
function add(plan: Plan, step: string, actor: string, command: Step): void {
  const meta = { actor, commandId: `synthetic:${plan.grantId}:${step}` };
  plan.commands.push({ ...command, grantId: plan.grantId, meta });
}

/** What the application settled: amounts asked for and the project's dates. */
interface Application {
  requested: Decimal;
  requestedAdvance?: Decimal;
  submittedOn: string;
  decidedOn: string;
  start: string;
  end: string;
  finalReportDue: string;
}

/** What the approval settled. */
interface Approval {
  decider: (typeof DECIDERS)[number];
  cap: Decimal;
  rate: Decimal;
  advance: Decimal;
  conditions: { id: string; text: string }[];
  indicators: { id: string; name: string; targets: Record<string, number> }[];
}

/** The money so far: paid out (attested), approved costs, payments ordered. */
interface Money {
  paid: Decimal;
  approved: Decimal;
  payments: number;
}

function applyStep(plan: Plan): Application {
  const { rnd, scenario } = plan;
  const applicant = `${rnd.pick(PLACES)} ${rnd.pick(ORGANISATIONS)}`;
  const title = `${rnd.pick(PROJECT_KINDS)} – ${rnd.pick(THEMES)}`;
  const requested = thousands(rnd.int(150, 2500));
  const wantsAdvance = rnd.chance(0.7);
  const requestedAdvance = wantsAdvance
    ? thousands(Math.max(20, Math.round((requested.toNumber() * rnd.int(10, 30)) / 100_000)))
    : undefined;
  // Grants that get far (final report, closing) started earlier: their dates lie in the past.
  // The others' claims come halfway through a project of up to three years: applied for by
  // mid-2024, every date that states what happened lies before 2026-07 (a date in the
  // future is FUTURE_DATE).
  const late = scenario === 'final' || scenario === 'closed' || scenario === 'recovery';
  const submittedOn = addDays(late ? '2022-03-01' : '2023-01-01', rnd.int(0, late ? 600 : 520));
  const decidedOn = addDays(submittedOn, rnd.int(20, 60));
  const start = addDays(decidedOn, rnd.int(5, 40));
  const end = addMonths(start, late ? rnd.pick([12, 18, 24]) : rnd.pick([12, 18, 24, 36]));
  const finalReportDue = addDays(end, 60);
  const otherFinancing = rnd.chance(0.6) ? [{ financier: rnd.pick(FINANCIERS) }] : [];
  add(plan, 'apply', REGISTRAR, {
    type: 'ApplyForCoFinancing',
    applicant: { name: applicant, orgNumber: orgNumber(rnd) },
    title,
    requestedAmount: kr(requested),
    ...(requestedAdvance ? { requestedAdvance: kr(requestedAdvance) } : {}),
    projectPeriod: { start, end },
    ...(otherFinancing.length > 0 ? { otherFinancing } : {}),
    submittedOn,
  });
  const application: Application = {
    requested,
    submittedOn,
    decidedOn,
    start,
    end,
    finalReportDue,
  };
  if (requestedAdvance) application.requestedAdvance = requestedAdvance;
  return application;
}

/** The decision (or the withdrawal); the approval's terms, or undefined when there are none. */
function decideStep(plan: Plan, application: Application): Approval | undefined {
  const { rnd, scenario } = plan;
  const { requested, requestedAdvance, submittedOn, decidedOn, finalReportDue } = application;
  const decider = rnd.pick(DECIDERS);
  if (scenario === 'rejected') {
    add(plan, 'decision', decider.actor, {
      type: 'GrantDecision',
      decidedOn,
      decidedBy: decider.name,
      outcome: 'rejected',
      reason: rnd.pick(REJECTION_REASONS),
    });
    return undefined;
  }
  if (scenario === 'withdrawn') {
    add(plan, 'withdraw', rnd.pick(OFFICERS), {
      type: 'WithdrawApplication',
      withdrawnOn: addDays(submittedOn, rnd.int(10, 40)),
      reason: 'Sökanden har fått annan finansiering och drar tillbaka ansökan.',
    });
    return undefined;
  }
  const percent = rnd.int(70, 100);
  const capped = thousands(Math.round((requested.toNumber() * percent) / 100_000));
  const cap = Decimal.min(requested, capped);
  const rate = new Decimal(rnd.pick(['0.40', '0.50', '0.60', '0.75']));
  const advance = requestedAdvance
    ? Decimal.min(requestedAdvance, cap.dividedBy(2).floor(), new Decimal(400_000))
    : new Decimal(0);
  const conditions = [
    { id: 'other-financing', text: 'Övrig finansiering ordnas enligt ansökan' },
    ...(rnd.chance(0.4) ? [{ id: 'steering-group', text: STEERING_GROUP }] : []),
  ];
  const indicators: Approval['indicators'] = [
    {
      id: 'knowledge-bases',
      name: KNOWLEDGE_BASES,
      targets: { report: 1, 'sub-report': rnd.int(1, 3) },
    },
    ...(rnd.chance(0.5)
      ? [{ id: 'companies', name: COMPANIES, targets: { company: rnd.int(2, 5) } }]
      : []),
  ];
  add(plan, 'decision', decider.actor, {
    type: 'GrantDecision',
    decidedOn,
    decidedBy: decider.name,
    outcome: 'approved',
    reason: 'Projektet ligger i linje med den regionala utvecklingsstrategin.',
    terms: {
      rate: rate.toFixed(2),
      cap: kr(cap),
      advance: kr(advance),
      appropriation: rnd.weighted(APPROPRIATIONS),
      legalBasis: 'Förordning (2003:596)',
      generalConditions: 'RUN/640/2017',
      conditions,
      indicators,
      finalReportDue,
    },
  });
  return { decider, cap, rate, advance, conditions, indicators };
}

/** Orders a payment and (unless `leavePending`) has another person attest it. */
function payStep(
  plan: Plan,
  money: Money,
  order: { kind: 'advance' | 'claim'; amount: Decimal; orderedOn: string; claimId?: string },
  leavePending = false,
): Money {
  const { rnd, grantId } = plan;
  const payments = money.payments + 1;
  const paymentId = `${grantId}-${order.kind}-${payments}`;
  const orderer = rnd.pick(ORDERERS);
  const amount = kr(order.amount);
  const { orderedOn, claimId } = order;
  add(
    plan,
    `payment-${payments}-order`,
    orderer,
    claimId === undefined
      ? { type: 'PayAdvance', paymentId, amount, orderedOn }
      : { type: 'PayClaim', paymentId, claimId, amount, orderedOn },
  );
  if (leavePending) return { paid: money.paid, approved: money.approved, payments };
  const attester = rnd.pick(ATTESTERS);
  const attestedOn = addDays(order.orderedOn, rnd.int(1, 3));
  const attest = { type: 'AttestPayment' as const, paymentId, attestedOn };
  add(plan, `payment-${payments}-attest`, attester, attest);
  return { paid: money.paid.plus(order.amount), approved: money.approved, payments };
}

/** The advance, ordered soon after the decision; in scenario 'advance' maybe left unattested. */
function advanceStep(
  plan: Plan,
  application: Application,
  approval: Approval,
  money: Money,
): Money {
  const { rnd, scenario } = plan;
  if (!approval.advance.greaterThan(0)) return money;
  const orderedOn = addDays(application.decidedOn, rnd.int(3, 15));
  const leavePending = scenario === 'advance' && rnd.chance(0.3);
  const order = { kind: 'advance' as const, amount: approval.advance, orderedOn };
  return payStep(plan, money, order, leavePending);
}

function fulfilStep(plan: Plan, application: Application, approval: Approval): void {
  const { rnd } = plan;
  for (const condition of approval.conditions) {
    add(plan, `fulfil-${condition.id}`, rnd.pick(OFFICERS), {
      type: 'FulfilCondition',
      conditionId: condition.id,
      fulfilledOn: addDays(application.start, rnd.int(0, 30)),
      evidence: 'Intyg inkommet och diariefört',
    });
  }
}

/** Reports a claim, reviews it (sometimes disallowing a little) and pays what became payable. */
function claimStep(
  plan: Plan,
  approval: Approval,
  money: Money,
  claim: { claimId: string; from: string; to: string; share: number; final: boolean },
): Money {
  const { rnd } = plan;
  const { claimId, from, to, share, final } = claim;
  // The project's budget: what the grant co-finances at its rate, up to the cap.
  const budget = approval.cap.dividedBy(approval.rate);
  const total = roundToOre(budget.times(share));
  const categories = rnd.shuffle(COST_CATEGORIES).slice(0, rnd.int(2, 4));
  const costs: { category: string; amount: string }[] = [];
  let left = total;
  categories.forEach((category, i) => {
    // Each category takes a share of what is left; the last takes the rest.
    const last = i === categories.length - 1;
    const amount = last ? left : roundToOre(left.times(rnd.int(20, 60)).dividedBy(100));
    left = left.minus(amount);
    costs.push({ category, amount: kr(amount) });
  });
  const submittedOn = addDays(to, rnd.int(10, 40));
  add(plan, `claim-${claimId}-report`, rnd.pick(OFFICERS), {
    type: 'ReportCosts',
    claimId,
    period: { from, to },
    costs,
    submittedOn,
    ...(final ? { final: true } : {}),
  });
  const disallowed = rnd.chance(0.3)
    ? roundToOre(total.times(rnd.int(1, 8)).dividedBy(100))
    : new Decimal(0);
  const reviewedOn = addDays(submittedOn, rnd.int(14, 45));
  add(plan, `claim-${claimId}-review`, rnd.pick(ORDERERS), {
    type: 'ReviewCosts',
    claimId,
    reviewedOn,
    approvedAmount: kr(total.minus(disallowed)),
    ...(disallowed.greaterThan(0)
      ? { disallowed: [{ amount: kr(disallowed), reason: rnd.pick(DISALLOWED_REASONS) }] }
      : {}),
  });
  const approved = money.approved.plus(total.minus(disallowed));
  const reviewed: Money = { paid: money.paid, approved, payments: money.payments };
  const payable = entitlementOf(approval, approved).minus(money.paid);
  if (!payable.greaterThan(0)) return reviewed;
  const orderedOn = addDays(reviewedOn, rnd.int(3, 10));
  return payStep(plan, reviewed, { kind: 'claim', amount: payable, orderedOn, claimId });
}

const entitlementOf = (approval: Approval, approved: Decimal): Decimal =>
  Decimal.min(approval.cap, roundToOre(approval.rate.times(approved)));

/** Indicator deliveries: all of each target, or half (rounded down). */
function deliverStep(plan: Plan, application: Application, approval: Approval, all: boolean): void {
  const { rnd } = plan;
  const days = projectDays(application);
  let n = 0;
  for (const indicator of approval.indicators) {
    for (const [kind, target] of Object.entries(indicator.targets)) {
      const count = all ? target : Math.floor(target / 2);
      for (let k = 1; k <= count; k++) {
        n += 1;
        add(plan, `indicator-${indicator.id}-${kind}-${k}`, rnd.pick(OFFICERS), {
          type: 'ReportIndicator',
          indicatorId: indicator.id,
          kind,
          title: `${deliveryTitle(kind)} ${k}`,
          deliveredOn: addDays(application.start, Math.min(Math.floor(days), 30 + n * 20)),
        });
      }
    }
  }
}

const deliveryTitle = (kind: string): string =>
  kind === 'company' ? 'Stöd till företag' : kind === 'report' ? 'Slutlig rapport' : 'Delrapport';

const projectDays = (application: Application): number =>
  (Date.parse(application.end) - Date.parse(application.start)) / 86_400_000;

/** Claws back an overpayment and has it repaid; returns the last business date. */
function recoveryStep(
  plan: Plan,
  application: Application,
  approval: Approval,
  money: Money,
): string {
  const { rnd, grantId } = plan;
  const overpaid = money.paid.minus(entitlementOf(approval, money.approved));
  if (!overpaid.greaterThan(0)) return addDays(application.end, 90);
  // After the final claim is reviewed (at most 85 days after the project's end): only then is
  // the settlement final and the advance beyond the entitlement overpaid.
  const decidedOn = addDays(application.end, rnd.int(90, 120));
  add(plan, 'recovery-decide', approval.decider.actor, {
    type: 'ClaimRecovery',
    recoveryId: `${grantId}-R1`,
    amount: kr(overpaid),
    decidedOn,
    reason: 'Förskottet överstiger stödet enligt slutredovisningen',
  });
  const receivedOn = addDays(decidedOn, rnd.int(20, 40));
  add(plan, 'recovery-repay', rnd.pick(ORDERERS), {
    type: 'RegisterRepayment',
    recoveryId: `${grantId}-R1`,
    amount: kr(overpaid),
    receivedOn,
  });
  return receivedOn;
}

/** The final report, and the closing in the scenarios that close. */
function closingStep(plan: Plan, application: Application, lastDate: string): void {
  const { rnd, scenario } = plan;
  add(plan, 'final-report', rnd.pick(OFFICERS), {
    type: 'SubmitFinalReport',
    submittedOn: addDays(application.finalReportDue, rnd.int(-45, 20)),
  });
  if (scenario === 'closed' || scenario === 'recovery') {
    const closer = rnd.pick(OFFICERS);
    const closedOn = addDays(lastDate, rnd.int(10, 40));
    add(plan, 'close', closer, { type: 'CloseGrant', closedOn });
  }
}

/** A plan of one synthetic grant's commands, each with a fixed commandId. */
export function planGrant(index: number, seed: number): GrantCommandInput[] {
  // One generator per grant: grant i is the same whatever N is, so re-running with a
  // larger N only adds grants, and fixed commandIds stay attached to the same content.
  const rnd = new Random((Math.imul(seed, 2654435761) ^ Math.imul(index, 40503)) >>> 0);
  const grantId = syntheticGrantId(index);
  const plan: Plan = { rnd, grantId, scenario: rnd.weighted(SCENARIOS), commands: [] };
  const { scenario } = plan;
  const application = applyStep(plan);
  if (scenario === 'applied') return plan.commands;
  const approval = decideStep(plan, application);
  if (!approval) return plan.commands;
  const none: Money = { paid: new Decimal(0), approved: new Decimal(0), payments: 0 };
  let money = advanceStep(plan, application, approval, none);
  if (scenario === 'advance') return plan.commands;
  fulfilStep(plan, application, approval);
  const { start, end } = application;
  const mid = addDays(start, Math.floor(projectDays(application) / 2));
  const firstShare = scenario === 'recovery' ? rnd.int(5, 15) / 100 : rnd.int(35, 55) / 100;
  if (scenario !== 'recovery') {
    const first = { claimId: 'C1', from: start, to: mid, share: firstShare, final: false };
    money = claimStep(plan, approval, money, first);
  }
  if (scenario === 'claims') {
    deliverStep(plan, application, approval, false);
    return plan.commands;
  }
  // The final claim covers the rest of the project period.
  const finalShare = scenario === 'recovery' ? firstShare : rnd.int(40, 60) / 100;
  const from = scenario === 'recovery' ? start : addDays(mid, 1);
  const last = { claimId: 'C2', from, to: end, share: finalShare, final: true };
  money = claimStep(plan, approval, money, last);
  deliverStep(plan, application, approval, scenario === 'recovery' ? false : rnd.chance(0.8));
  closingStep(plan, application, recoveryStep(plan, application, approval, money));
  return plan.commands;
}
