// Run in its own process so that its peak RSS is the rebuild's own (child-process.ts runs
// it compiled, as the CLI runs; by hand: node --import tsx bench/rebuild-child.ts URL):
//   node .bench/rebuild-child.mjs STORE_URL [--raw]
// Opens the event store on STORE_URL with the read models openLedger would give it and
// rebuilds every read model (or, with --raw, only scans and JSON-parses the events table:
// the raw limit), then prints one JSON line:
//   {"mode","events","seconds","perSec","maxRssMiB","readModels"}
// maxRssMiB is process.resourceUsage().maxRSS: the high-water mark of the whole process.
// Not openLedger itself: it catches the read models up on opening, which on a freshly
// loaded store would apply every event once before the rebuild applies them again.
import { openEventStore } from '../infra/eventstore/open.js';
import { openReadModels } from '../infra/open-ledger.js';
import { postgresRawScanParse, sqliteRawScanParse, type RateResult } from './raw-baselines.js';
import { nowMs } from './stats.js';

export interface ChildReport {
  mode: 'rebuild' | 'raw';
  events: number;
  seconds: number;
  perSec: number;
  maxRssMiB: number;
  readModels?: string;
}

async function rebuild(url: string): Promise<Omit<ChildReport, 'maxRssMiB'>> {
  const store = await openEventStore(url);
  try {
    const readModels = await openReadModels(store);
    try {
      const start = nowMs();
      const progress = await readModels.rebuild();
      const seconds = (nowMs() - start) / 1000;
      return {
        mode: 'rebuild',
        events: progress.done,
        seconds,
        perSec: progress.done / seconds,
        readModels: readModels.constructor.name,
      };
    } finally {
      await readModels.close();
    }
  } finally {
    await store.close();
  }
}

async function raw(url: string): Promise<Omit<ChildReport, 'maxRssMiB'>> {
  const result: RateResult = url.startsWith('sqlite:')
    ? sqliteRawScanParse(url)
    : await postgresRawScanParse(url);
  return { mode: 'raw', events: result.count, seconds: result.seconds, perSec: result.perSec };
}

async function main(): Promise<void> {
  const [url, flag] = process.argv.slice(2);
  if (!url || (flag !== undefined && flag !== '--raw'))
    throw new Error('usage: node --import tsx bench/rebuild-child.ts STORE_URL [--raw]');
  const report = flag === '--raw' ? await raw(url) : await rebuild(url);
  // maxRSS is in KiB on Linux.
  const out: ChildReport = { ...report, maxRssMiB: process.resourceUsage().maxRSS / 1024 };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
