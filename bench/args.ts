// `npm run bench -- [--json] [--events N] [--grants N] [--store sqlite|postgres] [--reads N]
// [--peer PATH]`
export type StoreKind = 'sqlite' | 'postgres';

export interface BenchArgs {
  json: boolean;
  /** Events in the rebuild-memory run (default 1,000,000). */
  events: number;
  /** Grants driven through the command path (12 commands each). */
  grants: number;
  /** Which stores to measure; default: SQLite, plus PostgreSQL when DATABASE_URL is set. */
  stores: StoreKind[];
  /** Samples for each read-latency figure. */
  reads: number;
  /** A checkout of the peer benchmark (Emmett) to run beside ours, or undefined. */
  peer: string | undefined;
}

export const USAGE =
  'usage: npm run bench -- [--json] [--events N] [--grants N] [--store sqlite|postgres] [--reads N] [--peer PATH]';

export function parseArgs(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): BenchArgs {
  const args: BenchArgs = {
    json: false,
    events: 1_000_000,
    grants: 500,
    stores: [],
    reads: 2000,
    peer: undefined,
  };
  const count = (flag: string, value: string | undefined): number => {
    const n = Number(value?.replace(/_/g, ''));
    if (!Number.isInteger(n) || n <= 0)
      throw new Error(`${flag} needs a positive whole number, got ${String(value)}\n${USAGE}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg, undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    switch (flag) {
      case '--json':
        args.json = true;
        break;
      case '--events':
        args.events = count(flag, value());
        break;
      case '--grants':
        args.grants = count(flag, value());
        break;
      case '--reads':
        args.reads = count(flag, value());
        break;
      case '--store': {
        const store = value();
        if (store !== 'sqlite' && store !== 'postgres')
          throw new Error(`--store must be sqlite or postgres, got ${String(store)}\n${USAGE}`);
        if (!args.stores.includes(store)) args.stores.push(store);
        break;
      }
      case '--peer': {
        const dir = value();
        if (!dir)
          throw new Error(`--peer needs the path of the peer benchmark's checkout\n${USAGE}`);
        args.peer = dir;
        break;
      }
      case '--help':
      case '-h':
        throw new Error(USAGE);
      default:
        throw new Error(`unknown argument ${arg}\n${USAGE}`);
    }
  }
  if (args.stores.length === 0)
    args.stores = env.DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];
  if (args.stores.includes('postgres') && !env.DATABASE_URL)
    throw new Error('--store postgres needs DATABASE_URL');
  return args;
}
