// The basis beside a decision (interfaces.md "The basis beside every decision"): what a
// person must see before pressing the button — for an attest the payee, org number, the
// confirmed account, the claim and its reviewed lines, what remains payable and who
// ordered it; for an account confirmation the old and the new account and who changed
// it; for a review the claim's cost lines with a running remainder; for an order what
// is payable beside the amount. Shown from the same data the server answered.
import type { CommandType } from '../../../../domain/grant/commands.js';
import type { CaseHeader } from '../../../http/case-header.js';
import type { GrantBalance } from '../../../../projections/balance.js';
import type { ClaimView } from '../../../../projections/claims.js';
import type { JournalEntry } from '../../../../projections/journal.js';
import { Decimal, formatMoney } from '../../../../domain/money.js';
import { h, table, type Child } from '../dom.js';
import { formatSek } from '../format.js';
import { t } from '../i18n.js';

export interface BasisData {
  header: CaseHeader;
  balance: GrantBalance;
  claims: ClaimView[];
  payments: JournalEntry[];
}

type Line = [label: string, value: Child];

function facts(id: string, lines: Line[], ...more: Child[]): HTMLElement {
  return h(
    'section',
    { class: 'basis', id, 'aria-labelledby': `${id}-title` },
    h('h4', { id: `${id}-title` }, t('basisTitle')),
    h(
      'dl',
      { class: 'facts' },
      lines.map(([label, value]) => [h('dt', {}, label), h('dd', {}, value)]),
    ),
    ...more,
  );
}

/** The claim's cost lines, each with what remains of the claim after it. */
function costLines(claim: ClaimView): HTMLElement {
  let remaining = new Decimal(claim.total);
  const rows = claim.costs.map((c) => {
    remaining = remaining.minus(c.amount);
    return { ...c, remaining: formatMoney(remaining) };
  });
  return table(
    [
      { label: t('col_category'), cell: (r: (typeof rows)[number]) => r.category },
      { label: t('col_amount'), num: true, cell: (r) => formatSek(r.amount) },
      { label: t('basisRemainder'), num: true, cell: (r) => formatSek(r.remaining) },
    ],
    rows,
    { className: 'costs', caption: t('claimHead', claim.claimId) },
  );
}

function accountLine(d: BasisData): Child {
  const current = d.balance.payoutAccount.current;
  const pending = d.balance.payoutAccount.pending;
  return [
    current
      ? t('basisAccount', current.text, current.confirmedBy ?? '–')
      : h('strong', {}, t('basisNoAccount')),
    pending
      ? h('span', { class: 'error' }, ' ', t('basisPending', pending.text, pending.changedBy))
      : null,
  ];
}

function payee(d: BasisData): Line[] {
  return [
    [t('payee'), d.header.applicant ?? '–'],
    [t('col_orgNumber'), d.header.orgNumber ?? '–'],
  ];
}

function attestBasis(d: BasisData, paymentId: string | undefined): Child {
  const p = d.payments.find((x) => x.paymentId === paymentId);
  if (!p) return null;
  const claim = p.claimId ? d.claims.find((c) => c.claimId === p.claimId) : undefined;
  const lines: Line[] = [
    ...payee(d),
    [t('col_account'), accountLine(d)],
    [t('paymentId'), `${p.paymentId} (${p.claimId ?? t('kind_advance')})`],
    [t('col_amount'), formatSek(p.amount)],
    [t('col_orderedBy'), t('basisOrdered', p.orderedBy, p.orderedOn)],
    [t('basisPayable'), formatSek(d.balance.payable)],
  ];
  if (claim?.review)
    lines.push([
      t('basisReviewed'),
      t(
        'basisReviewLine',
        formatSek(claim.review.approvedAmount),
        formatSek(claim.review.disallowedTotal),
        claim.review.reviewedBy,
      ),
    ]);
  return facts('basis-attest', lines, claim ? costLines(claim) : null);
}

function confirmBasis(d: BasisData): Child {
  const { current, pending } = d.balance.payoutAccount;
  return facts('basis-confirm', [
    ...payee(d),
    [t('basisOldAccount'), current?.text ?? t('basisNoAccount')],
    [t('basisNewAccount'), pending ? h('strong', {}, pending.text) : '–'],
    [t('basisChangedBy'), pending ? `${pending.changedBy} ${pending.changedOn}` : '–'],
  ]);
}

function reviewBasis(d: BasisData, claimId: string | undefined): Child {
  const claim = d.claims.find((c) => c.claimId === claimId);
  if (!claim) return null;
  return facts(
    'basis-review',
    [
      [
        t('claimHead', claim.claimId),
        t('claimPeriod', claim.period.from, claim.period.to, claim.submittedOn),
      ],
      [t('claimTotal'), formatSek(claim.total)],
    ],
    costLines(claim),
  );
}

/** The basis of a form, for the chosen payment or claim; null where a command needs none. */
export function basisOf(type: CommandType, d: BasisData, values: Record<string, string>): Child {
  switch (type) {
    case 'AttestPayment':
      return attestBasis(d, values.paymentId);
    case 'ConfirmPayoutAccount':
      return confirmBasis(d);
    case 'ReviewCosts':
      return reviewBasis(d, values.claimId);
    case 'PayClaim':
    case 'PayAdvance':
      return facts('basis-order', [
        ...payee(d),
        [t('col_account'), accountLine(d)],
        [t('basisPayable'), formatSek(d.balance.payable)],
        [t('basisAdvanceGranted'), formatSek(d.balance.advanceGranted)],
      ]);
    default:
      return null;
  }
}

/** ConfirmPayoutAccount sends the account the person saw (account.bankgiro, …). */
export function confirmedAccountValues(balance: GrantBalance): Record<string, string> {
  const pending = balance.payoutAccount.pending;
  if (!pending) return {};
  return Object.fromEntries(
    Object.entries(pending.account).map(([key, value]) => [`account.${key}`, String(value)]),
  );
}
