// A pg Pool that survives its database going away (interfaces.md "Operations": `serve`
// never exits because its database restarted). pg emits `error` on a client whose socket
// dies; the pool listens only while the client is idle, so a client that is checked out
// (in a transaction, or holding LISTEN) when PostgreSQL restarts would emit an `error` no
// one hears, and Node ends the process. Every client therefore gets its own listener
// the moment the pool makes it; the failed query itself still rejects, and the request
// that ran it answers 503.
import pg from 'pg';
import { redactSecrets } from '../redact.js';

/** Writes one JSON line to stderr, as the server's log lines are, with secrets removed. */
export function logConnectionError(source: string, error: unknown): void {
  const e = error as { message?: unknown; code?: unknown };
  const line = {
    level: 'warn',
    time: Date.now(),
    source,
    msg: 'database connection lost',
    cause: redactSecrets(String(e?.message ?? error)),
    ...(typeof e?.code === 'string' ? { code: e.code } : {}),
  };
  process.stderr.write(`${JSON.stringify(line)}\n`);
}

/** Guards a pool (one made here or handed in): its idle clients and every client it makes. */
export function guardPool(pool: pg.Pool, source: string): pg.Pool {
  // An idle client's error reaches both its own listener (which logs it) and the pool.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => {
    client.on('error', (error) => logConnectionError(source, error));
  });
  return pool;
}

/** A new guarded pool. */
export function guardedPool(config: pg.PoolConfig, source: string): pg.Pool {
  return guardPool(new pg.Pool(config), source);
}
