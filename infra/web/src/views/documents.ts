// What the committee and the applicant receive, at the desk: the delegation report
// (#/delegation-report, with its print view #/print/delegation-report) and the button
// that fetches a grant's decision letter. The PDFs and the CSV come from the API with the
// person's token, so they are fetched here and handed to the browser as a download.
import { ApiError, get, grantPath, session } from '../api.js';
import { h, type Child } from '../dom.js';
import { formatSek } from '../format.js';
import { language } from '../i18n.js';
import { localToday, me } from '../state.js';

/** A row of GET /delegation-report (infra/documents/delegation-report.ts). */
interface ReportRow {
  grantId: string;
  applicant: string;
  project: string;
  decidedOn: string;
  decidedBy: string;
  outcome: 'approved' | 'amended' | 'revoked';
  amount: string | null;
  delegation: string;
  detail: string;
}
interface Report {
  from: string;
  to: string;
  delegation?: string;
  rows: ReportRow[];
}

const WORDS = {
  sv: {
    title: 'Anmälan av delegationsbeslut',
    from: 'Från beslutsdatum',
    to: 'Till och med',
    delegation: 'Delegation (valfritt)',
    show: 'Visa',
    intro: 'Beslut fattade med stöd av delegation, med ändringar och återkallelser.',
    period: (from: string, to: string) => `Beslut fattade med stöd av delegation ${from} – ${to}`,
    count: (n: number) => `${n} beslut`,
    none: 'Inga beslut fattade med stöd av delegation under perioden.',
    print: 'Utskriftsvy',
    doPrint: 'Skriv ut',
    back: 'Tillbaka till rapporten',
    pdf: 'Ladda ned PDF',
    csv: 'Ladda ned CSV',
    letter: 'Beslutsbrev (PDF)',
    printed: (when: string, who: string) => `Utskriven ${when} av ${who}`,
    columns: [
      'Diarienummer',
      'Sökande',
      'Projekt',
      'Beslutsdatum',
      'Beslutsfattare',
      'Beslut',
      'Belopp',
      'Delegation',
      'Innehåll',
    ],
    outcome: { approved: 'Beviljat', amended: 'Ändrat beslut', revoked: 'Återkallat' },
    failed: (m: string) => `Kunde inte hämta dokumentet: ${m}`,
  },
  en: {
    title: 'Report of delegated decisions',
    from: 'From decision date',
    to: 'To and including',
    delegation: 'Delegation (optional)',
    show: 'Show',
    intro: 'Decisions taken under a delegation, with amendments and revocations.',
    period: (from: string, to: string) => `Decisions taken under a delegation ${from} – ${to}`,
    count: (n: number) => `${n} decision${n === 1 ? '' : 's'}`,
    none: 'No decisions were taken under a delegation in the period.',
    print: 'Print view',
    doPrint: 'Print',
    back: 'Back to the report',
    pdf: 'Download PDF',
    csv: 'Download CSV',
    letter: 'Decision letter (PDF)',
    printed: (when: string, who: string) => `Printed ${when} by ${who}`,
    columns: [
      'Diary number',
      'Applicant',
      'Project',
      'Decided on',
      'Decided by',
      'Decision',
      'Amount',
      'Delegation',
      'Content',
    ],
    outcome: { approved: 'Approved', amended: 'Amended', revoked: 'Revoked' },
    failed: (m: string) => `Could not fetch the document: ${m}`,
  },
};
const w = () => WORDS[language()];

/** The query the report was asked with, only its valid-looking parts. */
function askedOf(params: URLSearchParams): URLSearchParams {
  const asked = new URLSearchParams();
  for (const key of ['from', 'to', 'delegation']) {
    const value = params.get(key)?.trim();
    if (value) asked.set(key, value);
  }
  return asked;
}

/** Fetches a document with the person's token and saves it under `fileName`. */
async function download(path: string, fileName: string, status: HTMLElement): Promise<void> {
  status.textContent = '';
  try {
    const response = await fetch(path, {
      headers: { Authorization: `Bearer ${session.token() ?? ''}` },
      credentials: 'omit',
    });
    if (!response.ok) {
      const body = (await response.json().catch(() => undefined)) as
        { error?: { message?: string } } | undefined;
      throw new Error(body?.error?.message ?? `HTTP ${response.status}`);
    }
    const url = URL.createObjectURL(await response.blob());
    const link = h('a', { href: url, download: fileName, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  } catch (error) {
    status.textContent = w().failed(error instanceof Error ? error.message : String(error));
  }
}

function downloadButton(label: string, path: string, fileName: string): HTMLElement {
  const status = h('span', { class: 'error', role: 'alert' });
  const button = h('button', { type: 'button' }, label);
  button.addEventListener('click', () => void download(path, fileName, status));
  return h('span', { class: 'download' }, button, ' ', status);
}

/** The grant's decision letter as a download; nothing while the grant has no decision. */
export function decisionLetterButton(grantId: string, status: string): HTMLElement | null {
  if (status === 'applied' || status === 'withdrawn') return null;
  const file = `beslut-${grantId.replace(/[^\p{L}\p{N}._-]+/gu, '-')}.pdf`;
  return downloadButton(w().letter, grantPath(grantId, '/decision.pdf'), file);
}

function reportTable(report: Report): HTMLElement {
  const words = w();
  const cells = (r: ReportRow): Child[] => [
    r.grantId,
    r.applicant,
    r.project,
    r.decidedOn,
    r.decidedBy,
    words.outcome[r.outcome],
    formatSek(r.amount),
    r.delegation,
    r.detail,
  ];
  return h(
    'table',
    { class: 'stack-table delegation-report' },
    h('caption', {}, words.count(report.rows.length)),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        words.columns.map((c) => h('th', { scope: 'col' }, c)),
      ),
    ),
    h(
      'tbody',
      {},
      report.rows.map((r) =>
        h(
          'tr',
          {},
          cells(r).map((c, i) =>
            h('td', { 'data-label': words.columns[i], class: i === 6 ? 'num' : undefined }, c),
          ),
        ),
      ),
    ),
  );
}

function periodForm(asked: URLSearchParams): HTMLElement {
  const words = w();
  const year = localToday().slice(0, 4);
  const field = (name: string, label: string, type: string, value: string) =>
    h(
      'label',
      {},
      label,
      h('input', { name, type, value, required: name !== 'delegation' ? true : undefined }),
    );
  const form = h(
    'form',
    { class: 'no-print filters' },
    field('from', words.from, 'date', asked.get('from') ?? `${year}-01-01`),
    field('to', words.to, 'date', asked.get('to') ?? localToday()),
    field('delegation', words.delegation, 'text', asked.get('delegation') ?? ''),
    h('button', { type: 'submit', class: 'primary' }, words.show),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const entries = [...new FormData(form)].map(([k, v]): [string, string] => [k, String(v)]);
    const data = askedOf(new URLSearchParams(entries));
    location.hash = `#/delegation-report?${data.toString()}`;
  });
  return form;
}

async function loadReport(asked: URLSearchParams): Promise<Report | ApiError> {
  try {
    return await get<Report>(`/delegation-report?${asked.toString()}`);
  } catch (error) {
    if (error instanceof ApiError && error.status === 400) return error;
    throw error;
  }
}

export async function delegationReportView(params: URLSearchParams): Promise<Child[]> {
  const words = w();
  const asked = askedOf(params);
  const head = [h('h1', {}, words.title), h('p', {}, words.intro), periodForm(asked)];
  if (!asked.has('from') || !asked.has('to')) return head;
  const report = await loadReport(asked);
  if (report instanceof ApiError) {
    return [
      ...head,
      h('p', { class: 'error', role: 'alert' }, `${report.message} (${report.code})`),
    ];
  }
  const name = `delegationsbeslut-${report.from}-${report.to}`;
  return [
    ...head,
    h(
      'p',
      { class: 'no-print print-actions' },
      h('a', { href: `#/print/delegation-report?${asked.toString()}` }, words.print),
      ' ',
      downloadButton(words.pdf, `/delegation-report?${asked.toString()}&format=pdf`, `${name}.pdf`),
      ' ',
      downloadButton(words.csv, `/delegation-report?${asked.toString()}&format=csv`, `${name}.csv`),
    ),
    report.rows.length === 0 ? h('p', {}, words.none) : reportTable(report),
  ];
}

/** The report as a document to print for the committee: no form, no navigation. */
export async function printDelegationReportView(params: URLSearchParams): Promise<Child[]> {
  const words = w();
  const asked = askedOf(params);
  const report = await get<Report>(`/delegation-report?${asked.toString()}`);
  const when = new Date().toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
  return [
    h(
      'p',
      { class: 'no-print print-actions' },
      h(
        'button',
        { type: 'button', class: 'primary', onclick: () => window.print() },
        words.doPrint,
      ),
      ' ',
      h('a', { href: `#/delegation-report?${asked.toString()}` }, words.back),
    ),
    h(
      'article',
      { class: 'print-doc', id: 'print-delegation-report' },
      h('h1', {}, words.title),
      h(
        'p',
        {},
        words.period(report.from, report.to),
        report.delegation ? ` · ${report.delegation}` : '',
      ),
      report.rows.length === 0 ? h('p', {}, words.none) : reportTable(report),
      h('p', { class: 'muted printed' }, words.printed(when, me().actor)),
    ),
  ];
}
