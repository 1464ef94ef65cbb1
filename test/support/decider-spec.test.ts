// The decider's test API checks what it says it checks: each of its assertions fails when
// its rule is broken (an assertion that cannot fail would prove nothing).
import { describe, expect, it } from '@jest/globals';
import { apply, approve, payAdvance } from '../../commands/builders/grant-commands.js';
import { money } from '../../domain/money.js';
import { given } from './decider-spec.js';

describe('the decider spec', () => {
  it('given past events, the history is the one their commands made (Emmett-style given)', () => {
    // given
    const decided = given(apply(), approve());
    // when
    const stored = given(decided.events);
    // then
    expect(stored.events).toEqual(decided.events);
    stored.when(approve()).thenRejected('INVALID_STATE');
    stored.when(payAdvance()).then([{ type: 'PaymentOrdered', data: { amount: '20000.00' } }]);
  });

  it('when a rejected command has changed the state it was given, thenRejected fails', () => {
    // given
    const history = given(apply(), approve());
    const decided = history.when(approve());
    // when: the state changes after decide saw it (as a decide mutating its input would)
    history.state.terms!.cap = money('1');
    // then
    expect(() => decided.thenRejected('INVALID_STATE')).toThrow(/toBe/);
  });

  it('when the code or the path differs, or events come, thenRejected fails', () => {
    const history = given(apply(), approve());
    expect(() => history.when(approve()).thenRejected('UNKNOWN_GRANT')).toThrow();
    const badAmount = history.when(payAdvance({ amount: '1.001' }));
    expect(() => badAmount.thenRejected('INVALID_INPUT', 'orderedOn')).toThrow();
    badAmount.thenRejected('INVALID_INPUT', 'amount');
    expect(() => history.when(payAdvance()).thenRejected('INVALID_STATE')).toThrow(
      /expected INVALID_STATE, got events: PaymentOrdered/,
    );
  });

  it('when a rejection comes or the events differ, then fails', () => {
    const history = given(apply(), approve());
    const ordered = history.when(payAdvance());
    expect(() => history.when(approve()).then([{ type: 'GrantApproved' }])).toThrow(
      /expected events, got INVALID_STATE/,
    );
    expect(() => ordered.then([{ type: 'PaymentOrdered' }, { type: 'PaymentAttested' }])).toThrow();
    expect(() => ordered.then([{ type: 'PaymentOrdered', data: { amount: '1.00' } }])).toThrow();
    ordered.then([{ type: 'PaymentOrdered', data: { amount: '20000.00' } }]);
  });

  it('given a command that is rejected, no history is made (a broken given)', () => {
    expect(() => given(apply(), apply())).toThrow(
      /given ApplyForCoFinancing was rejected: ALREADY_EXISTS/,
    );
  });
});
