// The targets (for the SQLite store on the 2-core reference machine), the human
// table, and the one-line JSON summary.
import type { StoreFigures } from './measure.js';
import { PEER_STORES, type PeerRun } from './peer.js';

/**
 * The targets by store; absent: none for that store (PostgreSQL's commands are judged against the
 * peer, --peer).
 */
export interface Targets {
  commandsRatio?: number;
  rebuildRatio?: number;
  balanceReadP99Ms?: number;
  asOfReplay100Ms?: number;
  rebuildPeakRssMiB?: number;
}

export const TARGETS: Record<StoreFigures['store'], Targets> = {
  sqlite: {
    commandsRatio: 0.3,
    rebuildRatio: 0.4,
    balanceReadP99Ms: 2,
    asOfReplay100Ms: 5,
    rebuildPeakRssMiB: 256,
  },
  postgres: { rebuildRatio: 0.4, balanceReadP99Ms: 1, rebuildPeakRssMiB: 256 },
};

/** Commands/s against the peer's (--peer): at least twice its figure, on both stores. */
export const PEER_FACTOR = 2;

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

export function rows(f: StoreFigures, events: number): Row[] {
  const t = TARGETS[f.store];
  const at = (
    target: number | undefined,
    text: (n: number) => string,
    met: (n: number) => boolean,
  ) =>
    target === undefined
      ? { target: '–', met: undefined as boolean | undefined }
      : { target: text(target), met: met(target) };
  const commandsRatio = f.commands.commandsPerSec / f.rawInsertsPerSec;
  const rebuildRatio = f.rebuild.perSec / f.rawScanParsePerSec;
  const rawRss = Math.max(...f.rawScans.map((r) => r.maxRssMiB));
  return [
    {
      figure: `commands/s, end to end (${int(f.commands.commands)} commands)`,
      value: int(f.commands.commandsPerSec),
      raw: `${int(f.rawInsertsPerSec)} raw inserts/s`,
      ratio: pct(commandsRatio),
      ...at(
        t.commandsRatio,
        (n) => `≥ ${pct(n)}`,
        (n) => commandsRatio >= n,
      ),
    },
    {
      figure: `rebuild, events/s (${int(f.rebuild.events)} events)`,
      value: int(f.rebuild.perSec),
      raw: `${int(f.rawScanParsePerSec)} scan+parse/s`,
      ratio: pct(rebuildRatio),
      ...at(
        t.rebuildRatio,
        (n) => `≥ ${pct(n)}`,
        (n) => rebuildRatio >= n,
      ),
    },
    {
      figure: `balance read, p99 (median ${ms(f.balanceRead.medianMs)})`,
      value: ms(f.balanceRead.p99Ms),
      raw: `${ms(f.roundTrip.p99Ms)} p99 SELECT 1`,
      ratio: '–',
      ...at(
        t.balanceReadP99Ms,
        (n) => `< ${n} ms`,
        (n) => f.balanceRead.p99Ms < n,
      ),
    },
    {
      figure: `asOf replay, ${f.asOfReplay.events} events, p99 (median ${ms(f.asOfReplay.medianMs)})`,
      value: ms(f.asOfReplay.p99Ms),
      raw: '–',
      ratio: '–',
      ...at(
        t.asOfReplay100Ms,
        (n) => `< ${n} ms`,
        (n) => f.asOfReplay.p99Ms < n,
      ),
    },
    {
      figure: `rebuild peak RSS (${int(events)} events)`,
      value: `${f.rebuild.maxRssMiB.toFixed(0)} MiB`,
      raw: `${rawRss.toFixed(0)} MiB raw scan`,
      ratio: '–',
      ...at(
        t.rebuildPeakRssMiB,
        (n) => `≤ ${n} MiB`,
        (n) => f.rebuild.maxRssMiB <= n,
      ),
    },
  ];
}

export function table(f: StoreFigures, events: number): string {
  const header: Row = {
    figure: 'figure',
    value: 'value',
    raw: 'raw limit (same run)',
    ratio: 'ratio',
    target: 'target',
    met: undefined,
  };
  const all = [header, ...rows(f, events)];
  const metText = (r: Row) =>
    r === header ? 'met?' : r.met === undefined ? '–' : r.met ? 'yes' : 'NO';
  const cols: ((r: Row) => string)[] = [
    (r) => r.figure,
    (r) => r.value,
    (r) => r.raw,
    (r) => r.ratio,
    (r) => r.target,
    metText,
  ];
  const widths = cols.map((c) => Math.max(...all.map((r) => c(r).length)));
  const line = (r: Row) =>
    cols
      .map((c, i) => (i === 1 || i === 3 ? c(r).padStart(widths[i]!) : c(r).padEnd(widths[i]!)))
      .join('  ');
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [
    `${f.store} (read models: ${f.readModels})`,
    line(header),
    rule,
    ...all.slice(1).map(line),
  ].join('\n');
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
    roundTripMedianMs: round(f.roundTrip.medianMs, 3),
    roundTripP99Ms: round(f.roundTrip.p99Ms, 3),
    asOfReplay100Ms: round(f.asOfReplay.p99Ms, 3),
    asOfReplay100MedianMs: round(f.asOfReplay.medianMs, 3),
    asOfReplayEvents: f.asOfReplay.events,
    rebuildPeakRssMiB: round(f.rebuild.maxRssMiB, 1),
    rebuildPolledHwmMiB:
      f.rebuild.polledHwmMiB !== undefined ? round(f.rebuild.polledHwmMiB, 1) : null,
    rawScanPeakRssMiB: round(Math.max(...f.rawScans.map((r) => r.maxRssMiB)), 1),
    rebuildEvents: f.rebuild.events,
    events,
    targetsMet: Object.fromEntries(
      rows(f, events).flatMap((r, i) => (r.met === undefined ? [] : [[TARGET_KEYS[i]!, r.met]])),
    ),
  };
}

const TARGET_KEYS = [
  'commands',
  'rebuild',
  'balanceReadP99',
  'asOfReplay100',
  'rebuildPeakRss',
] as const;

/**
 * Ours beside the peer's, store by store (--peer): commands/s, each side's raw limit, the factor.
 */
export function peerTable(ours: readonly StoreFigures[], peer: PeerRun): string {
  const header = [
    'store',
    'ours cmd/s',
    'our raw limit',
    'peer set-up',
    'peer cmd/s',
    'peer raw limit',
    'ours/peer',
    'target',
    'met?',
  ];
  const lines = [header];
  for (const f of ours) {
    const name = PEER_STORES[f.store];
    const p = peer.figures.find((x) => x.store === name);
    if (!p) continue;
    const factor = f.commands.commandsPerSec / p.commandsPerSec;
    lines.push([
      f.store,
      int(f.commands.commandsPerSec),
      `${int(f.rawInsertsPerSec)} inserts/s`,
      `Emmett ${name}`,
      int(p.commandsPerSec),
      `${int(p.rawPerSec)} ${p.rawName}/s`,
      `${factor.toFixed(2)}×`,
      `≥ ${PEER_FACTOR}×`,
      factor >= PEER_FACTOR ? 'yes' : 'NO',
    ]);
  }
  const widths = header.map((_, i) => Math.max(...lines.map((l) => l[i]!.length)));
  const text = (l: string[]) =>
    l
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [
    'beside the peer (same machine, one sitting)',
    text(header),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...lines.slice(1).map(text),
  ].join('\n');
}

/** The JSON of the peer comparison. */
export function peerSummary(ours: readonly StoreFigures[], peer: PeerRun) {
  return ours.flatMap((f) => {
    const p = peer.figures.find((x) => x.store === PEER_STORES[f.store]);
    return p
      ? [
          {
            store: f.store,
            commandsPerSec: round(f.commands.commandsPerSec),
            peer: p,
            factor: round(f.commands.commandsPerSec / p.commandsPerSec, 2),
          },
        ]
      : [];
  });
}
