// The command path: parse → load → decide → append(expected revision) → retry; and
// idempotency by commandId, also across handler instances (processes) sharing a store.
import { describe, expect, it } from '@jest/globals';
import { CommandHandler } from '../../commands/handler.js';
import { steppingClock } from '../../commands/clock.js';
import { streamIdOf } from '../../domain/grant/decider.js';
import { MemoryEventStore } from '../../infra/eventstore/memory.js';
import {
  WrongExpectedRevisionError,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
} from '../../commands/event-store-port.js';
import {
  apply,
  approve,
  attest,
  GRANT,
  payAdvance,
  payClaim,
  reportCosts,
  review,
} from '../../commands/builders/grant-commands.js';

const clock = () => steppingClock('2025-01-01T08:00:00.000Z');

describe('CommandHandler', () => {
  it('given a command, when handled, then its events are stored with actor, commandId, recordedAt and a hash', async () => {
    // given
    const store = new MemoryEventStore();
    const handler = new CommandHandler({ store, clock: clock() });
    // when
    const result = await handler.handle(
      apply({ meta: { actor: 'registrar@test', commandId: 'c-1' } }),
    );
    // then
    expect(result).toMatchObject({ ok: true, commandId: 'c-1', duplicate: false });
    const [stored] = await store.readStream(streamIdOf(GRANT));
    expect(stored).toMatchObject({
      type: 'CoFinancingApplied',
      revision: 0,
      metadata: {
        actor: 'registrar@test',
        commandId: 'c-1',
        recordedAt: '2025-01-01T08:00:00.000Z',
      },
    });
    expect(stored!.metadata.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('given a processed commandId, when the same command comes again (even to another handler), then nothing is appended and the first result returns', async () => {
    // given
    const store = new MemoryEventStore();
    const first = await new CommandHandler({ store, clock: clock() }).handle(
      apply({ meta: { actor: 'a@test', commandId: 'once' } }),
    );
    // when: a new handler, as after a restart or in another process
    const again = await new CommandHandler({ store, clock: clock() }).handle(
      apply({ meta: { actor: 'a@test', commandId: 'once' } }),
    );
    // then
    expect(first.ok && again.ok).toBe(true);
    if (!first.ok || !again.ok) return;
    expect(again.duplicate).toBe(true);
    expect(again.events).toEqual(first.events);
    expect(await store.readStream(streamIdOf(GRANT))).toHaveLength(1);
  });

  it('given no actor anywhere, when a write comes, then it is INVALID_INPUT at meta.actor and nothing is stored', async () => {
    const store = new MemoryEventStore();
    const result = await new CommandHandler({ store }).handle(apply({ meta: undefined }));
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', path: 'meta.actor' },
    });
    expect(await store.listStreams()).toEqual([]);
  });

  it('given an authenticated actor, when the body names another, then the authenticated one is recorded', async () => {
    const store = new MemoryEventStore();
    await new CommandHandler({ store }).handle(apply({ meta: { actor: 'mallory@test' } }), {
      actor: 'registrar@test',
    });
    const [stored] = await store.readStream(streamIdOf(GRANT));
    expect(stored!.metadata.actor).toBe('registrar@test');
  });

  it('given bad input, when handled, then INVALID_INPUT with the path and nothing is stored', async () => {
    const store = new MemoryEventStore();
    const result = await new CommandHandler({ store }).handle(apply({ requestedAmount: '1.234' }));
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', path: 'requestedAmount' },
    });
    expect(await store.listStreams()).toEqual([]);
  });

  it('given another writer slips in between load and append, when handled, then it decides again on fresh state, where the rule now rejects it', async () => {
    // given: a store whose first append for the grant loses a race against the advance being
    // attested by someone else
    const inner = new MemoryEventStore();
    const setup = new CommandHandler({ store: inner, clock: clock() });
    for (const c of [apply(), approve(), payAdvance({ amount: '10000' })])
      expect((await setup.handle(c)).ok).toBe(true);
    let raced = false;
    const racing: EventStore = Object.assign(Object.create(inner) as EventStore, {
      append: async (streamId: string, events: NewEvent[], expected: ExpectedRevision) => {
        if (!raced) {
          raced = true;
          // the other writer orders the rest of the advance first
          await setup.handle(payAdvance({ paymentId: 'adv-2', amount: '10000' }));
        }
        return inner.append(streamId, events, expected);
      },
    });
    // when: this writer orders 10 000.00 more of a 20 000.00 advance, which no longer fits
    const result = await new CommandHandler({ store: racing, clock: clock() }).handle(
      payAdvance({ paymentId: 'adv-3', amount: '10000' }),
    );
    // then: the retry saw the other payment and the rule rejected the order
    expect(raced).toBe(true);
    expect(result).toMatchObject({ ok: false, error: { code: 'ADVANCE_LIMIT' } });
  });

  it('given the stream keeps changing, when retries run out, then CONCURRENCY_CONFLICT and nothing of ours is stored', async () => {
    const inner = new MemoryEventStore();
    await new CommandHandler({ store: inner }).handle(apply());
    const alwaysStale: EventStore = Object.assign(Object.create(inner) as EventStore, {
      append: async (streamId: string, _events: NewEvent[], expected: ExpectedRevision) => {
        throw new WrongExpectedRevisionError(streamId, expected, 99);
      },
    });
    const result = await new CommandHandler({ store: alwaysStale, maxAttempts: 3 }).handle(
      approve(),
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'CONCURRENCY_CONFLICT' } });
    expect(await inner.readStream(streamIdOf(GRANT))).toHaveLength(1);
  });

  it('given an ordered advance, when attested by the orderer, then FOUR_EYES', async () => {
    const store = new MemoryEventStore();
    const handler = new CommandHandler({ store });
    for (const c of [apply(), approve(), payAdvance()])
      expect((await handler.handle(c)).ok).toBe(true);
    const result = await handler.handle(attest('adv-1', { meta: { actor: 'orderer@test' } }));
    expect(result).toMatchObject({ ok: false, error: { code: 'FOUR_EYES' } });
  });

  it('given a handler that has folded a grant, when another handler appends to it, then the first decides on the newer state and knows its commandIds', async () => {
    // given: handler A has the grant cached at revision 0
    const store = new MemoryEventStore();
    const a = new CommandHandler({ store, clock: clock() });
    const b = new CommandHandler({ store, clock: clock() });
    expect((await a.handle(apply())).ok).toBe(true);
    // when: B (another process, say) approves it, then A orders an advance and repeats B's command
    expect(
      (await b.handle(approve({ meta: { actor: 'chair@test', commandId: 'decision-1' } }))).ok,
    ).toBe(true);
    const advance = await a.handle(payAdvance());
    const repeated = await a.handle(
      approve({ meta: { actor: 'chair@test', commandId: 'decision-1' } }),
    );
    // then: A saw the approval (an advance needs an approved grant) and B's command as done
    expect(advance).toMatchObject({ ok: true, duplicate: false });
    expect(repeated).toMatchObject({
      ok: true,
      duplicate: true,
      events: [{ type: 'GrantApproved', revision: 1 }],
    });
    expect((await store.readStream(streamIdOf(GRANT))).map((e) => e.type)).toEqual([
      'CoFinancingApplied',
      'GrantApproved',
      'PaymentOrdered',
    ]);
  });
  it('given a command that another process records first while this one decides it, when this one then appends it (a re-append of the first handling), then its cache does not skip the events between, and a further order beyond payable is refused', async () => {
    // given: 7,000.00 payable, and handler B (another process) has the grant cached
    const inner = new MemoryEventStore();
    const a = new CommandHandler({ store: inner, clock: clock() });
    const setup = [
      apply(),
      approve({}, { conditions: [] }),
      payAdvance(),
      attest('adv-1', { meta: { actor: 'attester@test' } }),
      reportCosts(),
      review(),
    ];
    for (const c of setup) expect((await a.handle(c)).ok).toBe(true);
    const order = (id: string) =>
      payClaim({ paymentId: id, amount: '3500', meta: { actor: 'orderer@test', commandId: id } });
    let raced = false;
    const racing: EventStore = Object.assign(Object.create(inner) as EventStore, {
      append: async (...args: Parameters<EventStore['append']>) => {
        if (!raced) {
          raced = true;
          // while B decides 'twice', A orders the rest of payable and then records 'twice'
          expect((await a.handle(order('rest'))).ok).toBe(true);
          expect((await a.handle(order('twice'))).ok).toBe(true);
        }
        return inner.append(...args);
      },
    });
    const b = new CommandHandler({ store: racing, clock: clock() });
    // when: B handles 'twice' (its append re-appends A's events), then one order more
    const twice = await b.handle(order('twice'));
    const beyond = await b.handle(order('beyond'));
    // then: 'twice' answers A's events, and the order beyond payable is refused
    expect(raced).toBe(true);
    expect(twice).toMatchObject({ ok: true, events: [{ type: 'PaymentOrdered', revision: 7 }] });
    expect(beyond).toMatchObject({ ok: false, error: { code: 'EXCEEDS_PAYABLE' } });
    const orders = (await inner.readStream(streamIdOf(GRANT))).filter(
      (e) => e.type === 'PaymentOrdered' && (e.data as { kind: string }).kind === 'claim',
    );
    expect(orders.map((e) => e.metadata.commandId)).toEqual(['rest', 'twice']);
  });
});
