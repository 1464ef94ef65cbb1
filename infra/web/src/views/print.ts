// Print views: the balance of a grant and the order of one payment, as documents to
// sign or file. The page's own header and navigation are left out by the print styles.
import type { GrantBalance } from '../../../../projections/balance.js';
import type { JournalEntry } from '../../../../projections/journal.js';
import type { BankFileView } from '../../../../projections/recoveries.js';
import { get, grantPath } from '../api.js';
import { h, type Child } from '../dom.js';
import { formatSek } from '../format.js';
import { t, tDynamic } from '../i18n.js';
import { grantHref, me } from '../state.js';
import { balanceTable, paymentPath } from './grant.js';

function printed(): HTMLElement {
  return h(
    'p',
    { class: 'muted printed' },
    t('printed', new Date().toISOString().replace('T', ' ').slice(0, 16) + ' UTC', me().actor),
  );
}

function printButton(grantId: string): HTMLElement {
  return h(
    'p',
    { class: 'no-print print-actions' },
    h('button', { type: 'button', class: 'primary', onclick: () => window.print() }, t('print')),
    ' ',
    h('a', { href: grantHref(grantId) }, t('backToGrant')),
  );
}

export async function printBalanceView(grantId: string, params: URLSearchParams): Promise<Child[]> {
  const asOf = /^\d{4}-\d{2}-\d{2}$/.test(params.get('asOf') ?? '') ? params.get('asOf')! : '';
  const balance = await get<GrantBalance>(grantPath(grantId, asOf ? `?asOf=${asOf}` : ''));
  return [
    printButton(grantId),
    h(
      'article',
      { class: 'print-doc', id: 'print-balance' },
      h('h1', {}, `${t('balanceTitle')} ${grantId}`),
      h('p', {}, balance.title),
      h('p', {}, balance.applicant),
      h(
        'p',
        {},
        tDynamic('st_', balance.status),
        balance.appropriation ? ` · ${balance.appropriation}` : '',
        asOf ? ` · ${t('asOfNotice', asOf)}` : '',
      ),
      balanceTable(balance),
      printed(),
    ),
  ];
}

export async function printPaymentView(grantId: string, paymentId: string): Promise<Child[]> {
  const [balance, payments, files] = await Promise.all([
    get<GrantBalance>(grantPath(grantId)),
    get<JournalEntry[]>(`/payments?grantId=${encodeURIComponent(grantId)}`),
    get<BankFileView[]>(grantPath(grantId, '/bank-files')),
  ]);
  const p = payments.find((x) => x.paymentId === paymentId);
  if (!p) return [printButton(grantId), h('p', { role: 'alert' }, t('notFound'))];
  const row = (label: string, value: Child) =>
    h('tr', {}, h('th', { scope: 'row' }, label), h('td', {}, value));
  return [
    printButton(grantId),
    h(
      'article',
      { class: 'print-doc', id: 'print-payment' },
      h('h1', {}, `${t('paymentOrderTitle')} ${p.paymentId}`),
      h(
        'table',
        { class: 'figures' },
        h(
          'tbody',
          {},
          row(t('col_grant'), grantId),
          row(t('payee'), balance.applicant),
          row(
            t('purpose'),
            `${balance.title} — ${tDynamic('kind_', p.kind)}${p.claimId ? ` ${p.claimId}` : ''}`,
          ),
          row(t('col_amount'), h('strong', {}, formatSek(p.amount))),
          row(t('col_appropriation'), balance.appropriation ?? '–'),
          row(t('payoutAccount'), balance.payoutAccount?.current?.text ?? '–'),
          row(
            t('col_state'),
            paymentPath(
              p,
              files.find((f) => f.paymentId === p.paymentId),
            ),
          ),
        ),
      ),
      printed(),
    ),
  ];
}
