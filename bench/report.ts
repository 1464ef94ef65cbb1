// The targets (for the SQLite store on the 2-core reference machine), the human
// table, and the one-line JSON summary.
import type { StoreFigures } from './measure.js';

export const TARGETS = {
  commandsRatio: 0.3,
  rebuildRatio: 0.4,
  balanceReadP99Ms: 2,
  asOfReplay100Ms: 5,
  rebuildPeakRssMiB: 512,
} as const;

export interface Row {
  figure: string;
  value: string;
  raw: string;
  ratio: string;
  target: string;
  met: boolean | undefined;
}

const int = (n: number) => Math.round(n).toLocaleString('en');
const ms = (n: number) => `${n.toFixed(3)} ms`;
const pct = (n: number) => `${(n * 100).toFixed(1)} %`;

export function targetsApply(f: StoreFigures): boolean {
  return f.store === 'sqlite';
}

export function rows(f: StoreFigures, events: number): Row[] {
  const t = targetsApply(f);
  const commandsRatio = f.commands.commandsPerSec / f.rawInsertsPerSec;
  const rebuildRatio = f.rebuild.perSec / f.rawScanParsePerSec;
  const rawRss = Math.max(...f.rawScans.map((r) => r.maxRssMiB));
  return [
    {
      figure: `commands/s, end to end (${int(f.commands.commands)} commands)`,
      value: int(f.commands.commandsPerSec),
      raw: `${int(f.rawInsertsPerSec)} raw inserts/s`,
      ratio: pct(commandsRatio),
      target: t ? `≥ ${pct(TARGETS.commandsRatio)}` : '–',
      met: t ? commandsRatio >= TARGETS.commandsRatio : undefined,
    },
    {
      figure: `rebuild, events/s (${int(f.rebuild.events)} events)`,
      value: int(f.rebuild.perSec),
      raw: `${int(f.rawScanParsePerSec)} scan+parse/s`,
      ratio: pct(rebuildRatio),
      target: t ? `≥ ${pct(TARGETS.rebuildRatio)}` : '–',
      met: t ? rebuildRatio >= TARGETS.rebuildRatio : undefined,
    },
    {
      figure: `balance read, p99 (median ${ms(f.balanceRead.medianMs)})`,
      value: ms(f.balanceRead.p99Ms),
      raw: '–',
      ratio: '–',
      target: t ? `< ${TARGETS.balanceReadP99Ms} ms` : '–',
      met: t ? f.balanceRead.p99Ms < TARGETS.balanceReadP99Ms : undefined,
    },
    {
      figure: `asOf replay, ${f.asOfReplay.events} events, p99 (median ${ms(f.asOfReplay.medianMs)})`,
      value: ms(f.asOfReplay.p99Ms),
      raw: '–',
      ratio: '–',
      target: t ? `< ${TARGETS.asOfReplay100Ms} ms` : '–',
      met: t ? f.asOfReplay.p99Ms < TARGETS.asOfReplay100Ms : undefined,
    },
    {
      figure: `rebuild peak RSS (${int(events)} events)`,
      value: `${f.rebuild.maxRssMiB.toFixed(0)} MiB`,
      raw: `${rawRss.toFixed(0)} MiB raw scan`,
      ratio: '–',
      target: t ? `≤ ${TARGETS.rebuildPeakRssMiB} MiB` : '–',
      met: t ? f.rebuild.maxRssMiB <= TARGETS.rebuildPeakRssMiB : undefined,
    },
  ];
}

export function table(f: StoreFigures, events: number): string {
  const header: Row = { figure: 'figure', value: 'value', raw: 'raw limit (same run)', ratio: 'ratio', target: 'target', met: undefined };
  const all = [header, ...rows(f, events)];
  const metText = (r: Row) => (r === header ? 'met?' : r.met === undefined ? '–' : r.met ? 'yes' : 'NO');
  const cols: ((r: Row) => string)[] = [(r) => r.figure, (r) => r.value, (r) => r.raw, (r) => r.ratio, (r) => r.target, metText];
  const widths = cols.map((c) => Math.max(...all.map((r) => c(r).length)));
  const line = (r: Row) => cols.map((c, i) => (i === 1 || i === 3 ? c(r).padStart(widths[i]!) : c(r).padEnd(widths[i]!))).join('  ');
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [`${f.store} (read models: ${f.readModels})`, line(header), rule, ...all.slice(1).map(line)].join('\n');
}

const round = (n: number, digits = 0) => Number(n.toFixed(digits));

export function storeSummary(f: StoreFigures, events: number) {
  return {
    store: f.store,
    readModels: f.readModels,
    commandsPerSec: round(f.commands.commandsPerSec),
    rawInsertsPerSec: round(f.rawInsertsPerSec),
    rawInserts: f.rawInserts.count,
    commandsRatio: round(f.commands.commandsPerSec / f.rawInsertsPerSec, 3),
    commands: f.commands.commands,
    rebuildEventsPerSec: round(f.rebuild.perSec),
    rawScanParsePerSec: round(f.rawScanParsePerSec),
    rawScanParseRuns: f.rawScans.map((r) => round(r.perSec)),
    rebuildRatio: round(f.rebuild.perSec / f.rawScanParsePerSec, 3),
    balanceReadMedianMs: round(f.balanceRead.medianMs, 3),
    balanceReadP99Ms: round(f.balanceRead.p99Ms, 3),
    asOfReplay100Ms: round(f.asOfReplay.p99Ms, 3),
    asOfReplay100MedianMs: round(f.asOfReplay.medianMs, 3),
    asOfReplayEvents: f.asOfReplay.events,
    rebuildPeakRssMiB: round(f.rebuild.maxRssMiB, 1),
    rebuildPolledHwmMiB: f.rebuild.polledHwmMiB !== undefined ? round(f.rebuild.polledHwmMiB, 1) : null,
    rawScanPeakRssMiB: round(Math.max(...f.rawScans.map((r) => r.maxRssMiB)), 1),
    rebuildEvents: f.rebuild.events,
    events,
    targetsMet: targetsApply(f) ? Object.fromEntries(rows(f, events).map((r, i) => [TARGET_KEYS[i]!, r.met])) : null,
  };
}

const TARGET_KEYS = ['commands', 'rebuild', 'balanceReadP99', 'asOfReplay100', 'rebuildPeakRss'] as const;
