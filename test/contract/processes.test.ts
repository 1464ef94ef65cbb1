// Several OS processes writing one store at once (interfaces.md: "several app
// instances"). Each child process opens the store by URL and appends, optimistically,
// one event at a time to the SAME stream, re-reading and retrying whenever another
// process won the revision. If two processes could ever both win a revision, the stream
// would have a duplicate revision (refused by UNIQUE, so a child would fail) or a broken
// hash chain; if appends were not serialised, $all would not be in revision order.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { verifyStream } from '../../infra/eventstore/hash.js';
import { openEventStore } from '../../infra/eventstore/open.js';
import { dropSchema, freshSchemaName, postgresServer } from './backends.js';
import { collect } from './eventstore.contract.js';

const run = promisify(execFile);
const openModule = fileURLToPath(new URL('../../infra/eventstore/open.ts', import.meta.url));
const PROCESSES = 4;
const APPENDS_EACH = 15;

/**
 * The child: append APPENDS_EACH events to `stream`, retrying on WrongExpectedRevisionError; prints
 * its conflict count.
 */
const child = `
  const { openEventStore } = await import(process.env.OPEN_MODULE);
  const { randomUUID } = await import('node:crypto');
  const fs = await import('node:fs');
  const path = await import('node:path');
  const store = await openEventStore(process.env.STORE_URL);
  // Start together, so that the appends really race: each process says it is ready (a file
  // in BARRIER) and waits for all of them. A start time agreed in advance was not enough on
  // a loaded machine, where one process's start-up outlasted another's 15 appends.
  fs.writeFileSync(path.join(process.env.BARRIER, String(process.pid)), '');
  while (fs.readdirSync(process.env.BARRIER).length < Number(process.env.PROCESSES))
    await new Promise((resolve) => setTimeout(resolve, 2));
  let conflicts = 0;
  for (let i = 0; i < Number(process.env.APPENDS); ) {
    const stream = await store.readStream(process.env.STREAM);
    const expected = stream.length === 0 ? 'no_stream' : stream.at(-1).revision;
    const event = { eventId: randomUUID(), type: 'Tick', version: 1, data: { pid: process.pid, i },
                    metadata: { actor: 'p' + process.pid, commandId: randomUUID(), recordedAt: new Date().toISOString() } };
    // A little think time between reading and appending, as a command handler deciding would have.
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 4));
    try { await store.append(process.env.STREAM, [event], expected); i++; }
    catch (error) { if (error.name !== 'WrongExpectedRevisionError') throw error; conflicts++; }
  }
  await store.close();
  console.log(JSON.stringify({ conflicts }));
`;

async function raceProcesses(storeUrl: string, stream: string): Promise<number> {
  const barrier = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-barrier-'));
  try {
    return await raceProcessesAt(storeUrl, stream, barrier);
  } finally {
    fs.rmSync(barrier, { recursive: true, force: true });
  }
}

async function raceProcessesAt(storeUrl: string, stream: string, barrier: string) {
  const outputs = await Promise.all(
    Array.from({ length: PROCESSES }, () =>
      run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', child], {
        env: {
          ...process.env,
          NODE_OPTIONS: '',
          OPEN_MODULE: openModule,
          STORE_URL: storeUrl,
          STREAM: stream,
          BARRIER: barrier,
          PROCESSES: String(PROCESSES),
          APPENDS: String(APPENDS_EACH),
        },
      }),
    ),
  );
  return outputs.reduce(
    (sum, { stdout }) =>
      sum + (JSON.parse(stdout.trim().split('\n').at(-1)!) as { conflicts: number }).conflicts,
    0,
  );
}

async function expectOneWinnerPerRevision(storeUrl: string): Promise<void> {
  // given a store several processes share
  const stream = 'grant-RUN/1/2024';
  // when they race on one stream
  const conflicts = await raceProcesses(storeUrl, stream);
  // then every append landed once, at its own revision, chained, in $all order
  const store = await openEventStore(storeUrl);
  try {
    const events = await store.readStream(stream);
    expect(events.map((e) => e.revision)).toEqual(
      Array.from({ length: PROCESSES * APPENDS_EACH }, (_, i) => i),
    );
    expect(verifyStream(events)).toBeUndefined();
    const all = await collect(store.readAll());
    expect(all.map((e) => e.revision)).toEqual(events.map((e) => e.revision));
    expect(new Set(events.map((e) => (e.data as { pid: number }).pid)).size).toBe(PROCESSES);
    // and the processes did collide (each collision is a lost race that was refused)
    console.info(
      `${storeUrl.split(':')[0]}: ${conflicts} refused appends among ${PROCESSES} processes`,
    );
    expect(conflicts).toBeGreaterThan(0);
  } finally {
    await store.close();
  }
}

describe('sqlite event store shared by several OS processes', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-processes-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('given 4 processes appending to one stream with expected revisions, then exactly one wins each revision and the chain holds', async () => {
    await expectOneWinnerPerRevision(`sqlite:${path.join(dir, 'ledger.db')}`);
  });
});

const server = await postgresServer();
if ('skip' in server) console.warn(`SKIPPED postgres multi-process test: ${server.skip}`);
('skip' in server ? describe.skip : describe)(
  'postgres event store shared by several OS processes',
  () => {
    let schema: string;
    beforeEach(() => {
      schema = freshSchemaName('processes');
    });
    afterEach(async () => {
      if (!('skip' in server)) await dropSchema(server.url, schema);
    });
    afterAll(async () => {
      if (!('skip' in server)) await server.release?.();
    });

    it('given 4 processes appending to one stream with expected revisions, then exactly one wins each revision and the chain holds', async () => {
      if ('skip' in server) return;
      const url = new URL(server.url);
      url.searchParams.set('schema', schema);
      await expectOneWinnerPerRevision(url.toString());
    });
  },
);
