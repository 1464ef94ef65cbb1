// The grant over time: stepped lines of the cap, the cap used (entitlement) and net paid,
// one point per business date, with the figures as a table for screen readers.
// Floats are used only to place lines on the drawing; every figure shown is the API's text.
import type { Timeline } from '../../../projections/timeline.js';
import { h, s, table } from './dom.js';
import { formatSek, shortSek } from './format.js';
import { t } from './i18n.js';

const SERIES = [
  { key: 'cap', color: 'var(--cap)', dash: '6 4' },
  { key: 'entitlement', color: 'var(--entitlement)', dash: undefined },
  { key: 'netPaid', color: 'var(--netpaid)', dash: undefined },
] as const;

const day = (d: string) => Date.parse(`${d}T00:00:00Z`);

function niceTicks(top: number): number[] {
  const rough = top / 4;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((f) => f * magnitude).find((v) => v >= rough) ?? rough;
  const ticks: number[] = [];
  for (let v = 0; v <= top; v += step) ticks.push(v);
  return ticks;
}

export function chart(timeline: Timeline, asOf: string, today: string): HTMLElement {
  const points = timeline.points;
  if (points.length === 0) return h('p', {}, t('nothingYet'));
  const W = 720;
  const H = 300;
  const m = { top: 16, right: 20, bottom: 34, left: 76 };
  const first = day(points[0]!.date);
  const last = day(points.at(-1)!.date);
  const limit = day(asOf || today);
  const due = timeline.finalReportDue ? day(timeline.finalReportDue) : last;
  const end = Math.max(last, Math.min(due, limit), first + 86_400_000);
  const top =
    Math.max(1, ...points.flatMap((p) => SERIES.map((series) => Number(p[series.key])))) * 1.1;
  const x = (time: number) => m.left + ((time - first) / (end - first)) * (W - m.left - m.right);
  const y = (v: number) => H - m.bottom - (v / top) * (H - m.top - m.bottom);
  const latest = points.at(-1)!;

  const svg = s(
    'svg',
    {
      viewBox: `0 0 ${W} ${H}`,
      role: 'img',
      'aria-labelledby': 'chart-svg-title chart-svg-desc',
      id: 'timeline-chart',
    },
    s('title', { id: 'chart-svg-title' }, `${t('chartTitle')}: ${timeline.grantId}`),
    s(
      'desc',
      { id: 'chart-svg-desc' },
      `${points[0]!.date} – ${latest.date}. ${t('series_cap')} ${formatSek(latest.cap)}, ${t('series_entitlement')} ${formatSek(latest.entitlement)}, ${t('series_netPaid')} ${formatSek(latest.netPaid)}.`,
    ),
  );
  for (const v of niceTicks(top)) {
    svg.append(
      s('line', {
        x1: m.left,
        x2: W - m.right,
        y1: y(v),
        y2: y(v),
        stroke: '#e3e7ee',
        'stroke-width': 1,
      }),
      s(
        'text',
        { x: m.left - 8, y: y(v) + 4, 'text-anchor': 'end', 'font-size': 12, fill: '#4a5365' },
        shortSek(v),
      ),
    );
  }
  svg.append(
    s('line', {
      x1: m.left,
      x2: W - m.right,
      y1: H - m.bottom,
      y2: H - m.bottom,
      stroke: '#8a94a6',
    }),
  );
  const labels = [
    ...new Set([...points.map((p) => p.date), new Date(end).toISOString().slice(0, 10)]),
  ];
  const endX = x(day(labels.at(-1)!));
  let lastX = -Infinity;
  labels.forEach((label, i) => {
    const px = x(day(label));
    const isEnd = i === labels.length - 1;
    if (!isEnd && (px - lastX < 90 || endX - px < 90)) return;
    lastX = px;
    svg.append(
      s('line', { x1: px, x2: px, y1: H - m.bottom, y2: H - m.bottom + 4, stroke: '#8a94a6' }),
      s(
        'text',
        {
          x: px,
          y: H - m.bottom + 18,
          'text-anchor': isEnd ? 'end' : i === 0 ? 'start' : 'middle',
          'font-size': 12,
          fill: '#4a5365',
        },
        label,
      ),
    );
  });
  for (const series of SERIES) {
    let d = '';
    points.forEach((p, i) => {
      const px = x(day(p.date)).toFixed(1);
      const py = y(Number(p[series.key])).toFixed(1);
      d += i === 0 ? `M${px},${py}` : `H${px}V${py}`;
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
          {
            cx: x(day(p.date)).toFixed(1),
            cy: y(Number(p[series.key])).toFixed(1),
            r: 3.5,
            fill: series.color,
          },
          s('title', {}, `${p.date} — ${t(`series_${series.key}`)}: ${formatSek(p[series.key])}`),
        ),
      );
    }
  }
  const legend = h(
    'ul',
    { class: 'legend' },
    SERIES.map((series) => h('li', { class: `legend-${series.key}` }, t(`series_${series.key}`))),
  );
  const data = h(
    'details',
    {},
    h('summary', {}, t('chartData')),
    table(
      [
        { label: t('col_date'), cell: (p) => p.date },
        { label: t('series_cap'), num: true, cell: (p) => formatSek(p.cap) },
        { label: t('series_entitlement'), num: true, cell: (p) => formatSek(p.entitlement) },
        { label: t('series_netPaid'), num: true, cell: (p) => formatSek(p.netPaid) },
        { label: t('col_events'), cell: (p) => p.events.join(', ') },
      ],
      points,
      { id: 'timeline-table' },
    ),
  );
  return h(
    'figure',
    { class: 'chart-figure' },
    h('div', { class: 'chart-box' }, svg),
    legend,
    data,
  );
}
