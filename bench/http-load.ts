// N concurrent HTTP clients against running `serve` processes: each client walks grants of
// its own through the standard 12-command workload (bench/workload.ts), one request at a
// time, as a desk officer's browser would; clients are spread over the servers given.
// Bounded by a command budget and a deadline, whichever comes first.
import http from 'node:http';
import { COMMANDS_PER_GRANT, grantCommands } from './workload.js';
import { nowMs, summarise, type LatencySummary } from './stats.js';

export interface Reply {
  status: number;
  body: unknown;
}

/** One keep-alive connection pool to one server. */
export class HttpClient {
  private readonly agent: http.Agent;

  constructor(
    readonly baseUrl: string,
    sockets: number,
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
  }

  request(method: 'GET' | 'POST', path: string, token: string, body?: unknown): Promise<Reply> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: http.OutgoingHttpHeaders = { authorization: `Bearer ${token}` };
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(payload);
    }
    return new Promise((resolve, reject) => {
      const req = http.request(`${this.baseUrl}${path}`, { method, headers, agent: this.agent });
      req.on('error', reject);
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // not JSON: keep the text
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      });
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

export interface LoadOptions {
  /** Base URLs of the servers; client k talks to urls[k % urls.length]. */
  urls: readonly string[];
  clients: number;
  /** Commands sent in all, at most. */
  maxCommands: number;
  /** Stop sending after this long (requests in flight finish). */
  maxSeconds: number;
  /** Grant ids are `${grantPrefix}C${client}N${n}/${j}/2024`: unique per run and client. */
  grantPrefix: string;
  /** actor → bearer token, for every actor of the workload. */
  tokens: ReadonlyMap<string, string>;
}

export interface LoadResult {
  clients: number;
  servers: number;
  /** Commands answered 200. */
  acknowledged: number;
  /** Commands answered anything else (should be none: every workload command is valid). */
  failed: number;
  /** The first few failures, for the report. */
  failures: { commandId: string; status: number; body: unknown }[];
  seconds: number;
  commandsPerSec: number;
  latency: LatencySummary;
  /** commandId of every acknowledged command, to check against the store. */
  acknowledgedIds: string[];
}

type Raw = Record<string, unknown>;
const metaOf = (c: Raw) => c.meta as { actor: string; commandId: string };

/** The workload's commands with command ids the HTTP door takes (no '#'). */
function grantWorkload(grantId: string): Raw[] {
  return grantCommands(grantId).map((c) => {
    const meta = metaOf(c);
    return { ...c, meta: { ...meta, commandId: meta.commandId.replace(/#/g, ':') } };
  });
}

/** Runs the load and returns its figures. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const pools = options.urls.map(
    (url) => new HttpClient(url, Math.ceil(options.clients / options.urls.length)),
  );
  const latencies: number[] = [];
  const acknowledgedIds: string[] = [];
  const failures: LoadResult['failures'] = [];
  let failed = 0;
  let sent = 0;
  const start = nowMs();
  const deadline = start + options.maxSeconds * 1000;
  const more = () => sent < options.maxCommands && nowMs() < deadline;

  const client = async (k: number): Promise<void> => {
    const pool = pools[k % pools.length]!;
    for (let j = 0; more(); j++) {
      const grantId = `${options.grantPrefix}C${k}N${j}/${j}/2024`;
      for (const command of grantWorkload(grantId).slice(0, COMMANDS_PER_GRANT)) {
        if (!more()) return;
        sent += 1;
        const { actor, commandId } = metaOf(command);
        const token = options.tokens.get(actor);
        if (!token) throw new Error(`no token for the workload's actor ${actor}`);
        const begin = nowMs();
        const reply = await pool.request('POST', '/commands', token, command);
        latencies.push(nowMs() - begin);
        if (reply.status === 200) acknowledgedIds.push(commandId);
        else {
          failed += 1;
          if (failures.length < 5)
            failures.push({ commandId, status: reply.status, body: reply.body });
          // The rest of this grant's life depends on the refused step: start a new grant.
          break;
        }
      }
    }
  };

  try {
    await Promise.all(Array.from({ length: options.clients }, (_, k) => client(k)));
  } finally {
    for (const pool of pools) pool.close();
  }
  const seconds = (nowMs() - start) / 1000;
  return {
    clients: options.clients,
    servers: options.urls.length,
    acknowledged: acknowledgedIds.length,
    failed,
    failures,
    seconds,
    commandsPerSec: acknowledgedIds.length / seconds,
    latency: summarise(latencies),
    acknowledgedIds,
  };
}

/** The actors of the workload (bench/workload.ts), each needing a token. */
export function workloadActors(): string[] {
  return [...new Set(grantCommands('ACTORS/1/2024').map((c) => metaOf(c).actor))];
}
