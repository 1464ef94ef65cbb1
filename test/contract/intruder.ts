// Plain SQL on a store's tables behind its back, on a connection of its own, as an intruder
// with the file or the database password would run it. Each call returns the rows touched.
import Database from 'better-sqlite3';
import pg from 'pg';

export type IntruderSql = (sql: string, ...params: unknown[]) => Promise<number>;

/** SQLite: `?` parameters. */
export function sqliteIntruder(file: string): IntruderSql {
  return async (sql, ...params) => {
    const intruder = new Database(file);
    try {
      return intruder.prepare(sql).run(...params).changes;
    } finally {
      intruder.close();
    }
  };
}

/** PostgreSQL: `$n` parameters; unqualified tables are those of `schema` when given. */
export function postgresIntruder(url: string, schema?: string): IntruderSql {
  return async (sql, ...params) => {
    const intruder = new pg.Client({ connectionString: url });
    await intruder.connect();
    try {
      if (schema) await intruder.query(`SET search_path TO "${schema}"`);
      return (await intruder.query(sql, params)).rowCount ?? 0;
    } finally {
      await intruder.end();
    }
  };
}
