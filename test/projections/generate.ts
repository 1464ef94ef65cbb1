// Many events for the rebuild tests: N grants, each through a realistic lifecycle, run
// through the real command path (CommandHandler + decider) on a memory store, steps of
// the grants interleaved, then copied in global order into a SQLite event store.
import { CommandHandler } from '../../commands/handler.js';
import { steppingClock } from '../../commands/clock.js';
import { MemoryEventStore } from '../../infra/eventstore/memory.js';
import { SqliteEventStore } from '../../infra/eventstore/sqlite.js';
import * as c from '../../commands/builders/grant-commands.js';
import type { EventStore } from '../../commands/event-store-port.js';

type Raw = Record<string, unknown>;

function lifecycle(i: number): Raw[] {
  const steps: Raw[] = [
    c.apply({
      requestedAmount: String(100000 + i),
      applicant: { name: `Förening ${i}`, orgNumber: `7696${String(i).padStart(6, '0')}` },
    }),
    c.approve(
      {},
      {
        appropriation: i % 3 === 0 ? '1:2 Kultur' : '1:1 Regionala tillväxtåtgärder',
        cap: String(100000 + i),
      },
    ),
    c.payAdvance(),
    c.attest('adv-1'),
    c.reportIndicator({ kind: 'report', title: `Rapport ${i}` }),
  ];
  if (i % 4 !== 0)
    steps.push(
      c.fulfil(),
      c.reportCosts(),
      c.review(),
      c.payClaim({ amount: '5000' }),
      c.attest('pay-1'),
    );
  if (i % 5 === 0 && i % 4 !== 0)
    steps.push(
      c.payClaim({ paymentId: 'pay-2', amount: '100.50', orderedOn: '2023-07-27' }),
      c.cancel('pay-2', { cancelledOn: '2023-07-28' }),
    );
  if (i % 2 === 0) {
    steps.push(
      c.reportIndicator({ kind: 'sub-report', deliveredOn: '2023-06-01' }),
      c.reportCosts({
        claimId: 'claim-2',
        period: { from: '2023-07-01', to: '2023-12-31' },
        submittedOn: '2024-01-10',
        final: true,
      }),
      c.review({
        claimId: 'claim-2',
        reviewedOn: '2024-01-20',
        approvedAmount: '50000',
        disallowed: [],
      }),
      c.submitFinalReport(),
    );
  }
  return steps.map((s) => ({ ...s, grantId: `GEN/${i}/2023` }));
}

/** Appends the events of `grants` generated grants to the SQLite file; returns the event count. */
export async function generateInto(file: string, grants: number): Promise<number> {
  const store = SqliteEventStore.open(file);
  store.db.pragma('synchronous = OFF'); // test data: speed over durability
  try {
    return await generateIntoStore(store, grants);
  } finally {
    await store.close();
  }
}

/** Appends the events of `grants` generated grants to `store`; returns the event count. */
export async function generateIntoStore(store: EventStore, grants: number): Promise<number> {
  const memory = new MemoryEventStore();
  const handler = new CommandHandler({
    store: memory,
    clock: steppingClock('2024-02-01T08:00:00.000Z', 250),
  });
  const plans = Array.from({ length: grants }, (_, i) => lifecycle(i));
  const longest = Math.max(...plans.map((p) => p.length));
  for (let step = 0; step < longest; step++) {
    for (const plan of plans) {
      const command = plan[step];
      if (!command) continue;
      const result = await handler.handle(command);
      if (!result.ok)
        throw new Error(
          `generator: ${String(command.type)} ${String(command.grantId)} rejected: ${result.error.message}`,
        );
    }
  }
  let count = 0;
  for await (const e of memory.readAll()) {
    await store.append(
      e.streamId,
      [
        {
          eventId: e.eventId,
          type: e.type,
          version: e.version,
          data: e.data,
          metadata: stripHash(e.metadata),
        },
      ],
      e.revision === 0 ? 'no_stream' : e.revision - 1,
    );
    count += 1;
  }
  return count;
}

function stripHash<T extends { hash: string }>(metadata: T): Omit<T, 'hash'> {
  const { hash: _hash, ...rest } = metadata;
  return rest;
}
