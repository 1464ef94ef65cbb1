// Whether an error means the store cannot take or give data right now (a full disk, a
// read-only file or database, a lost connection), as opposed to a bug. The HTTP API answers
// these with 503 STORE_UNAVAILABLE (interfaces.md "Operations"): the request may be sent
// again later, and since every append is one transaction, nothing half-done was kept.

/** better-sqlite3 (SqliteError.code) — SQLITE_IOERR_* and SQLITE_READONLY_* included. */
const SQLITE = /^SQLITE_(FULL|READONLY|IOERR|CANTOPEN|BUSY|LOCKED|NOMEM|CORRUPT|NOTADB|PROTOCOL)/;
/**
 * PostgreSQL SQLSTATE: 08 connection exception, 53 insufficient resources (53100
 * disk_full), 57P01-57P03 shutdown / cannot connect now, 25006 read-only transaction.
 */
const POSTGRES = /^(08|53|57P0[1-3]$|25006$)/;
/** Node's own errors when a database server cannot be reached or the disk is full. */
const SYSTEM = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOSPC',
  'EROFS',
  'EACCES',
  'EPIPE',
]);

/** EventStoreDB: a cluster without a leader, or out of reach, past the retry budget. */
const EVENTSTORE = 'ESDB_UNAVAILABLE';

/**
 * pg's own errors for a connection that died under a query or cannot be made: they carry
 * no code, only these messages (pg/lib/client.js, pg-pool).
 */
const PG_CONNECTION_LOST =
  /^(Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect|Connection terminated due to connection timeout)/;

export function isStoreUnavailable(error: unknown): boolean {
  // Duck-typed, not `instanceof Error`: a native module's errors may come from another
  // realm (another vm context), where Error is a different class.
  let e = error as ErrorLike | undefined;
  for (
    let depth = 0;
    typeof e === 'object' && e !== null && depth < 5;
    e = e.cause as ErrorLike | undefined, depth++
  ) {
    // pg reports a refused connection to every address of a host as one AggregateError.
    if (Array.isArray(e.errors) && e.errors.some((inner) => isStoreUnavailable(inner))) return true;
    if (typeof e.message === 'string' && PG_CONNECTION_LOST.test(e.message)) return true;
    const code = e.code;
    if (typeof code !== 'string') continue;
    if (SQLITE.test(code) || SYSTEM.has(code) || code === EVENTSTORE) return true;
    // a PostgreSQL server error
    if (typeof e.severity === 'string' && POSTGRES.test(code)) return true;
  }
  return false;
}

interface ErrorLike {
  code?: unknown;
  cause?: unknown;
  errors?: unknown[];
  message?: unknown;
  /** Set on errors the PostgreSQL server sent (pg's DatabaseError). */
  severity?: unknown;
}
