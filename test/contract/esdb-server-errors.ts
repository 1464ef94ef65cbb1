// The errors an EventStoreDB cluster really answers while it fails over, built the way
// the client builds them from the wire, for the scripted cluster (esdb-fake-client.ts).
//
// Appends go through Streams.BatchAppend. There (server 22.6 to 24.10) a node that does
// not handle a write — no leader yet, or too busy — answers a google.rpc.Status whose
// details pack google.protobuf.Empty, with the message "Server Is Not Ready" or "Server
// Is Busy"; a write that did not complete within the server's write timeout (2 s by
// default) answers a status packing event_store.client.Timeout; an append over the
// maximum size packs MaximumAppendSizeExceeded. The client decodes each reply with
// unpackToCommandError, used here on the same protobuf messages, so the adapter sees
// exactly the classes and messages it sees in production (an UnknownError "Could not
// recognize Server Is Not Ready", a DeadlineExceededError with no message, …).
// A call that runs past the client's own deadline fails with grpc status 4, which the
// client turns into a DeadlineExceededError through convertToCommandError.
import esdb from '@eventstore/db-client';
import statusPb from '@eventstore/db-client/generated/status_pb.js';
import sharedPb from '@eventstore/db-client/generated/shared_pb.js';
import unpackError from '@eventstore/db-client/dist/streams/appendToStream/unpackError.js';
// google-protobuf ships no types; the two messages used here are tiny.
import anyPb from 'google-protobuf/google/protobuf/any_pb.js';
import emptyPb from 'google-protobuf/google/protobuf/empty_pb.js';

interface Packable {
  serializeBinary(): Uint8Array;
}

/** A batch-append reply's error status, with `detail` packed under `typeName`. */
function batchAppendStatus(message: string, detail: Packable, typeName: string) {
  const status = new statusPb.Status();
  status.setMessage(message);
  const details = new anyPb.Any();
  details.pack(detail.serializeBinary(), typeName);
  status.setDetails(details);
  return status;
}

function decoded(message: string, detail: Packable, typeName: string, stream: string): Error {
  const status = batchAppendStatus(message, detail, typeName);
  return unpackError.unpackToCommandError(status, stream) as Error;
}

/** A leaderless node's answer to an append: nothing was written. */
export function serverNotReady(stream = 'stream'): Error {
  return decoded('Server Is Not Ready', new emptyPb.Empty(), 'google.protobuf.Empty', stream);
}

/** An overloaded node's answer to an append: nothing was written. */
export function serverBusy(stream = 'stream'): Error {
  return decoded('Server Is Busy', new emptyPb.Empty(), 'google.protobuf.Empty', stream);
}

/** The server's write timeout: the append may or may not commit later. */
export function writeTimeout(stream = 'stream'): Error {
  return decoded('', new sharedPb.Timeout(), 'event_store.client.Timeout', stream);
}

/** The server's answer to an append over its MaxAppendSize. */
export function maxAppendSizeExceeded(maxAppendSize: number, stream = 'stream'): Error {
  const detail = new sharedPb.MaximumAppendSizeExceeded();
  detail.setMaxappendsize(maxAppendSize);
  return decoded('', detail, 'event_store.client.MaximumAppendSizeExceeded', stream);
}

/** A call past the client's deadline (grpc status 4), converted as the client converts it. */
export function callDeadline(): Error {
  const serviceError = Object.assign(new Error('4 DEADLINE_EXCEEDED: Deadline exceeded'), {
    code: 4,
    details: 'Deadline exceeded',
    metadata: { getMap: () => ({}) },
  });
  return esdb.convertToCommandError(serviceError) as Error;
}
