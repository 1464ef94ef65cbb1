// The grant list (searchable, sortable, paged, with totals over what the search found)
// and the portfolio per appropriation. The state lives in the address (#/grants?q=…),
// so a search can be bookmarked and the back button works.
import type { GrantBalance } from '../../../../projections/balance.js';
import type { PortfolioLine } from '../../../../projections/portfolio.js';
import { Decimal, formatMoney, sum } from '../../../../domain/money.js';
import { get } from '../api.js';
import { card, h, table, type Child, type Column } from '../dom.js';
import { formatCount, formatSek } from '../format.js';
import { t, tDynamic, type WordKey } from '../i18n.js';
import { grantHref } from '../state.js';

const PAGE_SIZE = 25;
const MONEY_COLUMNS = ['cap', 'entitlement', 'netPaid', 'payable', 'undisbursed'] as const;
type SortKey = 'grantId' | 'title' | 'status' | (typeof MONEY_COLUMNS)[number] | 'finalReport';
const SORT_KEYS: SortKey[] = ['grantId', 'title', 'status', ...MONEY_COLUMNS, 'finalReport'];
const STATUSES = ['applied', 'approved', 'rejected', 'withdrawn', 'closed'];

function compare(key: SortKey): (a: GrantBalance, b: GrantBalance) => number {
  if ((MONEY_COLUMNS as readonly string[]).includes(key)) {
    const k = key as (typeof MONEY_COLUMNS)[number];
    return (a, b) => new Decimal(a[k]).comparedTo(new Decimal(b[k]));
  }
  if (key === 'finalReport')
    return (a, b) => (a.finalReport.due ?? '9999').localeCompare(b.finalReport.due ?? '9999');
  return (a, b) => String(a[key]).localeCompare(String(b[key]), 'sv');
}

function status(value: string): HTMLElement {
  return h('span', { class: `status status-${value}` }, tDynamic('st_', value));
}

export async function grantsView(params: URLSearchParams): Promise<Child[]> {
  const q = (params.get('q') ?? '').trim();
  const wanted = params.get('status') ?? '';
  const sort = (
    SORT_KEYS.includes(params.get('sort') as SortKey) ? params.get('sort') : 'grantId'
  ) as SortKey;
  const descending = params.get('dir') === 'desc';
  const all = await get<GrantBalance[]>('/grants');
  const needle = q.toLocaleLowerCase('sv');
  const found = all
    .filter((g) => wanted === '' || g.status === wanted)
    .filter(
      (g) =>
        needle === '' ||
        [g.grantId, g.title, g.applicant].some((v) => v.toLocaleLowerCase('sv').includes(needle)),
    )
    .sort(compare(sort));
  if (descending) found.reverse();
  const pages = Math.max(1, Math.ceil(found.length / PAGE_SIZE));
  const page = Math.min(pages, Math.max(1, Number(params.get('page') ?? '1') || 1));
  const shown = found.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  const link = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes))
      if (v === '') next.delete(k);
      else next.set(k, v);
    return `#/grants?${next.toString()}`;
  };

  const form = h(
    'form',
    {
      class: 'filters',
      role: 'search',
      onsubmit: (event: Event) => {
        event.preventDefault();
        const f = event.target as HTMLFormElement;
        const data = new FormData(f);
        location.hash = link({
          q: String(data.get('q') ?? ''),
          status: String(data.get('status') ?? ''),
          sort: String(data.get('sort') ?? ''),
          page: '',
        });
      },
    },
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'grant-search' }, t('search')),
      h('input', { id: 'grant-search', name: 'q', type: 'search', value: q }),
    ),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'status-filter' }, t('status')),
      h(
        'select',
        { id: 'status-filter', name: 'status' },
        h('option', { value: '' }, t('all')),
        STATUSES.map((st) =>
          h('option', { value: st, selected: st === wanted }, tDynamic('st_', st)),
        ),
      ),
    ),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'sort-by' }, t('sortBy')),
      h(
        'select',
        { id: 'sort-by', name: 'sort' },
        SORT_KEYS.map((k) => h('option', { value: k, selected: k === sort }, columnLabel(k))),
      ),
    ),
    h('button', { type: 'submit', class: 'primary' }, t('show')),
  );

  const sortable = (key: SortKey, label: string): string =>
    label + (key === sort ? (descending ? ' ▼' : ' ▲') : '');
  const columns: Column<GrantBalance>[] = [
    {
      label: sortable('grantId', t('col_grant')),
      cell: (g) => h('a', { href: grantHref(g.grantId) }, g.grantId),
    },
    {
      label: t('col_project'),
      cell: (g) => [h('div', {}, g.title), h('div', { class: 'muted' }, g.applicant)],
    },
    { label: sortable('status', t('col_status')), cell: (g) => status(g.status) },
    ...MONEY_COLUMNS.map((k): Column<GrantBalance> => ({
      label: sortable(k, columnLabel(k)),
      num: true,
      cell: (g) => formatSek(g[k]),
    })),
    {
      label: sortable('finalReport', t('col_finalReport')),
      cell: (g) =>
        g.finalReport.due
          ? [
              g.finalReport.due,
              ' ',
              h(
                'span',
                { class: `status status-${g.finalReport.state}` },
                tDynamic('fr_', g.finalReport.state),
              ),
            ]
          : '–',
    },
  ];
  const totals = h(
    'tr',
    { class: 'totals' },
    h(
      'th',
      { scope: 'row', 'data-label': t('totals') },
      `${t('totals')} (${t('grantsCount', formatCount(found.length))})`,
    ),
    h('td', { 'data-label': '' }),
    h('td', { 'data-label': '' }),
    MONEY_COLUMNS.map((k) =>
      h(
        'td',
        { class: 'num', 'data-label': columnLabel(k) },
        formatSek(formatMoney(sum(found.map((g) => new Decimal(g[k]))))),
      ),
    ),
    h('td', { 'data-label': '' }),
  );
  const pager = h(
    'nav',
    { class: 'pager', 'aria-label': t('pageOf', page, pages) },
    page > 1
      ? h('a', { href: link({ page: String(page - 1) }), rel: 'prev' }, t('previous'))
      : null,
    h('span', {}, t('pageOf', page, pages)),
    page < pages
      ? h('a', { href: link({ page: String(page + 1) }), rel: 'next' }, t('next'))
      : null,
    h(
      'a',
      { href: link({ dir: descending ? '' : 'desc', page: '' }) },
      descending ? '▲' : '▼',
      h('span', { class: 'visually-hidden' }, t('sortBy')),
    ),
  );
  return [
    h('h1', {}, t('grantsTitle')),
    card(
      'grants',
      t('grantsCount', formatCount(found.length)),
      form,
      found.length
        ? [table(columns, shown, { id: 'grants-table', foot: [totals] }), pager]
        : h('p', {}, t('noGrants')),
    ),
  ];
}

function columnLabel(key: SortKey): string {
  const keys: Record<SortKey, WordKey> = {
    grantId: 'col_grant',
    title: 'col_project',
    status: 'col_status',
    cap: 'col_cap',
    entitlement: 'col_entitlement',
    netPaid: 'col_netPaid',
    payable: 'col_payable',
    undisbursed: 'col_undisbursed',
    finalReport: 'col_finalReport',
  };
  return t(keys[key]);
}

export async function portfolioView(): Promise<Child[]> {
  const lines = await get<PortfolioLine[]>('/portfolio');
  const total = (k: 'committed' | 'paid' | 'remainingCommitment') =>
    formatSek(formatMoney(sum(lines.map((l) => new Decimal(l[k])))));
  const foot = h(
    'tr',
    { class: 'totals' },
    h('th', { scope: 'row', 'data-label': t('totals') }, t('totals')),
    h('td', { class: 'num', 'data-label': t('col_committed') }, total('committed')),
    h('td', { class: 'num', 'data-label': t('col_paid') }, total('paid')),
    h(
      'td',
      { class: 'num', 'data-label': t('col_remainingCommitment') },
      total('remainingCommitment'),
    ),
    h(
      'td',
      { class: 'num', 'data-label': t('col_grants') },
      String(lines.reduce((n, l) => n + l.grants.total, 0)),
    ),
  );
  return [
    h('h1', {}, t('portfolioTitle')),
    card(
      'portfolio',
      t('portfolioTitle'),
      lines.length
        ? table(
            [
              { label: t('col_appropriation'), cell: (l: PortfolioLine) => l.appropriation },
              { label: t('col_committed'), num: true, cell: (l) => formatSek(l.committed) },
              { label: t('col_paid'), num: true, cell: (l) => formatSek(l.paid) },
              {
                label: t('col_remainingCommitment'),
                num: true,
                cell: (l) => formatSek(l.remainingCommitment),
              },
              { label: t('col_grants'), num: true, cell: (l) => String(l.grants.total) },
            ],
            lines,
            { id: 'portfolio-table', foot: [foot] },
          )
        : h('p', {}, t('nothingCommitted')),
    ),
  ];
}
