// The pay-run (interfaces.md "The pay-run, in the desk"): finance selects attested
// payments — all, or by payee and attest date — sees the total, and creates the bank file
// with one button. The sender comes from the configuration and the execution date is the
// next banking day, so nobody types a file id, a timestamp or the region's bankgiro. The
// files already issued are listed with their payments, totals and status, and download again.
import type { IssuedFile, PayRun, PayRunPayment } from '../../../bank/pay-run-types.js';
import { ApiError, fetchFile, get, saveFile } from '../api.js';
import { card, h, table, type Child } from '../dom.js';
import { formatSek } from '../format.js';
import { t, tDynamic } from '../i18n.js';
import { explainError } from '../messages.js';
import { app, grantHref, takeFlash } from '../state.js';
import { sumSek } from './sum-sek.js';

const keyOf = (p: { grantId: string; paymentId: string }) => `${p.grantId}\n${p.paymentId}`;

function errorText(error: unknown): string {
  return error instanceof ApiError
    ? explainError(error.code, error.message, '')
    : String(error instanceof Error ? error.message : error);
}

/** Asks the server for a file (a new one, or an issued one again) and saves it. */
async function download(path: string, body?: unknown): Promise<string> {
  const file = await fetchFile(path, 'application/xml', body);
  saveFile(file.blob, file.filename);
  return file.headers.get('x-payment-file-id') ?? file.filename;
}

function waitingTable(rows: PayRunPayment[], onPick: () => void): HTMLElement {
  return table(
    [
      {
        label: t('col_grant'),
        cell: (p: PayRunPayment) => [
          h('input', {
            type: 'checkbox',
            name: 'pick',
            value: keyOf(p),
            checked: p.held === null,
            disabled: p.held !== null,
            'aria-label': t('selectPayment', p.paymentId, p.grantId),
            onchange: onPick,
          }),
          ' ',
          h('a', { href: grantHref(p.grantId) }, p.grantId),
        ],
      },
      { label: t('paymentId'), cell: (p) => p.paymentId },
      { label: t('payee'), cell: (p) => p.payee },
      { label: t('col_orgNumber'), cell: (p) => p.orgNumber ?? '–' },
      {
        label: t('col_account'),
        cell: (p) => (p.held ? h('span', { class: 'error' }, t('heldBack', p.held)) : p.account),
      },
      { label: t('col_amount'), num: true, cell: (p) => formatSek(p.amount) },
      { label: t('col_orderedBy'), cell: (p) => p.orderedBy },
      { label: t('col_attested'), cell: (p) => `${p.attestedOn ?? ''} ${p.attestedBy ?? ''}` },
    ],
    rows,
    { id: 'pay-run-table' },
  );
}

function filesTable(files: IssuedFile[]): Child {
  if (files.length === 0) return h('p', { class: 'muted' }, t('noFiles'));
  return table(
    [
      { label: t('col_fileId'), cell: (f: IssuedFile) => h('code', {}, f.fileId) },
      { label: t('col_exportedOn'), cell: (f) => f.exportedOn },
      { label: t('col_executionDate'), cell: (f) => f.executionDate },
      { label: t('col_count'), num: true, cell: (f) => String(f.payments.length) },
      { label: t('col_total'), num: true, cell: (f) => formatSek(f.total) },
      { label: t('col_status'), cell: (f) => tDynamic('fileStatus_', f.status) },
      {
        label: t('col_payments'),
        cell: (f) =>
          h(
            'ul',
            { class: 'plain' },
            f.payments.map((p) =>
              h(
                'li',
                {},
                `${p.grantId} ${p.paymentId} ${p.payee} ${formatSek(p.amount)}`,
                p.settled ? ` (${t('settledMark')})` : '',
              ),
            ),
          ),
      },
      {
        label: t('downloadFile', ''),
        cell: (f) =>
          h(
            'button',
            {
              type: 'button',
              class: 'small',
              onclick: () => void download(`/payment-files/${encodeURIComponent(f.fileId)}`),
            },
            t('downloadFile', f.fileId),
          ),
      },
    ],
    files,
    { id: 'issued-files' },
  );
}

/** The filter: which of the waiting payments are shown (and so can be selected). */
function filters(run: PayRun, apply: () => void): HTMLElement {
  const payees = [...new Set(run.waiting.map((p) => p.payee))].sort((a, b) =>
    a.localeCompare(b, 'sv'),
  );
  return h(
    'div',
    { class: 'filters' },
    h(
      'label',
      {},
      t('filterPayee'),
      h(
        'select',
        { id: 'pay-run-payee', onchange: apply },
        h('option', { value: '' }, t('allPayees')),
        payees.map((p) => h('option', { value: p }, p)),
      ),
    ),
    h(
      'label',
      {},
      t('filterAttestedBy'),
      h('input', { type: 'date', id: 'pay-run-attested', onchange: apply }),
    ),
  );
}

function sendForm(run: PayRun): HTMLElement {
  const status = h('p', { id: 'pay-run-total', role: 'status', 'aria-live': 'polite' });
  const error = h('p', { id: 'pay-run-error', class: 'error', role: 'alert' });
  const form = h('form', { id: 'pay-run-form', novalidate: true });
  const picks = () => [...form.querySelectorAll<HTMLInputElement>('input[name=pick]')];
  const chosen = () => picks().filter((c) => c.checked && !c.disabled);
  const byKey = new Map(run.waiting.map((p) => [keyOf(p), p]));
  const showTotal = () => {
    const picked = chosen().map((c) => byKey.get(c.value)!);
    status.textContent = t('selectedTotal', picked.length, sumSek(picked.map((p) => p.amount)));
  };
  const apply = () => {
    const payee = form.querySelector<HTMLSelectElement>('#pay-run-payee')!.value;
    const by = form.querySelector<HTMLInputElement>('#pay-run-attested')!.value;
    for (const box of picks()) {
      const p = byKey.get(box.value)!;
      const shown = (!payee || p.payee === payee) && (!by || (p.attestedOn ?? '') <= by);
      box.closest('tr')!.hidden = !shown;
      box.checked = shown && p.held === null;
    }
    showTotal();
  };
  const all = h('input', {
    type: 'checkbox',
    id: 'pay-run-all',
    checked: true,
    onchange: () => {
      for (const box of picks())
        if (!box.closest('tr')!.hidden && !box.disabled) box.checked = all.checked;
      showTotal();
    },
  });
  const date = h('input', {
    type: 'date',
    id: 'execution-date',
    name: 'executionDate',
    value: run.executionDate,
    required: true,
    'aria-describedby': 'execution-date-hint',
  });
  const submit = h('button', { type: 'submit', disabled: !run.debtor }, t('createFile'));
  form.append(
    filters(run, apply),
    h('label', { class: 'inline' }, all, ' ', t('selectAll')),
    waitingTable(run.waiting, showTotal),
    status,
    h('label', { for: 'execution-date' }, t('executionDate')),
    date,
    h('p', { id: 'execution-date-hint', class: 'hint' }, t('executionDateHint', run.executionDate)),
    error,
    submit,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const payments = chosen().map((c) => {
      const { grantId, paymentId } = byKey.get(c.value)!;
      return { grantId, paymentId };
    });
    if (payments.length === 0) {
      error.textContent = t('noneSelected');
      return;
    }
    error.textContent = '';
    submit.disabled = true;
    submit.textContent = t('creating');
    void createFile({ executionDate: date.value, payments }, run).catch((e: unknown) => {
      error.textContent = errorText(e);
      submit.disabled = false;
      submit.textContent = t('createFile');
    });
  });
  showTotal();
  return form;
}

async function createFile(
  body: { executionDate: string; payments: { grantId: string; paymentId: string }[] },
  run: PayRun,
): Promise<void> {
  const fileId = await download('/payment-files', body);
  const sent = new Set(body.payments.map(keyOf));
  const amounts = run.waiting.filter((p) => sent.has(keyOf(p))).map((p) => p.amount);
  app.flash = t('fileCreated', fileId, body.payments.length, sumSek(amounts));
  // Shown again from the server: the new file in the list, its payments gone from the queue.
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}

export async function payRunView(): Promise<Child[]> {
  const run = await get<PayRun>('/pay-run');
  const debtor = run.debtor
    ? h('p', { id: 'debtor' }, t('debtorLine', run.debtor.name, run.debtor.bankgiro))
    : h('p', { class: 'error', role: 'alert' }, t('noDebtor'));
  return [
    takeFlash(),
    h('h1', {}, t('navPayRun')),
    h('p', { class: 'muted' }, t('payRunIntro')),
    debtor,
    card(
      'waiting',
      t('waitingTitle'),
      run.waiting.length === 0 ? h('p', { class: 'muted' }, t('nothingToSend')) : sendForm(run),
    ),
    card('files', t('filesTitle'), filesTable(run.files)),
  ];
}
