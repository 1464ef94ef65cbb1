// The grant's stream: one per grant, named from its diary number. decide, evolve and
// initialState live in their own files; the command handler takes them from there.

/** One stream per grant. The diary number is kept verbatim ("grant-RUN/573/2022"). */
export const GRANT_STREAM_PREFIX = 'grant-';
export const streamIdOf = (grantId: string): string => `${GRANT_STREAM_PREFIX}${grantId}`;
export const grantIdOf = (streamId: string): string | undefined =>
  streamId.startsWith(GRANT_STREAM_PREFIX) ? streamId.slice(GRANT_STREAM_PREFIX.length) : undefined;
