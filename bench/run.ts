// `npm run bench -- [--json] [--events N] [--grants N] [--store sqlite|postgres] [--reads N]
// [--peer PATH]`
// Speed and memory of the ledger against raw limits measured in the same run, for SQLite
// (and PostgreSQL when DATABASE_URL is set). Progress goes to stderr; the table to stdout;
// with --json the last stdout line is one JSON object.
import { parseArgs } from './args.js';
import { machine } from './machine.js';
import { measureStore, type StoreFigures } from './measure.js';
import { PEER_STORES, runPeer } from './peer.js';
import { peerSummary, peerTable, storeSummary, table } from './report.js';
import { benchStore } from './stores.js';

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const before = machine();
  log(
    `bench: ${args.stores.join(', ')}; ${args.grants} grants, ${args.events.toLocaleString('en')} rebuild events, ${args.reads} reads; load ${before.loadAverage.join(' ')}`,
  );

  const figures: StoreFigures[] = [];
  for (const kind of args.stores) {
    const store = benchStore(kind);
    try {
      figures.push(await measureStore(store, args, log));
    } finally {
      await store.cleanup();
    }
  }

  // The peer right after ours, so both see the machine as it is now (its load averages are
  // printed).
  const peer =
    args.peer === undefined
      ? undefined
      : runPeer(
          args.peer,
          args.grants,
          args.stores.map((k) => PEER_STORES[k]),
          log,
        );

  const after = machine();
  const out: string[] = [];
  out.push(
    `grant-ledger bench — ${after.cpu}, ${after.cores} cores, ${after.memoryGiB} GiB, node ${after.node} ${after.nodeFlags.join(' ')}`.trimEnd(),
  );
  out.push(
    `load average before ${before.loadAverage.join(' ')}, after ${after.loadAverage.join(' ')}`,
  );
  for (const f of figures) out.push('', table(f, args.events));
  if (peer) out.push('', peerTable(figures, peer), '', "the peer's own report:", peer.report);
  out.push(
    '',
    'commands: sequential, one writer, through Ledger.execute (parse, load, decide, append, read models);',
    'raw inserts: BEGIN … one INSERT … COMMIT into a copy of the events table in the same database, same durability,',
    '  interleaved with the command rounds (as many inserts after each round as it had commands).',
    `rebuild: ${args.events.toLocaleString('en')} events bulk-appended through EventStore.append (not through commands), rebuilt in a child process;`,
    'raw scan+parse: the same events table read in position order and JSON-parsed, in a child process (mean of a run before and after);',
    'SELECT 1: a bare round trip on a connection of its own to the same database, timed in turns with the balance reads (their floor).',
  );
  process.stdout.write(`${out.join('\n')}\n`);

  if (args.json) {
    const summaries = figures.map((f) => storeSummary(f, args.events));
    const main = summaries.find((s) => s.store === 'sqlite') ?? summaries[0]!;
    const json = {
      ...main,
      events: args.events,
      grants: args.grants,
      reads: args.reads,
      stores: Object.fromEntries(summaries.map((s) => [s.store, s])),
      ...(peer ? { peer: peerSummary(figures, peer) } : {}),
      machine: { ...after, loadAverageBefore: before.loadAverage },
      measuredAt: new Date().toISOString(),
    };
    process.stdout.write(`${JSON.stringify(json)}\n`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
