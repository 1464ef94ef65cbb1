// The statement (interfaces.md "The statement, in the desk"): finance picks the bank's
// camt.053/054 or CSV file, sees what it would do (POST /reconcile/preview records
// nothing), and confirms with `Bokför` (POST /reconcile, all or nothing). The result stays
// on the page until another statement is read, so it can be read again after a detour.
import type { ReconcileResult } from '../../../reconcile.js';
import { ApiError, postText } from '../api.js';
import { card, h, table, type Child } from '../dom.js';
import { formatSek } from '../format.js';
import { t, tDynamic } from '../i18n.js';
import { explainError } from '../messages.js';
import { grantHref } from '../state.js';

type Answer = Extract<ReconcileResult, { ok: true }> & { preview?: boolean };

/** One line of any kind the answer holds (kinds added later are shown the same way). */
interface Row {
  line?: number;
  at?: string;
  bookedOn?: string | null;
  amount?: string;
  direction?: string;
  reference?: string;
  grantId?: string;
  paymentId?: string;
  recoveryId?: string;
  expectedAmount?: string;
  reason?: string;
  alreadySettled?: boolean;
  alreadyRecorded?: boolean;
}

/** The last statement read in this tab: what the page shows when it is opened again. */
const last: { name: string; text: string; answer: Answer | null } = {
  name: '',
  text: '',
  answer: null,
};

const KIND_ORDER = ['matched', 'repayments', 'returned', 'amountMismatch', 'unknownInBank'];

function mediaTypeOf(name: string, text: string): string {
  return /\.xml$/i.test(name) || text.trimStart().startsWith('<') ? 'application/xml' : 'text/csv';
}

function whatOf(row: Row, preview: boolean): string {
  if (row.reason) return row.reason;
  if (row.alreadySettled || row.alreadyRecorded) return t('alreadyDone');
  if (row.expectedAmount) return `${t('col_expected')}: ${formatSek(row.expectedAmount)}`;
  return preview ? t('willRecord') : t('wasRecorded');
}

function kindTable(kind: string, rows: Row[], preview: boolean): HTMLElement {
  return h(
    'section',
    { class: 'statement-kind', 'data-kind': kind, 'aria-labelledby': `kind-${kind}` },
    h('h3', { id: `kind-${kind}` }, `${tDynamic('kind_', kind)} (${rows.length})`),
    table(
      [
        { label: t('col_line'), cell: (r: Row) => r.at ?? String(r.line ?? '') },
        { label: t('col_bookedOn'), cell: (r) => r.bookedOn ?? '' },
        {
          label: t('col_grant'),
          cell: (r) => (r.grantId ? h('a', { href: grantHref(r.grantId) }, r.grantId) : '–'),
        },
        { label: t('paymentId'), cell: (r) => r.paymentId ?? r.recoveryId ?? '–' },
        { label: t('col_reference'), cell: (r) => r.reference ?? '' },
        { label: t('col_amount'), num: true, cell: (r) => formatSek(r.amount) },
        { label: t('col_what'), cell: (r) => whatOf(r, preview) },
      ],
      rows,
      { id: `statement-${kind}` },
    ),
  );
}

/** Every list of lines in the answer, known kinds first, then any kind the server adds. */
function kindsOf(answer: Answer): [string, Row[]][] {
  const lists = (Object.entries(answer) as [string, unknown][]).filter(
    (entry): entry is [string, Row[]] => Array.isArray(entry[1]) && entry[0] !== 'missingInBank',
  );
  const rank = (k: string) => (KIND_ORDER.includes(k) ? KIND_ORDER.indexOf(k) : KIND_ORDER.length);
  return lists.sort((a, b) => rank(a[0]) - rank(b[0]));
}

function answerView(answer: Answer, onBook: () => void): HTMLElement {
  const preview = answer.preview === true;
  const parts: Child[] = [
    h('p', { role: 'status' }, preview ? t('previewNote') : t('bookedSummary', answer.recorded)),
  ];
  if (answer.ignored > 0) parts.push(h('p', { class: 'muted' }, t('ignoredLines', answer.ignored)));
  for (const [kind, rows] of kindsOf(answer))
    if (rows.length > 0) parts.push(kindTable(kind, rows, preview));
  if (answer.missingInBank.length > 0)
    parts.push(
      h('h3', {}, `${t('kind_missingInBank')} (${answer.missingInBank.length})`),
      h(
        'ul',
        { id: 'statement-missing' },
        answer.missingInBank.map((p) =>
          h('li', {}, `${p.grantId} ${p.paymentId} ${formatSek(p.amount)}`),
        ),
      ),
    );
  if (preview) parts.push(h('button', { type: 'button', id: 'book', onclick: onBook }, t('book')));
  const title = preview
    ? t('previewTitle', last.name, answer.format)
    : t('bookedTitle', `${last.name} (${answer.format})`);
  return card('statement-result', title, parts);
}

export function statementView(): Child[] {
  const error = h('p', { id: 'statement-error', class: 'error', role: 'alert' });
  const result = h('div', { id: 'statement-answer' });
  const input = h('input', {
    type: 'file',
    id: 'statement-file',
    name: 'statement',
    accept: '.xml,.csv,.txt,application/xml,text/csv',
    'aria-describedby': 'statement-hint',
  });
  const show = (answer: Answer | null) => {
    last.answer = answer;
    result.replaceChildren(answer ? answerView(answer, () => void send('/reconcile')) : '');
  };
  const send = async (path: string) => {
    error.textContent = t(path.endsWith('preview') ? 'reading' : 'booking');
    try {
      const answer = await postText<Answer>(path, last.text, mediaTypeOf(last.name, last.text));
      error.textContent = '';
      show(answer);
    } catch (e) {
      error.textContent = e instanceof ApiError ? explainError(e.code, e.message, '') : String(e);
    }
  };
  const form = h(
    'form',
    { id: 'statement-form', novalidate: true },
    h('label', { for: 'statement-file' }, t('statementFile')),
    input,
    h('p', { id: 'statement-hint', class: 'hint' }, t('statementHint')),
    h('button', { type: 'submit' }, t('previewButton')),
    error,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const file = input.files?.[0];
    if (!file) return;
    void file.text().then((text) => {
      last.name = file.name;
      last.text = text;
      return send('/reconcile/preview');
    });
  });
  // Choosing a file shows its preview at once; the button is there for the keyboard too.
  input.addEventListener('change', () => form.requestSubmit());
  show(last.answer);
  return [
    h('h1', {}, t('navStatement')),
    h('p', { class: 'muted' }, t('statementIntro')),
    card('statement', t('statementCard'), form),
    result,
  ];
}
