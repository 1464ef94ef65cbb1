// `npm run bench:load -- [--clients 1,8,32] [--commands N] [--seconds S] [--instances K]
//                        [--store sqlite|postgres] [--json]`
// Concurrent load: the real `serve` (child processes, loopback only) driven by N concurrent
// HTTP clients with the 12-command grant workload, on SQLite and on PostgreSQL (when
// DATABASE_URL is set): throughput and p50/p99 latency per N, beside the raw single-row
// insert limit of the same database measured between the rounds. Every round is bounded
// by --commands and --seconds. Progress goes to stderr, the table to stdout.
import { workloadActors, runLoad, type LoadResult } from './http-load.js';
import { machine } from './machine.js';
import { rateOf, type RateResult } from './raw-baselines.js';
import { startServe, writeTokens, type ServeProcess } from './serve-process.js';
import { benchStore } from './stores.js';
import type { StoreKind } from './args.js';

const USAGE =
  'usage: npm run bench:load -- [--clients 1,8,32] [--commands N] [--seconds S] ' +
  '[--instances K] [--store sqlite|postgres] [--json]';

interface LoadArgs {
  clients: number[];
  commands: number;
  seconds: number;
  instances: number;
  stores: StoreKind[];
  json: boolean;
}

/** Raw single-row inserts per chunk between rounds. */
const RAW_PER_CHUNK = 400;

function parseLoadArgs(argv: readonly string[], env: NodeJS.ProcessEnv): LoadArgs {
  const args: LoadArgs = {
    clients: [1, 8, 32],
    commands: 3000,
    seconds: 30,
    instances: 1,
    stores: [],
    json: false,
  };
  const whole = (flag: string, text: string | undefined): number => {
    const n = Number(text);
    if (!Number.isInteger(n) || n <= 0)
      throw new Error(`${flag} needs a positive whole number, got ${String(text)}\n${USAGE}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = () => argv[++i];
    if (flag === '--clients') args.clients = (value() ?? '').split(',').map((n) => whole(flag, n));
    else if (flag === '--commands') args.commands = whole(flag, value());
    else if (flag === '--seconds') args.seconds = whole(flag, value());
    else if (flag === '--instances') args.instances = whole(flag, value());
    else if (flag === '--json') args.json = true;
    else if (flag === '--store') {
      const store = value();
      if (store !== 'sqlite' && store !== 'postgres')
        throw new Error(`--store must be sqlite or postgres\n${USAGE}`);
      args.stores.push(store);
    } else throw new Error(`unknown argument ${flag}\n${USAGE}`);
  }
  if (args.stores.length === 0)
    args.stores = env.DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];
  if (args.stores.includes('postgres') && !env.DATABASE_URL)
    throw new Error('--store postgres needs DATABASE_URL');
  return args;
}

interface StoreLoad {
  store: StoreKind;
  instances: number;
  rounds: LoadResult[];
  raw: RateResult;
}

async function measure(
  kind: StoreKind,
  args: LoadArgs,
  log: (line: string) => void,
): Promise<StoreLoad> {
  const where = benchStore(kind);
  const tokens = writeTokens(workloadActors());
  const servers: ServeProcess[] = [];
  try {
    const url = where.fresh('load');
    for (let i = 0; i < args.instances; i++) servers.push(await startServe(url, tokens.file));
    const urls = servers.map((s) => s.url);
    const raw = await where.rawInserter(url);
    const chunks: { count: number; seconds: number }[] = [];
    try {
      // Warm-up (not measured): JIT, connection pools, the tables' first pages.
      await runLoad({
        urls,
        clients: 1,
        maxCommands: 24,
        maxSeconds: 30,
        grantPrefix: 'WARM',
        tokens: tokens.byActor,
      });
      const rounds: LoadResult[] = [];
      for (const clients of args.clients) {
        chunks.push({ count: RAW_PER_CHUNK, seconds: await raw.insert(RAW_PER_CHUNK) });
        const round = await runLoad({
          urls,
          clients,
          maxCommands: args.commands,
          maxSeconds: args.seconds,
          grantPrefix: `L${clients}`,
          tokens: tokens.byActor,
        });
        log(
          `${kind}: ${clients} clients: ${round.acknowledged} commands ` +
            `in ${round.seconds.toFixed(1)} s, ` +
            `${round.failed} failed`,
        );
        if (round.failed > 0) log(`  first failures: ${JSON.stringify(round.failures)}`);
        rounds.push(round);
      }
      chunks.push({ count: RAW_PER_CHUNK, seconds: await raw.insert(RAW_PER_CHUNK) });
      return { store: kind, instances: args.instances, rounds, raw: rateOf(chunks) };
    } finally {
      await raw.close();
    }
  } finally {
    for (const s of servers) await s.stop();
    tokens.dispose();
    await where.cleanup();
  }
}

const fixed = (n: number, digits = 0) =>
  n.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function table(figures: StoreLoad): string {
  const rows = [
    [
      'store',
      'servers',
      'clients',
      'commands',
      'failed',
      'cmd/s',
      'p50 ms',
      'p99 ms',
      '÷ raw tx/s',
    ],
    ...figures.rounds.map((r) => [
      figures.store,
      String(r.servers),
      String(r.clients),
      String(r.acknowledged),
      String(r.failed),
      fixed(r.commandsPerSec),
      fixed(r.latency.medianMs, 1),
      fixed(r.latency.p99Ms, 1),
      `${fixed(r.commandsPerSec / figures.raw.perSec, 2)}×`,
    ]),
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const lines = rows.map((r) =>
    r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '),
  );
  lines.push(
    'raw single-row inserts, same database, between the rounds: ' +
      `${fixed(figures.raw.perSec)} tx/s ` +
      `(${figures.raw.count} in ${figures.raw.seconds.toFixed(1)} s)`,
  );
  return lines.join('\n');
}

async function main(): Promise<void> {
  const args = parseLoadArgs(process.argv.slice(2), process.env);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const before = machine();
  log(
    `bench:load: ${args.stores.join(', ')}; clients ${args.clients.join(', ')}; ` +
      `${args.instances} server(s); ≤ ${args.commands} commands or ${args.seconds} s a round; ` +
      `load ${before.loadAverage.join(' ')}`,
  );
  const figures: StoreLoad[] = [];
  for (const kind of args.stores) figures.push(await measure(kind, args, log));
  const after = machine();
  const out = [
    `grant-ledger load bench — ${after.cpu}, ${after.cores} cores, ${after.memoryGiB} GiB, ` +
      `node ${after.node}`,
    `${new Date().toISOString()}; load average before ${before.loadAverage.join(' ')}, ` +
      `after ${after.loadAverage.join(' ')}`,
    ...figures.flatMap((f) => ['', table(f)]),
    '',
    'each client: its own grants, the 12-command workload, one POST /commands at a time ' +
      'over keep-alive HTTP',
    '(clients and servers share the machine); latency is per request, as the client sees it.',
  ];
  process.stdout.write(`${out.join('\n')}\n`);
  if (args.json) {
    const json = figures.map((f) => ({
      store: f.store,
      instances: f.instances,
      rawTxPerSec: f.raw.perSec,
      rounds: f.rounds.map(({ acknowledgedIds: _ids, failures: _f, ...r }) => r),
    }));
    const machineJson = { ...after, loadAverageBefore: before.loadAverage };
    process.stdout.write(`${JSON.stringify({ machine: machineJson, stores: json })}\n`);
  }
  if (figures.some((f) => f.rounds.some((r) => r.failed > 0))) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
