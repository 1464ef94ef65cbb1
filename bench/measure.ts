// One store's figures, in an order that keeps them honest on a shared machine: the command
// workload runs in rounds, each followed by as many raw single-row inserts as it had
// commands, so both see the same load over the same minutes (their totals give the rates);
// the raw scan runs before and after the rebuild child (their mean is the limit).
import type { StoreKind } from './args.js';
import { openLedger } from '../infra/open-ledger.js';
import { runChild, type ChildResult } from './child-process.js';
import { rateOf, type RateResult } from './raw-baselines.js';
import { sampleLatency, sampleLatencyInTurns, summarise, type LatencySummary } from './stats.js';
import type { BenchStore } from './stores.js';
import {
  benchGrantId,
  execute,
  longGrantCommands,
  runWorkload,
  type WorkloadResult,
} from './workload.js';

export interface StoreFigures {
  store: StoreKind;
  readModels: string;
  commands: WorkloadResult;
  rawInserts: RateResult;
  rawInsertsPerSec: number;
  balanceRead: LatencySummary;
  /** `SELECT 1` on a connection of the same database, timed between the balance reads. */
  roundTrip: LatencySummary;
  asOfReplay: LatencySummary & { events: number };
  rebuild: ChildResult;
  rawScans: ChildResult[];
  rawScanParsePerSec: number;
}

export type Log = (line: string) => void;

const WARMUP_GRANTS = 20;
const ROUNDS = 10;

export async function measureStore(
  store: BenchStore,
  options: { grants: number; events: number; reads: number },
  log: Log,
): Promise<StoreFigures> {
  // 1. Commands, end to end, against raw single-row transactional inserts.
  const commandsUrl = store.fresh('commands');
  const ledger = await openLedger({ storeUrl: commandsUrl });
  let commands: WorkloadResult;
  let balanceRead: LatencySummary;
  let roundTrip: LatencySummary;
  let asOfReplay: LatencySummary & { events: number };
  let rawInserts: RateResult;
  try {
    log(`[${store.kind}] warm-up: ${WARMUP_GRANTS} grants through the command path`);
    await runWorkload(ledger, WARMUP_GRANTS, options.grants);
    const inserter = await store.rawInserter(commandsUrl);
    try {
      await inserter.insert(50); // warm-up
      log(
        `[${store.kind}] ${options.grants} grants × 12 commands, in ${ROUNDS} rounds each followed by as many raw single-row inserts`,
      );
      const rounds: WorkloadResult[] = [];
      const raw: { count: number; seconds: number }[] = [];
      for (let r = 0, done = 0; r < ROUNDS && done < options.grants; r++) {
        const grants = Math.ceil((options.grants - done) / (ROUNDS - r));
        const round = await runWorkload(ledger, grants, done);
        done += grants;
        rounds.push(round);
        raw.push({ count: round.commands, seconds: await inserter.insert(round.commands) });
      }
      const total = rateOf(rounds.map((w) => ({ count: w.commands, seconds: w.seconds })));
      commands = {
        grants: options.grants,
        commands: total.count,
        seconds: total.seconds,
        commandsPerSec: total.perSec,
      };
      rawInserts = rateOf(raw);

      // 2. Reads: present balance from the read model, each followed by a bare round trip
      // (its floor, on the same machine in the same seconds); time travel over a 100-event
      // grant.
      log(`[${store.kind}] ${options.reads} balance reads, each beside a SELECT 1`);
      const grantsWritten = options.grants + WARMUP_GRANTS;
      const grantOf = (i: number) => benchGrantId((i * 7919) % grantsWritten);
      const reads = await sampleLatencyInTurns(
        async (i) => {
          if (!(await ledger.balance(grantOf(i)))) throw new Error(`no balance for ${grantOf(i)}`);
        },
        () => inserter.roundTrip(),
        options.reads,
      );
      balanceRead = summarise(reads.first);
      roundTrip = summarise(reads.second);
    } finally {
      await inserter.close();
    }

    const longId = 'BENCH-LONG/1/2024';
    const long = longGrantCommands(longId, 100);
    for (const command of long.commands) await execute(ledger, command);
    log(`[${store.kind}] ${options.reads} asOf replays of a ${long.commands.length}-event grant`);
    // asOf the last business day: every one of the 100 events is folded.
    const replaySamples = await sampleLatency(async () => {
      if (!(await ledger.balance(longId, { asOf: long.lastDay })))
        throw new Error('no asOf balance');
    }, options.reads);
    asOfReplay = { ...summarise(replaySamples), events: long.commands.length };
  } finally {
    await ledger.close();
  }
  const readModels = ledger.readModels.constructor.name;

  // 3. Rebuild of N events (bulk-loaded through the store), in a child process.
  const rebuildUrl = store.fresh('rebuild');
  log(
    `[${store.kind}] bulk-loading ${options.events.toLocaleString('en')} events through EventStore.append (not the command path)`,
  );
  let lastShown = 0;
  await store.bulkLoad(rebuildUrl, options.events, (done) => {
    if (done - lastShown >= 100_000 || done === options.events) {
      lastShown = done;
      log(`[${store.kind}]   ${done.toLocaleString('en')} events`);
    }
  });
  log(`[${store.kind}] raw scan + JSON parse (child process)`);
  const rawScans = [await runChild(rebuildUrl, 'raw')];
  log(`[${store.kind}] rebuild of all read models (child process)`);
  const rebuild = await runChild(rebuildUrl, 'rebuild');
  log(`[${store.kind}] raw scan + JSON parse again (child process)`);
  rawScans.push(await runChild(rebuildUrl, 'raw'));
  if (rebuild.events !== options.events)
    log(
      `[${store.kind}] note: the rebuild reported ${rebuild.events} events, ${options.events} were loaded`,
    );

  return {
    store: store.kind,
    readModels,
    commands,
    rawInserts,
    rawInsertsPerSec: rawInserts.perSec,
    balanceRead,
    roundTrip,
    asOfReplay,
    rebuild,
    rawScans,
    rawScanParsePerSec: mean(rawScans.map((r) => r.perSec)),
  };
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}
