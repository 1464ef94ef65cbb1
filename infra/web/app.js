// The grant ledger dashboard: plain DOM, no build step. It reads only the HTTP API, with
// the bearer token the person typed (kept in localStorage) or brought in `?token=`.
// Every value is put into the page as text (textContent), never as HTML.

const TOKEN_KEY = 'grant-ledger.token';
const SVG = 'http://www.w3.org/2000/svg';

// ---------- formatting ----------

/** "763643.00" → "763 643,00 kr" (the Swedish way; plain spaces, kept on one line by CSS). */
export function formatSek(amount) {
  if (amount === null || amount === undefined || amount === '') return '–';
  const text = String(amount);
  const negative = text.startsWith('-');
  const [whole = '0', fraction = '00'] = (negative ? text.slice(1) : text).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  return `${negative ? '−' : ''}${grouped},${fraction.padEnd(2, '0').slice(0, 2)} kr`;
}

/** "0.60" → "60 %" */
function formatRate(rate) {
  const percent = (Number(rate) * 100).toFixed(2).replace(/\.?0+$/, '');
  return `${percent.replace('.', ',')} %`;
}

/** A short axis label: 763643 → "764 tkr". */
function shortSek(value) {
  if (value >= 1_000_000) return `${(value / 1_000_000).toFixed(1).replace('.', ',')} mnkr`;
  if (value >= 1000) return `${Math.round(value / 1000).toLocaleString('sv-SE').replace(/\u00a0/g, ' ')} tkr`;
  return `${Math.round(value)} kr`;
}

const STATUS_LABELS = { applied: 'applied', approved: 'approved', rejected: 'rejected', withdrawn: 'withdrawn', closed: 'closed' };

// ---------- DOM helpers ----------

function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') element.className = value;
    else if (key.startsWith('on')) element.addEventListener(key.slice(2), value);
    else element.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

function s(tag, attributes = {}, ...children) {
  const element = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attributes)) if (value !== undefined && value !== null) element.setAttribute(key, String(value));
  for (const child of children.flat()) if (child) element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return element;
}

function status(state) {
  return h('span', { class: `status status-${state}` }, STATUS_LABELS[state] ?? state);
}

function money(amount) {
  return h('td', { class: 'num' }, formatSek(amount));
}

function table(caption, columns, rows, attributes = {}) {
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      attributes,
      caption ? h('caption', {}, caption) : null,
      h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col', class: c.num ? 'num' : undefined }, c.label)))),
      h('tbody', {}, rows),
    ),
  );
}

const grantHref = (grantId) => `#/grants/${encodeURIComponent(grantId)}`;

// ---------- the API ----------

class ApiError extends Error {
  constructor(status, body) {
    super(body?.error?.message ?? `HTTP ${status}`);
    this.status = status;
    this.code = body?.error?.code;
  }
}

function token() {
  return localStorage.getItem(TOKEN_KEY);
}

async function api(path) {
  const response = await fetch(path, { headers: { Authorization: `Bearer ${token()}`, Accept: 'application/json' } });
  const body = await response.json().catch(() => undefined);
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

// ---------- sign in ----------

const view = () => document.getElementById('view');

/** Replaces the view's content, leaving out the null/false placeholders of optional parts. */
function render(...nodes) {
  view().replaceChildren(...nodes.filter((n) => n !== null && n !== undefined && n !== false));
}
let me;

function showLogin(message = '') {
  document.getElementById('session').hidden = true;
  document.getElementById('login').hidden = false;
  document.getElementById('login-error').textContent = message;
  view().replaceChildren();
  document.getElementById('token').focus();
}

async function signIn() {
  if (!token()) return showLogin();
  try {
    me = await api('/me');
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      localStorage.removeItem(TOKEN_KEY);
      return showLogin('That token is not known. Ask for a valid one.');
    }
    return showLogin(`The ledger cannot be reached: ${error.message}`);
  }
  document.getElementById('login').hidden = true;
  document.getElementById('session').hidden = false;
  document.getElementById('whoami').textContent = `${me.actor} (${me.roles.join(', ')})`;
  await route();
}

// ---------- views ----------

async function listView() {
  const params = new URLSearchParams(location.hash.split('?')[1] ?? '');
  const wanted = params.get('status') ?? '';
  const [grants, portfolio, all] = await Promise.all([
    api(`/grants${wanted ? `?status=${encodeURIComponent(wanted)}` : ''}`),
    api('/portfolio'),
    wanted ? api('/grants') : null,
  ]);
  const everyGrant = all ?? grants;
  const overdue = everyGrant.filter((g) => g.finalReport?.state === 'overdue');

  const filter = h(
    'form',
    { class: 'filters', onsubmit: (e) => e.preventDefault() },
    h(
      'div',
      {},
      h('label', { for: 'status-filter' }, 'Status'),
      h(
        'select',
        {
          id: 'status-filter',
          onchange: (e) => {
            location.hash = e.target.value ? `#/?status=${e.target.value}` : '#/';
          },
        },
        h('option', { value: '' }, 'all'),
        Object.keys(STATUS_LABELS).map((st) => h('option', { value: st, selected: st === wanted }, STATUS_LABELS[st])),
      ),
    ),
  );

  const columns = [
    { label: 'Grant' },
    { label: 'Project' },
    { label: 'Status' },
    { label: 'Cap', num: true },
    { label: 'Entitlement', num: true },
    { label: 'Net paid', num: true },
    { label: 'Payable', num: true },
    { label: 'Remaining cap', num: true },
  ];
  const rows = grants.map((g) =>
    h(
      'tr',
      {},
      h('th', { scope: 'row' }, h('a', { href: grantHref(g.grantId) }, g.grantId)),
      h('td', {}, h('div', {}, g.title), h('div', { class: 'muted' }, g.applicant)),
      h('td', {}, status(g.status)),
      money(g.cap),
      money(g.entitlement),
      money(g.netPaid),
      money(g.payable),
      money(g.remainingCap),
    ),
  );

  render(
    h('h1', {}, 'Grants'),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'grants-title' },
      h('h2', { id: 'grants-title' }, 'All grants'),
      filter,
      grants.length ? table(`${grants.length} grant${grants.length === 1 ? '' : 's'}${wanted ? ` with status ${wanted}` : ''}`, columns, rows, { id: 'grants-table' }) : h('p', {}, 'No grants.'),
    ),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'overdue-title' },
      h('h2', { id: 'overdue-title' }, 'Overdue final reports'),
      overdue.length
        ? h(
            'ul',
            { class: 'overdue', id: 'overdue-list' },
            overdue.map((g) =>
              h('li', {}, h('a', { href: grantHref(g.grantId) }, g.grantId), ` — ${g.title} — due ${g.finalReport.due}`, ` (${daysSince(g.finalReport.due)} days overdue)`),
            ),
          )
        : h('p', { id: 'overdue-list' }, 'No final report is overdue.'),
    ),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'portfolio-title' },
      h('h2', { id: 'portfolio-title' }, 'Portfolio per appropriation'),
      portfolio.length
        ? table(
            null,
            [{ label: 'Appropriation' }, { label: 'Committed', num: true }, { label: 'Paid', num: true }, { label: 'Remaining commitment', num: true }, { label: 'Grants', num: true }],
            portfolio.map((p) =>
              h('tr', {}, h('th', { scope: 'row' }, p.appropriation), money(p.committed), money(p.paid), money(p.remainingCommitment), h('td', { class: 'num' }, String(p.grants.total))),
            ),
          )
        : h('p', {}, 'Nothing is committed yet.'),
    ),
  );
}

function daysSince(date) {
  return Math.max(0, Math.floor((Date.now() - Date.parse(`${date}T00:00:00Z`)) / 86_400_000));
}

const FIGURES = [
  ['cap', 'Cap (maximum co-financing)', true],
  ['rate', 'Co-financing rate'],
  ['advanceGranted', 'Advance granted'],
  ['reportedCosts', 'Reported costs'],
  ['approvedCosts', 'Approved costs'],
  ['disallowedCosts', 'Disallowed costs'],
  ['unreviewedCosts', 'Costs not yet reviewed'],
  ['entitlement', 'Entitlement', true],
  ['advancePaid', 'Advance paid'],
  ['claimsPaid', 'Claims paid'],
  ['pendingPayments', 'Pending payments'],
  ['repaid', 'Repaid'],
  ['netPaid', 'Net paid', true],
  ['payable', 'Payable', true],
  ['overpaid', 'Paid above entitlement'],
  ['advanceUnsettled', 'Advance not yet settled'],
  ['repaymentDue', 'Repayment due'],
  ['remainingCap', 'Remaining cap', true],
  ['undisbursed', 'Not yet disbursed', true],
];

async function grantView(grantId) {
  const params = new URLSearchParams(location.hash.split('?')[1] ?? '');
  const asOf = params.get('asOf') ?? '';
  const q = asOf ? `?asOf=${encodeURIComponent(asOf)}` : '';
  const id = encodeURIComponent(grantId);
  const [balance, indicators, timeline, payments] = await Promise.all([
    api(`/grants/${id}${q}`),
    api(`/grants/${id}/indicators${q}`),
    api(`/grants/${id}/timeline${q}`),
    api(`/payments?grantId=${id}${asOf ? `&asOf=${encodeURIComponent(asOf)}` : ''}`),
  ]);

  const asOfForm = h(
    'form',
    {
      class: 'asof',
      onsubmit: (e) => {
        e.preventDefault();
        const value = e.target.elements.asof.value;
        location.hash = `${grantHref(grantId)}${value ? `?asOf=${value}` : ''}`;
      },
    },
    h('div', {}, h('label', { for: 'asof' }, 'As of date'), h('input', { id: 'asof', name: 'asof', type: 'date', value: asOf })),
    h('button', { type: 'submit' }, 'Show'),
    asOf ? h('a', { href: grantHref(grantId) }, 'today') : null,
  );

  const figures = table(
    null,
    [{ label: 'Figure' }, { label: 'Amount', num: true }],
    FIGURES.map(([key, label, key2]) =>
      h('tr', { class: key2 ? 'key' : undefined, 'data-figure': key }, h('th', { scope: 'row' }, label), h('td', { class: 'num' }, key === 'rate' ? formatRate(balance.rate) : formatSek(balance[key]))),
    ),
    { class: 'figures', id: 'balance-table' },
  );

  const indicatorRows = indicators.flatMap((i) =>
    Object.keys(i.targets).map((kind, index) =>
      h(
        'tr',
        {},
        index === 0 ? h('th', { scope: 'rowgroup', rowspan: Object.keys(i.targets).length }, i.name) : null,
        h('td', {}, kind),
        h('td', { class: 'num' }, String(i.achieved[kind] ?? 0)),
        h('td', { class: 'num' }, String(i.targets[kind])),
        index === 0 ? h('td', { rowspan: Object.keys(i.targets).length }, status(i.state)) : null,
      ),
    ),
  );

  const paymentRows = payments.map((p) =>
    h(
      'tr',
      {},
      h('th', { scope: 'row' }, p.paymentId),
      h('td', {}, p.kind),
      money(p.amount),
      h('td', {}, p.status),
      h('td', {}, p.orderedOn, h('div', { class: 'muted' }, p.orderedBy)),
      h('td', {}, p.attestedOn ?? '–', p.attestedBy ? h('div', { class: 'muted' }, p.attestedBy) : null),
      h('td', {}, p.settled ? `${p.bookedOn} (${p.bankReference})` : 'not yet'),
    ),
  );

  const report = balance.finalReport;
  render(
    h('p', {}, h('a', { href: '#/' }, '← All grants')),
    h(
      'div',
      { class: 'head' },
      h('div', {}, h('h1', {}, grantId), h('p', {}, balance.title), h('p', { class: 'muted' }, balance.applicant), h('p', {}, status(balance.status), balance.appropriation ? ` · ${balance.appropriation}` : '')),
      asOfForm,
    ),
    asOf ? h('p', { class: 'notice' }, `Showing the grant as of ${asOf}: only events dated on or before that day.`) : null,
    h(
      'div',
      { class: 'grid' },
      h('section', { class: 'card', 'aria-labelledby': 'balance-title' }, h('h2', { id: 'balance-title' }, 'Balance'), figures),
      h(
        'div',
        { class: 'stack' },
        h('section', { class: 'card chart', 'aria-labelledby': 'chart-title' }, h('h2', { id: 'chart-title' }, 'Cap, entitlement and net paid over time'), chart(timeline, asOf)),
        h(
          'section',
          { class: 'card', 'aria-labelledby': 'indicators-title' },
          h('h2', { id: 'indicators-title' }, 'Indicators'),
          indicators.length
            ? table(null, [{ label: 'Indicator' }, { label: 'Kind' }, { label: 'Achieved', num: true }, { label: 'Target', num: true }, { label: 'State' }], indicatorRows, { id: 'indicators-table' })
            : h('p', {}, 'The decision names no indicators.'),
        ),
        h(
          'section',
          { class: 'card', 'aria-labelledby': 'report-title' },
          h('h2', { id: 'report-title' }, 'Final report and conditions'),
          h('p', {}, 'Final report: ', status(report.state), report.due ? ` due ${report.due}` : '', report.submittedOn ? `, submitted ${report.submittedOn}` : ''),
          balance.conditions.length
            ? h(
                'ul',
                {},
                balance.conditions.map((c) => h('li', {}, `${c.text} — `, c.fulfilled ? h('span', { class: 'status status-achieved' }, `fulfilled ${c.fulfilledOn}`) : h('span', { class: 'status status-pending' }, 'not fulfilled'))),
              )
            : null,
        ),
      ),
    ),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'payments-title' },
      h('h2', { id: 'payments-title' }, 'Payments'),
      payments.length
        ? table(null, [{ label: 'Payment' }, { label: 'Kind' }, { label: 'Amount', num: true }, { label: 'Status' }, { label: 'Ordered' }, { label: 'Attested' }, { label: 'Settled' }], paymentRows, { id: 'payments-table' })
        : h('p', {}, 'No payments.'),
    ),
  );
}

// ---------- the chart: stepped lines of cap, entitlement and net paid ----------

const SERIES = [
  { key: 'cap', label: 'Cap', color: 'var(--cap)', dash: '6 4', css: 'cap' },
  { key: 'entitlement', label: 'Entitlement', color: 'var(--entitlement)', css: 'entitlement' },
  { key: 'netPaid', label: 'Net paid', color: 'var(--netpaid)', css: 'netpaid' },
];

function chart(timeline, asOf) {
  const points = timeline.points;
  if (points.length === 0) return h('p', {}, 'Nothing has happened yet.');
  const W = 720;
  const H = 300;
  const m = { top: 16, right: 20, bottom: 34, left: 76 };
  const day = (d) => Date.parse(`${d}T00:00:00Z`);
  const first = day(points[0].date);
  const last = day(points[points.length - 1].date);
  // The lines run on to the final report's due date, but never past today (or the as-of date).
  const limit = asOf ? day(asOf) : Date.now();
  const due = timeline.finalReportDue ? day(timeline.finalReportDue) : last;
  const end = Math.max(last, Math.min(due, limit), first + 86_400_000);
  const top = Math.max(1, ...points.flatMap((p) => SERIES.map((series) => Number(p[series.key])))) * 1.1;

  const x = (t) => m.left + ((t - first) / (end - first)) * (W - m.left - m.right);
  const y = (v) => H - m.bottom - (v / top) * (H - m.top - m.bottom);

  const titleId = 'chart-svg-title';
  const descId = 'chart-svg-desc';
  const svg = s(
    'svg',
    { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': `${titleId} ${descId}`, id: 'timeline-chart' },
    s('title', { id: titleId }, `Cap, entitlement and net paid of ${timeline.grantId} over time`),
    s(
      'desc',
      { id: descId },
      (() => {
        const p = points[points.length - 1];
        return `From ${points[0].date} to ${points[points.length - 1].date}. Latest: cap ${formatSek(p.cap)}, entitlement ${formatSek(p.entitlement)}, net paid ${formatSek(p.netPaid)}.`;
      })(),
    ),
  );

  // y grid and labels
  const ticks = niceTicks(top);
  for (const v of ticks) {
    svg.append(
      s('line', { x1: m.left, x2: W - m.right, y1: y(v), y2: y(v), stroke: '#e3e7ee', 'stroke-width': 1 }),
      s('text', { x: m.left - 8, y: y(v) + 4, 'text-anchor': 'end', 'font-size': 11, fill: '#5b6475' }, shortSek(v)),
    );
  }
  // x axis: first and last date, and the business dates in between when there is room
  svg.append(s('line', { x1: m.left, x2: W - m.right, y1: H - m.bottom, y2: H - m.bottom, stroke: '#8a94a6' }));
  const labels = [points[0].date, ...points.slice(1).map((p) => p.date), new Date(end).toISOString().slice(0, 10)];
  const unique = [...new Set(labels)];
  const endX = x(day(unique[unique.length - 1]));
  let lastX = -Infinity;
  unique.forEach((label, i) => {
    const px = x(day(label));
    const isEnd = i === unique.length - 1;
    if (!isEnd && (px - lastX < 80 || endX - px < 80)) return;
    lastX = px;
    svg.append(
      s('line', { x1: px, x2: px, y1: H - m.bottom, y2: H - m.bottom + 4, stroke: '#8a94a6' }),
      s('text', { x: px, y: H - m.bottom + 18, 'text-anchor': isEnd ? 'end' : 'middle', 'font-size': 11, fill: '#5b6475' }, label),
    );
  });

  for (const series of SERIES) {
    let d = '';
    points.forEach((p, i) => {
      const px = x(day(p.date));
      const py = y(Number(p[series.key]));
      d += i === 0 ? `M${px.toFixed(1)},${py.toFixed(1)}` : `H${px.toFixed(1)}V${py.toFixed(1)}`;
    });
    d += `H${x(end).toFixed(1)}`;
    svg.append(
      s('path', {
        d,
        fill: 'none',
        stroke: series.color,
        'stroke-width': series.key === 'cap' ? 2 : 2.5,
        'stroke-dasharray': series.dash,
        'data-series': series.key,
      }),
    );
    for (const p of points) {
      svg.append(
        s(
          'circle',
          { cx: x(day(p.date)).toFixed(1), cy: y(Number(p[series.key])).toFixed(1), r: 3.5, fill: series.color },
          s('title', {}, `${p.date} — ${series.label}: ${formatSek(p[series.key])} (${p.events.join(', ')})`),
        ),
      );
    }
  }

  const legend = h('ul', { class: 'legend' }, SERIES.map((series) => h('li', { class: series.css }, series.label)));
  const data = h(
    'details',
    {},
    h('summary', {}, 'The figures behind the chart'),
    table(
      null,
      [{ label: 'Date' }, { label: 'Cap', num: true }, { label: 'Entitlement', num: true }, { label: 'Net paid', num: true }, { label: 'What happened' }],
      points.map((p) => h('tr', {}, h('th', { scope: 'row' }, p.date), money(p.cap), money(p.entitlement), money(p.netPaid), h('td', {}, p.events.join(', ')))),
      { id: 'timeline-table' },
    ),
  );
  return h('figure', { class: 'chart-figure' }, svg, legend, data);
}

function niceTicks(top) {
  const rough = top / 4;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((f) => f * magnitude).find((v) => v >= rough) ?? rough;
  const ticks = [];
  for (let v = 0; v <= top; v += step) ticks.push(v);
  return ticks;
}

// ---------- routing ----------

async function route() {
  if (!me) return;
  const hash = location.hash.split('?')[0];
  const match = /^#\/grants\/(.+)$/.exec(hash);
  try {
    if (match) await grantView(decodeURIComponent(match[1]));
    else await listView();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      localStorage.removeItem(TOKEN_KEY);
      return showLogin('Your token is no longer valid. Sign in again.');
    }
    render(h('p', { class: 'error', role: 'alert' }, error instanceof ApiError ? `${error.message} (${error.code})` : String(error)), h('p', {}, h('a', { href: '#/' }, '← All grants')));
  }
  document.getElementById('main').focus({ preventScroll: true });
}

function start() {
  // `?token=` makes a demo link clickable; it is moved into localStorage and off the address bar.
  const params = new URLSearchParams(location.search);
  if (params.has('token')) {
    localStorage.setItem(TOKEN_KEY, params.get('token'));
    params.delete('token');
    const rest = params.toString();
    history.replaceState(null, '', `${location.pathname}${rest ? `?${rest}` : ''}${location.hash}`);
  }
  document.getElementById('login-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const value = document.getElementById('token').value.trim();
    if (!value) return;
    localStorage.setItem(TOKEN_KEY, value);
    document.getElementById('token').value = '';
    void signIn();
  });
  document.getElementById('logout').addEventListener('click', () => {
    localStorage.removeItem(TOKEN_KEY);
    me = undefined;
    showLogin();
  });
  window.addEventListener('hashchange', () => void route());
  void signIn();
}

start();
