// One grant, as the desk shows it: the overview (balance with labels that say what each
// figure means, the chart, conditions, final report, indicators), its claims with cost
// lines and review, its payments with their whole path and its recoveries, the forms
// of the commands the person may give, and its history with hashes.
import { COMMAND_SCHEMAS, type CommandType } from '../../../../domain/grant/commands.js';
import type { CaseHeader } from '../../../http/case-header.js';
import type { AuditEntry } from '../../../../projections/audit.js';
import type { GrantBalance } from '../../../../projections/balance.js';
import type { ClaimView } from '../../../../projections/claims.js';
import type { IndicatorStatus } from '../../../../projections/indicators.js';
import type { JournalEntry } from '../../../../projections/journal.js';
import type { BankFileView, RecoveryView } from '../../../../projections/recoveries.js';
import type { Timeline } from '../../../../projections/timeline.js';
import { normalActor } from '../../../../domain/actor.js';
import { get, grantPath } from '../api.js';
import { chart } from '../chart.js';
import { card, h, table, type Child } from '../dom.js';
import { commandName } from '../fields.js';
import { commandForm, type FormOptions } from '../forms.js';
import { formatRate, formatSek, formatTime } from '../format.js';
import { t, tDynamic, type WordKey } from '../i18n.js';
import { app, grantHref, localToday, may, me, takeFlash } from '../state.js';
import { eventName } from '../messages.js';
import { basisOf, confirmedAccountValues } from './basis.js';
import { eventDetails } from './event-details.js';
import { caseHeaderView } from './case-header.js';
import { verifyPanel } from './verify.js';
import { decisionLetterButton } from './documents.js';

export const TABS = ['overview', 'claims', 'payments', 'actions', 'history'] as const;
type Tab = (typeof TABS)[number];
const TAB_WORDS: Record<Tab, WordKey> = {
  overview: 'tabOverview',
  claims: 'tabClaims',
  payments: 'tabPayments',
  actions: 'tabActions',
  history: 'tabHistory',
};

/** Figures of recovery interest and advance offsetting, where the server's balance has them. */
type BalanceFigures = GrantBalance &
  Partial<
    Record<
      'advanceOffset' | 'advanceOutstanding' | 'interestAccrued' | 'interestPaid' | 'interestDue',
      string
    >
  >;
type Figure = keyof BalanceFigures;
const GROUPS: { title: WordKey; figures: { key: Figure; strong?: boolean }[] }[] = [
  {
    title: 'grp_decision',
    figures: [{ key: 'cap', strong: true }, { key: 'rate' }, { key: 'advanceGranted' }],
  },
  {
    title: 'grp_costs',
    figures: [
      { key: 'reportedCosts' },
      { key: 'approvedCosts' },
      { key: 'disallowedCosts' },
      { key: 'unreviewedCosts' },
      { key: 'entitlement', strong: true },
    ],
  },
  {
    title: 'grp_paid',
    figures: [
      { key: 'advancePaid' },
      { key: 'claimsPaid' },
      { key: 'repaid' },
      { key: 'netPaid', strong: true },
      { key: 'pendingPayments' },
      { key: 'advanceOffset' },
      { key: 'advanceOutstanding' },
    ],
  },
  {
    title: 'grp_left',
    figures: [
      { key: 'payable', strong: true },
      { key: 'remainingCap' },
      { key: 'undisbursed', strong: true },
      { key: 'overpaid' },
      { key: 'advanceUnsettled' },
      { key: 'repaymentDue' },
      { key: 'interestAccrued' },
      { key: 'interestPaid' },
      { key: 'interestDue', strong: true },
    ],
  },
];

export function balanceTable(balance: GrantBalance): HTMLElement {
  return h(
    'table',
    { class: 'figures', id: 'balance-table' },
    GROUPS.map((group) =>
      h(
        'tbody',
        {},
        h('tr', { class: 'group' }, h('th', { colspan: 2, scope: 'colgroup' }, t(group.title))),
        group.figures
          .filter(({ key }) => (balance as BalanceFigures)[key] !== undefined)
          .map(({ key, strong }) =>
            h(
              'tr',
              { class: strong ? 'key' : undefined, 'data-figure': key },
              h('th', { scope: 'row' }, t(`f_${key}` as WordKey)),
              h(
                'td',
                { class: 'num' },
                key === 'rate'
                  ? formatRate(balance.rate)
                  : formatSek((balance as BalanceFigures)[key] as string),
              ),
            ),
          ),
      ),
    ),
  );
}

function status(prefix: string, value: string): HTMLElement {
  return h('span', { class: `status status-${value}` }, tDynamic(prefix, value));
}

// ---- overview ----

function payoutCard(balance: GrantBalance): HTMLElement {
  const account = balance.payoutAccount;
  const pending = account?.pending;
  return card(
    'payout',
    t('payoutAccount'),
    h('p', {}, account?.current ? account.current.text : t('noPayoutAccount')),
    pending
      ? h(
          'p',
          { class: 'notice' },
          t('payoutPending', pending.text, pending.changedOn, pending.changedBy),
        )
      : null,
  );
}

function overview(
  grantId: string,
  balance: GrantBalance,
  indicators: IndicatorStatus[],
  timeline: Timeline,
  asOf: string,
): Child[] {
  const report = balance.finalReport;
  const query = asOf ? `asOf=${asOf}` : '';
  return [
    h(
      'div',
      { class: 'grid' },
      card(
        'balance',
        t('balanceTitle'),
        balanceTable(balance),
        h(
          'p',
          { class: 'no-print' },
          h(
            'a',
            {
              href: `#/grants/${encodeURIComponent(grantId)}/print/balance${query ? `?${query}` : ''}`,
            },
            t('printBalance'),
          ),
          ' ',
          decisionLetterButton(grantId, balance.status),
        ),
      ),
      h(
        'div',
        { class: 'stack' },
        card('chart', t('chartTitle'), chart(timeline, asOf, localToday())),
        card(
          'conditions',
          t('conditionsTitle'),
          h(
            'p',
            {},
            report.due ? t('finalReportLine', tDynamic('fr_', report.state), report.due) : '',
            report.submittedOn ? t('submittedOnLine', report.submittedOn) : '',
          ),
          balance.conditions.length
            ? h(
                'ul',
                { class: 'conditions' },
                balance.conditions.map((c) =>
                  h(
                    'li',
                    {},
                    h('span', {}, c.text),
                    ' ',
                    c.fulfilled
                      ? h(
                          'span',
                          { class: 'status status-achieved' },
                          t('fulfilledOn', c.fulfilledOn ?? ''),
                        )
                      : h('span', { class: 'status status-pending' }, t('notFulfilled')),
                  ),
                ),
              )
            : null,
        ),
        payoutCard(balance),
        card(
          'indicators',
          t('indicatorsTitle'),
          indicators.length
            ? table(
                [
                  {
                    label: t('col_indicator'),
                    cell: (r: { i: IndicatorStatus; kind: string }) => r.i.name,
                  },
                  { label: t('col_kind'), cell: (r) => r.kind },
                  {
                    label: t('col_achieved'),
                    num: true,
                    cell: (r) => String(r.i.achieved[r.kind] ?? 0),
                  },
                  { label: t('col_target'), num: true, cell: (r) => String(r.i.targets[r.kind]) },
                  { label: t('col_state'), cell: (r) => status('ind_', r.i.state) },
                ],
                indicators.flatMap((i) => Object.keys(i.targets).map((kind) => ({ i, kind }))),
                { id: 'indicators-table' },
              )
            : h('p', {}, t('noIndicators')),
        ),
      ),
    ),
  ];
}

// ---- claims ----

function claimCard(claim: ClaimView): HTMLElement {
  const id = `claim-${claim.claimId.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  const review = claim.review;
  return h(
    'article',
    { class: 'card claim', id, 'aria-labelledby': `${id}-title`, 'data-claim': claim.claimId },
    h(
      'h3',
      { id: `${id}-title` },
      t('claimHead', claim.claimId),
      claim.final ? h('span', { class: 'status status-applied' }, t('finalClaim')) : null,
    ),
    h('p', {}, t('claimPeriod', claim.period.from, claim.period.to, claim.submittedOn)),
    table(
      [
        { label: t('col_category'), cell: (c: { category: string; amount: string }) => c.category },
        { label: t('col_amount'), num: true, cell: (c) => formatSek(c.amount) },
      ],
      claim.costs,
      {
        className: 'costs',
        foot: [
          h(
            'tr',
            { class: 'totals' },
            h('th', { scope: 'row', 'data-label': t('claimTotal') }, t('claimTotal')),
            h('td', { class: 'num', 'data-label': t('col_amount') }, formatSek(claim.total)),
          ),
        ],
      },
    ),
    review
      ? [
          h(
            'p',
            { class: 'review' },
            t(
              'reviewLine',
              review.reviewedOn,
              review.reviewedBy,
              formatSek(review.approvedAmount),
              formatSek(review.disallowedTotal),
            ),
          ),
          review.disallowed.length
            ? table(
                [
                  {
                    label: t('col_reason'),
                    cell: (d: { amount: string; reason: string }) => d.reason,
                  },
                  { label: t('col_amount'), num: true, cell: (d) => formatSek(d.amount) },
                ],
                review.disallowed,
                { caption: t('disallowedTitle'), className: 'disallowed' },
              )
            : null,
        ]
      : h(
          'p',
          { class: 'status-line' },
          h('span', { class: 'status status-pending' }, t('notReviewed')),
        ),
    claim.paymentIds.length ? h('p', {}, t('paymentsForClaim', claim.paymentIds.join(', '))) : null,
  );
}

// ---- payments and recoveries ----

function step(
  done: boolean,
  label: string,
  when: string | null,
  who: string | null,
  extra = '',
): HTMLElement {
  return h(
    'li',
    { class: done ? 'done' : 'todo' },
    h('span', { class: 'step-name' }, label),
    ' ',
    done
      ? (who ? t('stepBy', when ?? '', who) : (when ?? '')) + extra
      : h('span', { class: 'muted' }, extra || t('notYet')),
  );
}

export function paymentPath(p: JournalEntry, file: BankFileView | undefined): HTMLElement {
  if (p.status === 'cancelled') {
    return h(
      'ol',
      { class: 'path' },
      step(true, t('step_ordered'), p.orderedOn, p.orderedBy),
      step(
        true,
        t('step_cancelled'),
        p.cancelledOn,
        p.cancelledBy,
        p.cancelReason ? ` — ${p.cancelReason}` : '',
      ),
    );
  }
  return h(
    'ol',
    { class: 'path' },
    step(true, t('step_ordered'), p.orderedOn, p.orderedBy),
    step(p.status === 'attested', t('step_attested'), p.attestedOn, p.attestedBy),
    step(
      file !== undefined,
      t('step_inFile'),
      file ? `${file.exportedOn}: ${file.fileId}` : null,
      null,
      file ? ` (${t('executionDate')} ${file.executionDate})` : '',
    ),
    step(
      p.settled,
      t('step_settled'),
      p.bookedOn,
      null,
      p.settled ? ` (${p.bankReference ?? ''}, ${formatSek(p.bookedAmount)})` : '',
    ),
  );
}

/** A recovery's interest as the balance reckons it today (where the server's balance has it). */
interface RecoveryInterest {
  recoveryId: string;
  interestDue: string;
}

function payments(
  grantId: string,
  list: JournalEntry[],
  recoveries: RecoveryView[],
  files: BankFileView[],
  balance: GrantBalance,
): Child[] {
  const lines = (balance as GrantBalance & { recoveries?: RecoveryInterest[] }).recoveries ?? [];
  const interestOf = (id: string) => lines.find((l) => l.recoveryId === id);
  return [
    card(
      'payments',
      t('paymentsTitle'),
      list.length
        ? table(
            [
              { label: t('paymentId'), cell: (p: JournalEntry) => p.paymentId },
              {
                label: t('col_kind'),
                cell: (p) => tDynamic('kind_', p.kind) + (p.claimId ? ` (${p.claimId})` : ''),
              },
              { label: t('col_amount'), num: true, cell: (p) => formatSek(p.amount) },
              {
                label: t('col_state'),
                cell: (p) =>
                  paymentPath(
                    p,
                    files.find((f) => f.paymentId === p.paymentId),
                  ),
              },
              {
                label: t('print'),
                cell: (p) =>
                  h(
                    'a',
                    {
                      href: `#/grants/${encodeURIComponent(grantId)}/print/payment/${encodeURIComponent(p.paymentId)}`,
                    },
                    t('printOrder'),
                  ),
              },
            ],
            list,
            { id: 'payments-table' },
          )
        : h('p', {}, t('noPayments')),
    ),
    card(
      'recoveries',
      t('recoveriesTitle'),
      recoveries.length
        ? table(
            [
              {
                label: t('col_recovery'),
                cell: (r: RecoveryView) => [
                  h('div', {}, r.recoveryId),
                  h('div', { class: 'muted' }, r.reason),
                ],
              },
              { label: t('col_decidedOn'), cell: (r) => r.decidedOn },
              { label: t('col_ocr'), cell: (r) => r.ocrReference },
              { label: t('col_claimed'), num: true, cell: (r) => formatSek(r.amount) },
              { label: t('col_repaid'), num: true, cell: (r) => formatSek(r.repaid) },
              { label: t('col_outstanding'), num: true, cell: (r) => formatSek(r.outstanding) },
              {
                label: t('col_interest'),
                cell: (r) =>
                  r.interest
                    ? t('interestLine', r.interest.from, r.interest.dueOn)
                    : t('noInterest'),
              },
              {
                label: t('col_interestDue'),
                num: true,
                cell: (r) => formatSek(interestOf(r.recoveryId)?.interestDue ?? null),
              },
              {
                label: t('col_recoveryStatus'),
                cell: (r) => tDynamic('recoveryStatus_', r.status),
              },
              { label: t('col_recoveryActions'), cell: (r) => recoveryActions(grantId, r) },
            ],
            recoveries,
            { id: 'recoveries-table' },
          )
        : h('p', {}, t('noRecoveries')),
    ),
  ];
}

/** An open recovery's row, for the officer: reduce it, or withdraw it while nothing is repaid. */
function recoveryActions(grantId: string, r: RecoveryView): Child {
  if (r.status !== 'open') return null;
  const offered = (['ReduceRecovery', 'WithdrawRecovery'] as const).filter(
    (c) => me().commands.includes(c) && (c === 'ReduceRecovery' || r.repaid === '0.00'),
  );
  return offered.map((c) =>
    h(
      'a',
      {
        class: 'row-action',
        href: grantHref(grantId, `tab=actions&action=${c}&ref=${encodeURIComponent(r.recoveryId)}`),
      },
      commandName(c),
    ),
  );
}

// ---- actions: the forms, prefilled from what the grant holds ----

interface GrantData {
  grantId: string;
  header: CaseHeader;
  balance: GrantBalance;
  indicators: IndicatorStatus[];
  claims: ClaimView[];
  payments: JournalEntry[];
  recoveries: RecoveryView[];
}

const nextId = (grantId: string, what: string, taken: string[]) => {
  let n = taken.length + 1;
  while (taken.includes(`${grantId}-${what}-${n}`)) n++;
  return `${grantId}-${what}-${n}`;
};

function formOptions(type: CommandType, d: GrantData, ref: string | null): FormOptions {
  const today = localToday();
  const values: Record<string, string> = { grantId: d.grantId };
  for (const field of [
    'submittedOn',
    'decidedOn',
    'fulfilledOn',
    'orderedOn',
    'reviewedOn',
    'attestedOn',
    'cancelledOn',
    'deliveredOn',
    'receivedOn',
    'closedOn',
    'withdrawnOn',
    'bookedOn',
  ])
    values[field] = today;
  const choices: FormOptions['choices'] = {};
  const paymentIds = d.payments.map((p) => p.paymentId);
  const me_ = normalActor(me().actor);
  const pick = (key: string, options: { value: string; label: string }[]) => {
    choices[key] = options;
    const wanted = options.find((o) => o.value === ref) ?? options[0];
    if (wanted) values[key] = wanted.value;
  };
  const paymentChoice = (p: JournalEntry) => ({
    value: p.paymentId,
    label: `${p.paymentId} — ${formatSek(p.amount)} (${tDynamic('kind_', p.kind)})`,
  });
  switch (type) {
    case 'FulfilCondition':
      pick(
        'conditionId',
        d.balance.conditions
          .filter((c) => !c.fulfilled)
          .map((c) => ({ value: c.id, label: c.text })),
      );
      break;
    case 'ReportIndicator':
      pick(
        'indicatorId',
        d.indicators.map((i) => ({ value: i.indicatorId, label: i.name })),
      );
      break;
    case 'PayAdvance':
      values.paymentId = nextId(d.grantId, 'advance', paymentIds);
      values.amount = d.balance.advanceGranted;
      break;
    case 'ReportCosts':
      values.claimId = nextId(
        d.grantId,
        'claim',
        d.claims.map((c) => c.claimId),
      );
      break;
    case 'ReviewCosts': {
      const open = d.claims.filter((c) => c.review === null);
      pick(
        'claimId',
        open.map((c) => ({ value: c.claimId, label: `${c.claimId} — ${formatSek(c.total)}` })),
      );
      const claim = open.find((c) => c.claimId === values.claimId);
      if (claim) values.approvedAmount = claim.total;
      break;
    }
    case 'PayClaim': {
      const reviewed = d.claims.filter((c) => c.review !== null);
      pick(
        'claimId',
        reviewed.map((c) => ({
          value: c.claimId,
          label: `${c.claimId} — ${formatSek(c.review!.approvedAmount)}`,
        })),
      );
      values.paymentId = nextId(d.grantId, 'payment', paymentIds);
      values.amount = d.balance.payable;
      break;
    }
    case 'AttestPayment':
      // Never offered one's own orders: the two-person rule (the server refuses them too).
      pick(
        'paymentId',
        d.payments
          .filter((p) => p.status === 'ordered' && normalActor(p.orderedBy) !== me_)
          .map(paymentChoice),
      );
      break;
    case 'CancelPayment':
      pick('paymentId', d.payments.filter((p) => p.status === 'ordered').map(paymentChoice));
      break;
    case 'SettlePayment': {
      pick(
        'paymentId',
        d.payments.filter((p) => p.status === 'attested' && !p.settled).map(paymentChoice),
      );
      const payment = d.payments.find((p) => p.paymentId === values.paymentId);
      if (payment) values.amount = payment.amount;
      break;
    }
    case 'ClaimRecovery':
      values.recoveryId = nextId(
        d.grantId,
        'recovery',
        d.recoveries.map((r) => r.recoveryId),
      );
      break;
    case 'ReduceRecovery':
    case 'WithdrawRecovery':
      pick(
        'recoveryId',
        d.recoveries
          .filter((r) => r.status === 'open')
          .map((r) => ({
            value: r.recoveryId,
            label: `${r.recoveryId} — ${formatSek(r.amount)}`,
          })),
      );
      break;
    case 'RegisterRepayment': {
      pick(
        'recoveryId',
        d.recoveries
          .filter((r) => r.status === 'open')
          .map((r) => ({
            value: r.recoveryId,
            label: `${r.recoveryId} — ${formatSek(r.outstanding)}`,
          })),
      );
      const recovery = d.recoveries.find((r) => r.recoveryId === values.recoveryId);
      if (recovery) values.amount = recovery.outstanding;
      break;
    }
    default:
      break;
  }
  if (type === 'ConfirmPayoutAccount') Object.assign(values, confirmedAccountValues(d.balance));
  return {
    values,
    choices,
    basis: basisOf(type, d, values),
    fixed: ['grantId', ...Object.keys(confirmedAccountValues(d.balance))],
    onRecorded: (recorded) => {
      app.flash = t(
        'recorded',
        recorded.events.map((e) => t('recordedEvent', eventName(e.type), e.position)).join(', '),
      );
      location.hash = grantHref(d.grantId, 'tab=overview');
    },
  };
}

function actions(d: GrantData, params: URLSearchParams): Child[] {
  // A grant's commands only: SetReferenceRate is ledger-wide (stream `reference-rates`),
  // not a grant's.
  const commands: CommandType[] = me().commands.filter(
    (c): c is CommandType => c !== 'ApplyForCoFinancing' && c in COMMAND_SCHEMAS,
  );
  if (commands.length === 0)
    return [card('actions', t('actionsTitle'), h('p', {}, t('noActions')))];
  const wanted = params.get('action') as CommandType | null;
  const chosen = wanted && commands.includes(wanted) ? wanted : null;
  const picker = h(
    'nav',
    { class: 'action-list', 'aria-label': t('chooseAction') },
    h(
      'ul',
      {},
      commands.map((c) =>
        h(
          'li',
          {},
          h(
            'a',
            {
              href: grantHref(d.grantId, `tab=actions&action=${c}`),
              'aria-current': c === chosen ? 'page' : undefined,
            },
            commandName(c),
          ),
        ),
      ),
    ),
  );
  return [
    card(
      'actions',
      t('actionsTitle'),
      picker,
      chosen
        ? followPicks(commandForm(chosen, formOptions(chosen, d, params.get('ref'))), d, chosen)
        : null,
    ),
  ];
}

/**
 * Picking another payment, claim or recovery opens the form for it: its amount and its
 * basis follow the choice instead of staying at the first one's.
 */
function followPicks(form: HTMLElement, d: GrantData, type: CommandType): HTMLElement {
  form.addEventListener('change', (event) => {
    const select = event.target;
    if (!(select instanceof HTMLSelectElement)) return;
    if (!['paymentId', 'claimId', 'recoveryId'].includes(select.name)) return;
    const query = new URLSearchParams({ tab: 'actions', action: type, ref: select.value });
    location.hash = grantHref(d.grantId, query.toString());
  });
  return form;
}

// ---- history ----

async function history(grantId: string): Promise<Child[]> {
  if (!may('history')) return [card('history', t('historyTitle'), h('p', {}, t('noHistoryRight')))];
  const entries = await get<AuditEntry[]>(grantPath(grantId, '/history'));
  return [
    card(
      'history',
      t('historyTitle'),
      may('verify') ? verifyPanel() : null,
      table(
        [
          { label: t('col_position'), num: true, cell: (e: AuditEntry) => String(e.position) },
          { label: t('col_recordedAt'), cell: (e) => formatTime(e.recordedAt) },
          { label: t('col_businessDate'), cell: (e) => e.businessDate },
          { label: t('col_type'), cell: (e) => eventDetails(e) },
          { label: t('col_actor'), cell: (e) => e.actor },
          { label: t('col_commandId'), cell: (e) => h('code', {}, e.commandId) },
          { label: t('col_hash'), cell: (e) => h('code', { class: 'hash' }, e.hash) },
        ],
        entries,
        { id: 'history-table' },
      ),
    ),
  ];
}

// ---- the page ----

/**
 * A tab the person can use: actions only with commands to give, history only with the right
 * to read it.
 */
function visibleTab(tab: Tab): boolean {
  if (tab === 'actions')
    return me().commands.some((c) => c !== 'ApplyForCoFinancing' && c in COMMAND_SCHEMAS);
  if (tab === 'history') return may('history');
  return true;
}

function tabs(grantId: string, current: Tab, asOf: string): HTMLElement {
  return h(
    'nav',
    { class: 'tabs no-print', 'aria-label': grantId },
    h(
      'ul',
      {},
      TABS.filter(visibleTab).map((tab) =>
        h(
          'li',
          {},
          h(
            'a',
            {
              href: grantHref(grantId, `tab=${tab}${asOf ? `&asOf=${asOf}` : ''}`),
              'aria-current': tab === current ? 'page' : undefined,
              id: `tab-${tab}`,
            },
            t(TAB_WORDS[tab]),
          ),
        ),
      ),
    ),
  );
}

function asOfForm(grantId: string, tab: Tab, asOf: string): HTMLElement {
  return h(
    'form',
    {
      class: 'asof no-print',
      onsubmit: (event: Event) => {
        event.preventDefault();
        const value = (
          (event.target as HTMLFormElement).elements.namedItem('asof') as HTMLInputElement
        ).value.trim();
        location.hash = grantHref(grantId, `tab=${tab}${value ? `&asOf=${value}` : ''}`);
      },
    },
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'asof' }, t('asOfLabel')),
      h('input', {
        id: 'asof',
        name: 'asof',
        type: 'text',
        inputmode: 'numeric',
        placeholder: t('dateHint'),
        maxlength: 10,
        value: asOf,
        autocomplete: 'off',
      }),
    ),
    h('button', { type: 'submit', class: 'primary' }, t('show')),
    asOf ? h('a', { href: grantHref(grantId, `tab=${tab}`) }, t('today')) : null,
  );
}

export async function grantView(grantId: string, params: URLSearchParams): Promise<Child[]> {
  const asOf = /^\d{4}-\d{2}-\d{2}$/.test(params.get('asOf') ?? '') ? params.get('asOf')! : '';
  const tab = (TABS as readonly string[]).includes(params.get('tab') ?? '')
    ? (params.get('tab') as Tab)
    : 'overview';
  const q = asOf ? `?asOf=${asOf}` : '';
  const [balance, indicators, timeline, journal, claims, recoveries, files, header] =
    await Promise.all([
      get<GrantBalance>(grantPath(grantId, q)),
      get<IndicatorStatus[]>(grantPath(grantId, `/indicators${q}`)),
      get<Timeline>(grantPath(grantId, `/timeline${q}`)),
      get<JournalEntry[]>(
        `/payments?grantId=${encodeURIComponent(grantId)}${asOf ? `&asOf=${asOf}` : ''}`,
      ),
      get<ClaimView[]>(grantPath(grantId, `/claims${q}`)),
      get<RecoveryView[]>(grantPath(grantId, `/recoveries${q}`)),
      get<BankFileView[]>(grantPath(grantId, `/bank-files${q}`)),
      get<CaseHeader>(grantPath(grantId, `/case${q}`)),
    ]);
  const data: GrantData = {
    grantId,
    balance,
    indicators,
    claims,
    payments: journal,
    recoveries,
    header,
  };
  let body: Child[];
  if (tab === 'overview') body = overview(grantId, balance, indicators, timeline, asOf);
  else if (tab === 'claims')
    body = [
      card(
        'claims',
        t('claimsTitle'),
        claims.length ? claims.map(claimCard) : h('p', {}, t('noClaims')),
      ),
    ];
  else if (tab === 'payments') body = payments(grantId, journal, recoveries, files, balance);
  else if (tab === 'actions') body = actions(data, params);
  else body = await history(grantId);
  return [
    takeFlash(),
    h('p', { class: 'no-print' }, h('a', { href: '#/' }, t('backToStart'))),
    h(
      'div',
      { class: 'head' },
      h('div', {}, caseHeaderView(header, balance, status('st_', balance.status))),
      asOfForm(grantId, tab, asOf),
    ),
    asOf ? h('p', { class: 'notice' }, t('asOfNotice', asOf)) : null,
    tabs(grantId, tab, asOf),
    body,
  ];
}
