// Which event store back ends the tests can reach here, decided once before tests are
// registered. Rules: a URL in the environment (DATABASE_URL, EVENTSTORE_URL) means the
// back end MUST be tested, so it is never probed or skipped (unreachable = loud failure);
// without one we try a throwaway container, and skip with the reason when no container
// runtime answers.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { EsdbEventStore } from '../../infra/eventstore/esdb.js';
import { PostgresEventStore } from '../../infra/eventstore/postgres.js';
import { SqliteEventStore } from '../../infra/eventstore/sqlite.js';
import type { EventStoreFixture } from './eventstore.contract.js';

export type Backend =
  | { name: string; fixture: EventStoreFixture; release?: () => Promise<void> }
  | { name: string; skip: string };

export interface Server {
  url: string;
  /** Stops the container we started (nothing when the URL came from the environment). */
  release?: () => Promise<void>;
}

/** A fresh SQLite file in its own temp directory per test. */
export function sqliteBackend(): Backend {
  let dir: string | undefined;
  return {
    name: 'sqlite',
    fixture: {
      open: async () => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-sqlite-'));
        return SqliteEventStore.open(path.join(dir, 'ledger.db'));
      },
      cleanup: async () => {
        if (dir) fs.rmSync(dir, { recursive: true, force: true });
        dir = undefined;
      },
    },
  };
}

export function freshSchemaName(prefix = 'contract'): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

export async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

/** DATABASE_URL, or a postgres:16 container, or the reason there is neither. */
export async function postgresServer(): Promise<Server | { skip: string }> {
  const url = process.env.DATABASE_URL;
  if (url) return { url };
  try {
    const { GenericContainer, Wait } = await import('testcontainers');
    const container = await new GenericContainer('postgres:16')
      .withEnvironment({
        POSTGRES_USER: 'ledger',
        POSTGRES_PASSWORD: 'ledger',
        POSTGRES_DB: 'ledger_test',
      })
      .withExposedPorts(5432)
      .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 2))
      .start();
    return {
      url: `postgres://ledger:ledger@${container.getHost()}:${container.getMappedPort(5432)}/ledger_test`,
      release: async () => void (await container.stop()),
    };
  } catch (error) {
    return { skip: `no DATABASE_URL, and ${whyNoContainer('postgres:16', error)}` };
  }
}

/** Each test gets its own PostgreSQL schema, dropped afterwards. */
export async function postgresBackend(): Promise<Backend> {
  const server = await postgresServer();
  if ('skip' in server) return { name: 'postgres', skip: server.skip };
  let schema: string | undefined;
  return {
    name: 'postgres',
    release: server.release,
    fixture: {
      open: async () => {
        schema = freshSchemaName();
        return PostgresEventStore.open({ connectionString: server.url, schema, pollMs: 100 });
      },
      cleanup: async () => {
        if (schema) await dropSchema(server.url, schema);
        schema = undefined;
      },
    },
  };
}

const EVENTSTORE_IMAGE = 'eventstore/eventstore:24.10';

/** EVENTSTORE_URL, or an eventstore/eventstore:24.10 container, or the reason there is neither. */
export async function esdbServer(): Promise<Server | { skip: string }> {
  const url = process.env.EVENTSTORE_URL;
  if (url) return { url };
  try {
    const { GenericContainer, Wait } = await import('testcontainers');
    const container = await new GenericContainer(EVENTSTORE_IMAGE)
      .withEnvironment({
        EVENTSTORE_INSECURE: 'true',
        EVENTSTORE_RUN_PROJECTIONS: 'None',
        EVENTSTORE_CLUSTER_SIZE: '1',
        EVENTSTORE_MEM_DB: 'true',
      })
      .withExposedPorts(2113)
      .withWaitStrategy(Wait.forHttp('/health/live', 2113).forStatusCode(204))
      .start();
    return {
      url: `esdb://${container.getHost()}:${container.getMappedPort(2113)}?tls=false`,
      release: async () => void (await container.stop()),
    };
  } catch (error) {
    return { skip: `no EVENTSTORE_URL, and ${whyNoContainer(EVENTSTORE_IMAGE, error)}` };
  }
}

/**
 * Why a throwaway container could not be had, told apart honestly: no container runtime
 * at all, a runtime that could not pull the image, a container that refused connections,
 * or another failure to start.
 */
export function whyNoContainer(image: string, error: unknown): string {
  const detail = firstLine(error);
  if (/container runtime/i.test(detail)) return `no container runtime (${detail})`;
  if (/pull|manifest|no such image|not found|registry|toomanyrequests|unauthorized/i.test(detail)) {
    return `the container runtime could not pull ${image} (${detail})`;
  }
  if (/ECONNREFUSED|connection refused/i.test(detail))
    return `the ${image} container refused connections (${detail})`;
  return `the ${image} container did not start (${detail})`;
}

/** One EventStoreDB for the whole suite: it cannot be emptied, so tests name their own streams. */
export async function esdbBackend(): Promise<Backend> {
  const server = await esdbServer();
  if ('skip' in server) return { name: 'esdb', skip: server.skip };
  return {
    name: 'esdb',
    release: server.release,
    fixture: {
      open: async () => EsdbEventStore.connect(server.url),
      shared: true,
    },
  };
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!.trim();
}
