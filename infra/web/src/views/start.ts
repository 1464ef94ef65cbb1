// The start page: the worklists of the signed-in person's roles, oldest first with
// counts, and for auditors the chain check and the newest events.
import type { AuditEntry } from '../../../../projections/audit.js';
import {
  WORKLIST_IDS,
  type Worklist,
  type WorklistId,
  type WorkItem,
} from '../../../../projections/worklists.js';
import { ApiError, get } from '../api.js';
import { card, h, table, type Child } from '../dom.js';
import { commandName } from '../fields.js';
import { formatSek, formatTime } from '../format.js';
import { eventName } from '../messages.js';
import { t, type WordKey } from '../i18n.js';
import { grantHref, hasRole, may, takeFlash } from '../state.js';
import { verifyPanel } from './verify.js';

function actionHref(item: WorkItem): string {
  // Payments go to the bank from the pay-run page, never one by one.
  if (item.action === 'ExportPayment') return '#/bank';
  const query = new URLSearchParams({ tab: 'actions', action: item.action });
  if (item.ref !== null) query.set('ref', item.ref);
  return grantHref(item.grantId, query.toString());
}

function detailOf(list: Worklist, item: WorkItem): string {
  if (item.detail === null) return '';
  if (list.id === 'finalReports') return item.detail === 'overdue' ? t('overdue') : t('due');
  if (list.id === 'toAttest') return t('orderedBy', item.detail);
  if (list.id === 'notInBankFile') return t('attestedByLine', item.detail);
  if (list.id === 'unsettled') return t('inFileLine', item.detail);
  if (list.id === 'payoutAccounts') return t('changedByLine', item.detail);
  return item.detail;
}

/** Each worklist's title: keyed by every list id, so a new list does not compile without one. */
const WORKLIST_TITLES: Record<WorklistId, WordKey> = Object.fromEntries(
  WORKLIST_IDS.map((id) => [id, `wl_${id}` as WordKey]),
) as Record<WorklistId, WordKey>;

function worklistCard(list: Worklist): HTMLElement {
  const id = `wl-${list.id}`;
  const title = t(WORKLIST_TITLES[list.id]);
  const body: Child[] = [];
  if (list.count === 0) body.push(h('p', { class: 'muted' }, t('nothingWaits')));
  else {
    body.push(
      table(
        [
          { label: t('col_date'), cell: (i: WorkItem) => i.date },
          { label: t('col_grant'), cell: (i) => h('a', { href: grantHref(i.grantId) }, i.grantId) },
          { label: t('col_project'), cell: (i) => h('span', { class: 'clip' }, i.title) },
          { label: 'Id', cell: (i) => i.ref ?? '' },
          {
            label: t('col_amount'),
            num: true,
            cell: (i) => (i.amount === null ? '' : formatSek(i.amount)),
          },
          { label: t('col_note'), cell: (i) => detailOf(list, i) },
          {
            label: t('doAction'),
            cell: (i) =>
              h(
                'a',
                { href: actionHref(i), class: 'button small' },
                i.action === 'ExportPayment' ? t('navPayRun') : commandName(i.action),
              ),
          },
        ],
        list.items,
        { id: `${id}-table`, className: 'worklist' },
      ),
    );
    if (list.count > list.items.length)
      body.push(h('p', { class: 'muted' }, t('showing', list.items.length, list.count)));
  }
  if (list.orderedByMe)
    body.push(h('p', { class: 'muted', id: 'ordered-by-me' }, t('orderedByMe', list.orderedByMe)));
  return h(
    'section',
    {
      class: 'card worklist-card',
      id,
      'aria-labelledby': `${id}-title`,
      'data-count': String(list.count),
    },
    h(
      'h2',
      { id: `${id}-title` },
      title,
      ' ',
      h(
        'span',
        { class: `count${list.count > 0 ? ' some' : ''}`, 'aria-label': `(${list.count})` },
        String(list.count),
      ),
    ),
    body,
  );
}

/** A seal as GET /seals answers it (what the desk shows of it). */
interface Seal {
  sealedAt: string;
  position: number;
  events: number;
  root: string;
  signature?: string;
}

/** The seals, where the server keeps them and the person may read them; null otherwise. */
async function seals(): Promise<Seal[] | null> {
  try {
    return await get<Seal[]>('/seals');
  } catch (error) {
    if (error instanceof ApiError && (error.status === 403 || error.status === 404)) return null;
    throw error;
  }
}

function sealsTable(list: Seal[]): Child[] {
  if (list.length === 0)
    return [h('h3', {}, t('sealsTitle')), h('p', { class: 'muted' }, t('noSeals'))];
  return [
    h('h3', {}, t('sealsTitle')),
    table(
      [
        { label: t('col_sealedAt'), cell: (x: Seal) => x.sealedAt.replace('T', ' ').slice(0, 19) },
        { label: t('col_position'), num: true, cell: (x) => String(x.position) },
        { label: t('col_eventCount'), num: true, cell: (x) => String(x.events) },
        { label: t('col_root'), cell: (x) => h('code', { class: 'hash' }, x.root) },
        { label: t('col_signed'), cell: (x) => (x.signature ? t('yes') : '–') },
      ],
      [...list].reverse().slice(0, 10),
      { id: 'seals-table' },
    ),
  ];
}

function auditCard(latest: AuditEntry[], sealList: Seal[] | null): HTMLElement {
  return card(
    'audit',
    t('auditTitle'),
    may('verify') ? verifyPanel() : null,
    sealList ? sealsTable(sealList) : null,
    h('h3', {}, t('latestEvents')),
    table(
      [
        { label: t('col_position'), num: true, cell: (e: AuditEntry) => String(e.position) },
        { label: t('col_recordedAt'), cell: (e) => formatTime(e.recordedAt) },
        {
          label: t('col_grant'),
          cell: (e) => h('a', { href: grantHref(e.grantId, 'tab=history') }, e.grantId),
        },
        { label: t('col_type'), cell: (e) => eventName(e.type, e.data) },
        { label: t('col_actor'), cell: (e) => e.actor },
        { label: t('col_hash'), cell: (e) => h('code', { class: 'hash' }, e.hash) },
      ],
      latest,
      { id: 'latest-events' },
    ),
  );
}

export async function startView(): Promise<Child[]> {
  const worklists = await get<{ today: string; lists: Worklist[] }>('/worklists');
  const latest =
    hasRole('auditor') && may('history')
      ? await get<AuditEntry[]>('/events/latest?limit=15')
      : null;
  const sealList = latest ? await seals() : null;
  const parts: Child[] = [
    takeFlash(),
    h('h1', {}, t('worklistsTitle')),
    h('p', { class: 'muted' }, t('worklistsIntro')),
  ];
  if (worklists.lists.length > 0)
    parts.push(h('div', { class: 'worklists' }, worklists.lists.map(worklistCard)));
  if (latest) parts.push(auditCard(latest, sealList));
  if (worklists.lists.length === 0 && !latest)
    parts.push(h('p', {}, t('noWorklists'), ' ', h('a', { href: '#/grants' }, t('navGrants'))));
  return parts;
}
