// Loading demo data through the real command path (ledger.execute): every rule of
// domain.md applies, including the two-person attest. Both loaders are idempotent: each
// command carries a fixed commandId, so running them again appends nothing.
import { Decimal, formatMoney, roundToOre } from '../../domain/money.js';
import type { Ledger } from '../ledger.js';
import { FOUNDING_ACTORS, FOUNDING_CASE_COMMANDS } from './founding-case.js';
import { demoReferenceRateCommands } from './reference-rates.js';

/** Events appended; 'taken' when the commandId holds another command (another seed's grant). */
async function run(ledger: Ledger, command: Record<string, unknown>, what: string): Promise<number | 'taken'> {
  const result = await ledger.execute(command);
  if (!result.ok && result.error.code === 'IDEMPOTENCY_CONFLICT') return 'taken';
  if (!result.ok) throw new Error(`${what} was rejected: ${result.error.code} ${result.error.message}${result.error.path ? ` (at ${result.error.path})` : ''}`);
  return result.duplicate ? 0 : result.events.length;
}

/** The reference rates domain.md lists for the demo (recovery interest needs them). A second run appends nothing. */
export async function loadReferenceRates(ledger: Ledger): Promise<{ appended: number }> {
  let appended = 0;
  for (const command of demoReferenceRateCommands()) {
    const what = `reference rate ${String(command.validFrom)}`;
    const added = await run(ledger, { ...command, meta: { ...command.meta, actor: FOUNDING_ACTORS.orderer } }, what);
    if (added === 'taken') throw new Error(`${what}: its commandId is already used for another command`);
    appended += added;
  }
  return { appended };
}

/** The founding case RUN/573/2022 (domain.md). A second run appends nothing. */
export async function loadFoundingCase(ledger: Ledger): Promise<{ appended: number }> {
  let appended = 0;
  for (const command of FOUNDING_CASE_COMMANDS) {
    const what = `founding case ${String(command.type)}`;
    const added = await run(ledger, command, what);
    if (added === 'taken') throw new Error(`${what}: its commandId is already used for another command`);
    appended += added;
  }
  return { appended };
}

// ---------------------------------------------------------------------------------------
// Synthetic grants: plausible, varied, deterministic.

/** mulberry32: a tiny deterministic PRNG; good enough for demo data. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Random {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }
  /** Fisher–Yates on a copy. */
  shuffle<T>(items: readonly T[]): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
    }
    return copy;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  weighted<T extends string>(weights: Record<T, number>): T {
    const entries = Object.entries(weights) as [T, number][];
    let r = this.next() * entries.reduce((s, [, w]) => s + w, 0);
    for (const [key, w] of entries) {
      r -= w;
      if (r < 0) return key;
    }
    return entries[entries.length - 1]![0];
  }
}

const PLACES = ['Jämtlands', 'Härjedalens', 'Östersunds', 'Krokoms', 'Bergs', 'Strömsunds', 'Åre', 'Ragunda', 'Bräcke', 'Storsjöbygdens', 'Sveg', 'Hammarstrands'];
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
const PROJECT_KINDS = ['Förstudie', 'Genomförandeprojekt', 'Kompetenslyft', 'Etableringsprojekt', 'Pilotprojekt'];
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
const COST_CATEGORIES = ['Personal', 'Externa tjänster', 'Resor', 'Lokaler', 'Investeringar', 'Indirekta kostnader'];
const DISALLOWED_REASONS = ['Kostnaden ligger utanför projektperioden', 'Underlag saknas för kostnaden', 'Kostnaden är inte stödberättigande enligt beslutet'];
const DECIDERS = [
  { name: 'Jonas Andersson', actor: 'jonas.andersson@region.example' },
  { name: 'Maria Lindqvist', actor: 'maria.lindqvist@region.example' },
  { name: 'Per Olofsson', actor: 'per.olofsson@region.example' },
];
const OFFICERS = ['handlaggare.anna@region.example', 'handlaggare.erik@region.example', 'handlaggare.lena@region.example'];
/** Finance staff: the one who orders a payment is never the one who attests it. */
const ORDERERS = ['ekonom.karin@region.example', 'ekonom.lars@region.example'];
const ATTESTERS = ['attest.sara@region.example', 'attest.johan@region.example'];
const REGISTRAR = 'registrator@region.example';

/** How far a synthetic grant gets. */
type Scenario = 'applied' | 'rejected' | 'withdrawn' | 'advance' | 'claims' | 'final' | 'closed' | 'recovery';
const SCENARIOS: Record<Scenario, number> = { applied: 10, rejected: 10, withdrawn: 5, advance: 15, claims: 25, final: 15, closed: 12, recovery: 8 };

export const syntheticGrantId = (index: number): string => `SYN/${String(index).padStart(4, '0')}/2024`;

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

/** A plan of one synthetic grant's commands, each with a fixed commandId. */
function planGrant(index: number, seed: number): Record<string, unknown>[] {
  // One generator per grant: grant i is the same whatever N is, so re-running with a
  // larger N only adds grants, and fixed commandIds stay attached to the same content.
  const rnd = new Random((Math.imul(seed, 2654435761) ^ Math.imul(index, 40503)) >>> 0);
  const grantId = syntheticGrantId(index);
  const scenario = rnd.weighted(SCENARIOS);
  const commands: Record<string, unknown>[] = [];
  const add = (step: string, actor: string, command: Record<string, unknown>) =>
    commands.push({ ...command, grantId, meta: { actor, commandId: `synthetic:${grantId}:${step}` } });

  const applicant = `${rnd.pick(PLACES)} ${rnd.pick(ORGANISATIONS)}`;
  const title = `${rnd.pick(PROJECT_KINDS)} – ${rnd.pick(THEMES)}`;
  const requested = thousands(rnd.int(150, 2500));
  const wantsAdvance = rnd.chance(0.7);
  const requestedAdvance = wantsAdvance ? thousands(Math.max(20, Math.round(requested.toNumber() * rnd.int(10, 30) / 100_000))) : undefined;
  // Grants that get far (final report, closing) started earlier, so that their dates lie in the past.
  const late = scenario === 'final' || scenario === 'closed' || scenario === 'recovery';
  const submittedOn = addDays(late ? '2022-03-01' : '2023-01-01', rnd.int(0, late ? 600 : 1000));
  const decidedOn = addDays(submittedOn, rnd.int(20, 60));
  const start = addDays(decidedOn, rnd.int(5, 40));
  const end = addMonths(start, late ? rnd.pick([12, 18, 24]) : rnd.pick([12, 18, 24, 36]));
  const finalReportDue = addDays(end, 60);
  const otherFinancing = rnd.chance(0.6) ? [{ financier: rnd.pick(['Tillväxtverket (Europeiska regionala utvecklingsfonden)', 'Kommunen', 'Egen finansiering', 'Jordbruksverket (Leader)']) }] : [];

  add('apply', REGISTRAR, {
    type: 'ApplyForCoFinancing',
    applicant: { name: applicant, orgNumber: orgNumber(rnd) },
    title,
    requestedAmount: kr(requested),
    ...(requestedAdvance ? { requestedAdvance: kr(requestedAdvance) } : {}),
    projectPeriod: { start, end },
    ...(otherFinancing.length > 0 ? { otherFinancing } : {}),
    submittedOn,
  });
  if (scenario === 'applied') return commands;

  const decider = rnd.pick(DECIDERS);
  if (scenario === 'rejected') {
    add('decision', decider.actor, {
      type: 'GrantDecision',
      decidedOn,
      decidedBy: decider.name,
      outcome: 'rejected',
      reason: rnd.pick(['Projektet bedöms inte bidra tillräckligt till den regionala utvecklingsstrategin.', 'Anslaget för året är fördelat.', 'Ansökan saknar en trovärdig finansieringsplan.']),
    });
    return commands;
  }
  if (scenario === 'withdrawn') {
    add('withdraw', rnd.pick(OFFICERS), { type: 'WithdrawApplication', withdrawnOn: addDays(submittedOn, rnd.int(10, 40)), reason: 'Sökanden har fått annan finansiering och drar tillbaka ansökan.' });
    return commands;
  }

  // Approved.
  const cap = Decimal.min(requested, thousands(Math.round((requested.toNumber() * rnd.int(70, 100)) / 100_000)));
  const rate = new Decimal(rnd.pick(['0.40', '0.50', '0.60', '0.75']));
  const advance = requestedAdvance ? Decimal.min(requestedAdvance, cap.dividedBy(2).floor(), new Decimal(400_000)) : new Decimal(0);
  const conditions = [{ id: 'other-financing', text: 'Övrig finansiering ordnas enligt ansökan' }, ...(rnd.chance(0.4) ? [{ id: 'steering-group', text: 'En styrgrupp för projektet utses' }] : [])];
  const indicators = [
    { id: 'knowledge-bases', name: 'Antal framtagna kunskapsunderlag, strategier och program', targets: { report: 1, 'sub-report': rnd.int(1, 3) } },
    ...(rnd.chance(0.5) ? [{ id: 'companies', name: 'Antal företag som får stöd', targets: { company: rnd.int(2, 5) } }] : []),
  ];
  add('decision', decider.actor, {
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

  let paid = new Decimal(0);
  let payments = 0;
  /** Orders a payment and (unless `leavePending`) has another person attest it. */
  const pay = (kind: 'advance' | 'claim', amount: Decimal, orderedOn: string, claimId?: string, leavePending = false) => {
    payments += 1;
    const paymentId = `${grantId}-${kind}-${payments}`;
    const orderer = rnd.pick(ORDERERS);
    add(`payment-${payments}-order`, orderer, {
      type: kind === 'advance' ? 'PayAdvance' : 'PayClaim',
      paymentId,
      ...(claimId ? { claimId } : {}),
      amount: kr(amount),
      orderedOn,
    });
    if (leavePending) return;
    add(`payment-${payments}-attest`, rnd.pick(ATTESTERS), { type: 'AttestPayment', paymentId, attestedOn: addDays(orderedOn, rnd.int(1, 3)) });
    paid = paid.plus(amount);
  };

  if (advance.greaterThan(0)) pay('advance', advance, addDays(decidedOn, rnd.int(3, 15)), undefined, scenario === 'advance' && rnd.chance(0.3));
  if (scenario === 'advance') return commands;

  // The project's budget: what the grant co-finances at its rate, up to the cap.
  const budget = cap.dividedBy(rate);
  const days = (Date.parse(end) - Date.parse(start)) / 86_400_000;
  const mid = addDays(start, Math.floor(days / 2));
  for (const condition of conditions) {
    add(`fulfil-${condition.id}`, rnd.pick(OFFICERS), { type: 'FulfilCondition', conditionId: condition.id, fulfilledOn: addDays(start, rnd.int(0, 30)), evidence: 'Intyg inkommet och diariefört' });
  }

  let approved = new Decimal(0);
  /** Reports a claim, reviews it (sometimes disallowing a little) and pays what became payable. */
  const claim = (claimId: string, from: string, to: string, share: number, final: boolean) => {
    const total = roundToOre(budget.times(share));
    const categories = rnd.shuffle(COST_CATEGORIES).slice(0, rnd.int(2, 4));
    const costs: { category: string; amount: string }[] = [];
    let left = total;
    categories.forEach((category, i) => {
      // Each category takes a share of what is left; the last takes the rest.
      const amount = i === categories.length - 1 ? left : roundToOre(left.times(rnd.int(20, 60)).dividedBy(100));
      left = left.minus(amount);
      costs.push({ category, amount: kr(amount) });
    });
    const submittedOn = addDays(to, rnd.int(10, 40));
    add(`claim-${claimId}-report`, rnd.pick(OFFICERS), { type: 'ReportCosts', claimId, period: { from, to }, costs, submittedOn, ...(final ? { final: true } : {}) });
    const disallowed = rnd.chance(0.3) ? roundToOre(total.times(rnd.int(1, 8)).dividedBy(100)) : new Decimal(0);
    const reviewedOn = addDays(submittedOn, rnd.int(14, 45));
    add(`claim-${claimId}-review`, rnd.pick(ORDERERS), {
      type: 'ReviewCosts',
      claimId,
      reviewedOn,
      approvedAmount: kr(total.minus(disallowed)),
      ...(disallowed.greaterThan(0) ? { disallowed: [{ amount: kr(disallowed), reason: rnd.pick(DISALLOWED_REASONS) }] } : {}),
    });
    approved = approved.plus(total.minus(disallowed));
    const entitlement = Decimal.min(cap, roundToOre(rate.times(approved)));
    const payable = entitlement.minus(paid);
    if (payable.greaterThan(0)) pay('claim', payable, addDays(reviewedOn, rnd.int(3, 10)), claimId);
  };

  const firstShare = scenario === 'recovery' ? rnd.int(5, 15) / 100 : rnd.int(35, 55) / 100;
  if (scenario !== 'recovery') claim('C1', start, mid, firstShare, false);

  const deliver = (all: boolean) => {
    let n = 0;
    for (const indicator of indicators) {
      for (const [kind, target] of Object.entries(indicator.targets)) {
        const count = all ? target : Math.floor(target / 2);
        for (let k = 1; k <= count; k++) {
          n += 1;
          add(`indicator-${indicator.id}-${kind}-${k}`, rnd.pick(OFFICERS), {
            type: 'ReportIndicator',
            indicatorId: indicator.id,
            kind,
            title: `${kind === 'company' ? 'Stöd till företag' : kind === 'report' ? 'Slutlig rapport' : 'Delrapport'} ${k}`,
            deliveredOn: addDays(start, Math.min(Math.floor(days), 30 + n * 20)),
          });
        }
      }
    }
  };
  if (scenario === 'claims') {
    deliver(false);
    return commands;
  }

  // The final claim covers the rest of the project period.
  const finalShare = scenario === 'recovery' ? firstShare : rnd.int(40, 60) / 100;
  claim('C2', scenario === 'recovery' ? start : addDays(mid, 1), end, finalShare, true);
  deliver(scenario === 'recovery' ? false : rnd.chance(0.8));
  const entitlement = Decimal.min(cap, roundToOre(rate.times(approved)));
  const overpaid = paid.minus(entitlement);
  let lastDate = addDays(end, 90);
  if (overpaid.greaterThan(0)) {
    const decided = addDays(end, rnd.int(60, 90));
    add('recovery-decide', decider.actor, { type: 'ClaimRecovery', recoveryId: `${grantId}-R1`, amount: kr(overpaid), decidedOn: decided, reason: 'Förskottet överstiger stödet enligt slutredovisningen' });
    lastDate = addDays(decided, rnd.int(20, 40));
    add('recovery-repay', rnd.pick(ORDERERS), { type: 'RegisterRepayment', recoveryId: `${grantId}-R1`, amount: kr(overpaid), receivedOn: lastDate });
  }
  add('final-report', rnd.pick(OFFICERS), { type: 'SubmitFinalReport', submittedOn: addDays(finalReportDue, rnd.int(-45, 20)) });
  if (scenario === 'closed' || scenario === 'recovery') {
    add('close', rnd.pick(OFFICERS), { type: 'CloseGrant', closedOn: addDays(lastDate, rnd.int(10, 40)) });
  }
  return commands;
}

/**
 * N generated grants (SYN/0001/2024 …) through the real command path: applications,
 * rejections, withdrawals, approvals with advances, reviewed and paid claims, final
 * reports, recoveries and closed grants; many approved ones are overdue by now.
 * Deterministic for a seed; idempotent (fixed commandIds per grant and step).
 */
export async function loadSynthetic(
  ledger: Ledger,
  n: number,
  onProgress?: (done: number, total: number) => void,
  seed = 2024,
): Promise<{ grants: number; events: number }> {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`the number of synthetic grants must be a whole number ≥ 0, not ${n}`);
  let events = 0;
  for (let index = 1; index <= n; index++) {
    for (const command of planGrant(index, seed)) {
      const meta = command.meta as { commandId: string };
      const added = await run(ledger, command, `synthetic command ${meta.commandId}`);
      // The grant was generated before with another seed: it stays as it is.
      if (added === 'taken') break;
      events += added;
    }
    onProgress?.(index, n);
  }
  return { grants: n, events };
}
