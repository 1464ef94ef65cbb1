// What the PostgreSQL event store and the PostgreSQL read models share: one transaction
// on a pooled client, and quoting of identifiers (schema and channel names).
import type pg from 'pg';

/**
 * Runs `work` in a READ COMMITTED transaction (explicitly, whatever the database default):
 * each statement after a lock sees everything committed before the lock was granted.
 */
export async function inTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL READ COMMITTED');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
