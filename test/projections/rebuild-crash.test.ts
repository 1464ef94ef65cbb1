// Crash safety of the read models: a child OS process rebuilding (or catching up) over a
// SQLite file with thousands of events is SIGKILLed midway; a restart (catchUp or
// rebuild) then converges to exactly the tables a clean rebuild produces (full dumps).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { SqliteEventStore } from '../../infra/eventstore/sqlite.js';
import { sqliteReadModelsBeside } from '../../infra/open-ledger.js';
import { SqliteReadStore } from '../../infra/readstore/sqlite-read-store.js';
import type { ProjectedReadModels } from '../../projections/projected-read-models.js';
import { generateInto } from './generate.js';
import { readModelRows, tempDir } from './fixtures.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CHILD = path.join(ROOT, 'test/projections/rebuild-child.ts');
const GRANTS = 400;
const BATCH = 50;

function dump(file: string): Record<string, unknown[]> {
  const db = new Database(file, { readonly: true });
  try {
    // Every read-model table, every row, in key order (the checkpoint's timestamp aside).
    const out = readModelRows(db);
    out.projection_checkpoint = db
      .prepare('SELECT name, position, schema_version FROM projection_checkpoint ORDER BY name')
      .all();
    return out;
  } finally {
    db.close();
  }
}

function checkpointOf(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT position FROM projection_checkpoint').get() as { position: number })
      .position;
  } finally {
    db.close();
  }
}

function lastPositionOf(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT max(position) AS p FROM events').get() as { p: number }).p;
  } finally {
    db.close();
  }
}

function startChild(
  file: string,
  mode: 'rebuild' | 'catchup',
): { child: ChildProcess; lines: string[]; exited: Promise<NodeJS.Signals | number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, file, mode, String(BATCH)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let stderr = '';
  child
    .stdout!.setEncoding('utf8')
    .on('data', (chunk: string) => lines.push(...chunk.split('\n').filter(Boolean)));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
    child.on('exit', (code, signal) => {
      if (code !== null && code !== 0) console.error(`child ${mode} failed: ${stderr}`);
      resolve(signal ?? code);
    }),
  );
  return { child, lines, exited };
}

async function until(condition: () => boolean, timeoutMs = 60_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting for the child');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** Rebuild in a child, SIGKILL it once it has reported `afterDone` events of progress. */
async function killRebuildMidway(file: string, afterDone: number): Promise<void> {
  const { child, lines, exited } = startChild(file, 'rebuild');
  await until(
    () =>
      lines.some((l) => l.startsWith('progress ') && Number(l.split(' ')[1]) >= afterDone) ||
      lines.includes('finished'),
  );
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
  expect(lines).not.toContain('finished');
}

/** catchUp in a child, SIGKILL it once the checkpoint has moved past `past`. */
async function killCatchUpMidway(file: string, past: number): Promise<void> {
  const { child, lines, exited } = startChild(file, 'catchup');
  await until(() => checkpointOf(file) > past || lines.includes('finished'));
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
  expect(lines).not.toContain('finished');
}

async function inProcess<T>(
  file: string,
  work: (readModels: ProjectedReadModels<SqliteReadStore>) => Promise<T>,
): Promise<T> {
  const store = SqliteEventStore.open(file);
  const readModels = sqliteReadModelsBeside(store, { batchSize: 500 });
  try {
    return await work(readModels);
  } finally {
    await readModels.close();
    await store.close();
  }
}

describe('a rebuild killed midway (child process, SQLite file)', () => {
  let dir: ReturnType<typeof tempDir>;
  let pristine: string;
  let events: number;
  let clean: Record<string, unknown[]>;

  beforeAll(async () => {
    dir = tempDir('ledger-crash-');
    pristine = path.join(dir.dir, 'pristine.db');
    events = await generateInto(pristine, GRANTS);
    // the reference: a clean, uninterrupted rebuild
    const reference = copy(pristine, 'reference.db');
    const progress = await inProcess(reference, (rm) => rm.rebuild());
    expect(progress).toEqual({ done: events, total: events });
    clean = dump(reference);
  }, 120_000);

  afterAll(() => dir.remove());

  function copy(from: string, name: string): string {
    const to = path.join(dir.dir, name);
    new Database(from).pragma('wal_checkpoint(TRUNCATE)');
    fs.copyFileSync(from, to);
    return to;
  }

  it('has thousands of events and a complete reference', () => {
    expect(events).toBeGreaterThan(3000);
    expect(clean.audit_trail).toHaveLength(events);
    expect(clean.grant_balance).toHaveLength(GRANTS);
    expect(clean.projection_checkpoint).toEqual([
      expect.objectContaining({ position: lastPositionOf(pristine) }),
    ]);
  });

  it('given a rebuild SIGKILLed midway, when catchUp runs, then the tables equal a clean rebuild', async () => {
    const file = copy(pristine, 'a.db');
    await inProcess(file, (rm) => rm.catchUp()); // read models complete, as in production
    // given
    await killRebuildMidway(file, 5 * BATCH);
    const stoppedAt = checkpointOf(file);
    expect(stoppedAt).toBeLessThan(lastPositionOf(file)); // really midway: the tables are partial
    // when
    await inProcess(file, (rm) => rm.catchUp());
    // then
    expect(dump(file)).toEqual(clean);
  }, 120_000);

  it('given a rebuild and then a catchUp both SIGKILLed midway, when rebuild runs, then the tables equal a clean rebuild', async () => {
    const file = copy(pristine, 'b.db');
    // given
    await killRebuildMidway(file, 3 * BATCH);
    const first = checkpointOf(file);
    await killCatchUpMidway(file, first + 5 * BATCH);
    expect(checkpointOf(file)).toBeLessThan(lastPositionOf(file));
    // when
    const progress = await inProcess(file, (rm) => rm.rebuild());
    // then
    expect(progress).toEqual({ done: events, total: events });
    expect(dump(file)).toEqual(clean);
  }, 120_000);

  it('given two processes catching up at once, then every event is applied exactly once', async () => {
    const file = copy(pristine, 'c.db');
    const a = startChild(file, 'catchup');
    const b = startChild(file, 'catchup');
    expect(await a.exited).toBe(0);
    expect(await b.exited).toBe(0);
    expect(dump(file)).toEqual(clean);
  }, 120_000);
});
