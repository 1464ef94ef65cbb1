// The grant aggregate as an Emmett-style Decider: decide, evolve, initialState.
import { decide } from './decide.js';
import { evolve } from './evolve.js';
import { initialState } from './state.js';

export const grantDecider = { decide, evolve, initialState } as const;

/** One stream per grant. The diary number is kept verbatim ("grant-RUN/573/2022"). */
export const GRANT_STREAM_PREFIX = 'grant-';
export const streamIdOf = (grantId: string): string => `${GRANT_STREAM_PREFIX}${grantId}`;
export const grantIdOf = (streamId: string): string | undefined =>
  streamId.startsWith(GRANT_STREAM_PREFIX) ? streamId.slice(GRANT_STREAM_PREFIX.length) : undefined;
