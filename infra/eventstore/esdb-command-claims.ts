// The ledger-wide commandId index (domain.md "Idempotency") on EventStoreDB, which has no
// transaction across streams: a command's id is claimed for its stream, with the
// command's fingerprint, as the one record of a claim stream created with expected
// revision NO_STREAM, before the command's events are appended. The server refuses a
// second creation; reading the claim then tells whether it is this command's own (a
// retried append, or one that crashed between the two writes: go on) or another
// command's (CommandIdTakenError). Claim records are JSON without our metadata envelope,
// so reads of $all pass over them like the event-id claims (esdb-id-claims.ts).
import { randomUUID } from 'node:crypto';
import esdb from '@eventstore/db-client';
import type { EsdbClient } from './esdb-client.js';
import { readClaimAfterConflict } from './esdb-id-claims.js';
import {
  CommandIdTakenError,
  type CommandRecord,
  type RecordedCommand,
} from '../../commands/event-store-port.js';

const { jsonEvent, NO_STREAM, START, StreamNotFoundError, WrongExpectedVersionError } = esdb;

export const COMMAND_CLAIM_EVENT_TYPE = 'LedgerCommandIdClaimed';

export function commandClaimStreamOf(commandId: string): string {
  return `ledger-command-${commandId}`;
}

/** Claims `command`'s id for `streamId`, or throws CommandIdTakenError. */
export async function claimCommandId(
  client: EsdbClient,
  streamId: string,
  command: CommandRecord,
): Promise<void> {
  const claim = jsonEvent({
    id: randomUUID(),
    type: COMMAND_CLAIM_EVENT_TYPE,
    data: { streamId, fingerprint: command.fingerprint },
  });
  try {
    await client.appendToStream(commandClaimStreamOf(command.commandId), [claim], {
      expectedRevision: NO_STREAM,
      requiresLeader: true,
    });
    return;
  } catch (error) {
    if (!(error instanceof WrongExpectedVersionError)) throw error;
  }
  const first = await readClaimAfterConflict(commandClaimStreamOf(command.commandId), () =>
    findCommandClaim(client, command.commandId),
  );
  if (!isOwnClaim(first, streamId, command))
    throw new CommandIdTakenError(command.commandId, first);
}

/** Whether a claim is this command's own: the same stream and the same fingerprint. */
export function isOwnClaim(
  claim: RecordedCommand,
  streamId: string,
  command: CommandRecord,
): boolean {
  return claim.streamId === streamId && claim.fingerprint === command.fingerprint;
}

/** The claim of a commandId, if any. */
export async function findCommandClaim(
  client: EsdbClient,
  commandId: string,
): Promise<RecordedCommand | undefined> {
  try {
    for await (const resolved of client.readStream(commandClaimStreamOf(commandId), {
      fromRevision: START,
      maxCount: 1,
      requiresLeader: true,
    })) {
      const data = resolved.event?.data as
        { streamId?: unknown; fingerprint?: unknown } | undefined;
      if (typeof data?.streamId === 'string' && typeof data.fingerprint === 'string') {
        return { streamId: data.streamId, fingerprint: data.fingerprint };
      }
    }
  } catch (error) {
    if (!(error instanceof StreamNotFoundError)) throw error;
  }
  return undefined;
}
