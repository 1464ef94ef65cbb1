// The EventStoreDB versions this store supports, checked when it connects.
//
// 22.6 is the oldest: earlier servers send no $all position with events read from a
// stream, and the store keys everything on those positions. Known quirks of supported
// versions are handled where they arise: 22.6 to 23.6 send a subscription checkpoint at
// the first live event's own position, and 24.10.0 to 24.10.4 can send a checkpoint at
// (2^64-1, 2^64-1) on a fresh cluster (esdb-subscription.ts). Servers before 21.10 do not
// tell their version at all (no ServerFeatures service): the client then says "unknown",
// and that is refused too.

/** The oldest supported server, as [major, minor]. */
export const OLDEST_SUPPORTED: readonly [number, number] = [22, 6];

/** What the client tells of the server (its protected `capabilities` in 6.x). */
interface ServerFeaturesSource {
  readonly capabilities?: Promise<{ serverVersion: string }>;
}

/** Thrown at start-up when the server is older than OLDEST_SUPPORTED or does not say. */
export class UnsupportedServerError extends Error {
  constructor(readonly serverVersion: string) {
    super(
      `EventStoreDB ${serverVersion === 'unknown' ? 'of unknown version (older than 21.10)' : serverVersion} ` +
        `is not supported: the ledger needs ${OLDEST_SUPPORTED.join('.')} or later`,
    );
    this.name = 'UnsupportedServerError';
  }
}

/** Whether a version string ("24.10.4.0", "23.10.1", …) is at least OLDEST_SUPPORTED. */
export function isSupportedVersion(version: string): boolean {
  const match = /^(\d+)\.(\d+)/.exec(version.trim());
  if (!match) return false;
  const [major, minor] = [Number(match[1]), Number(match[2])];
  const [oldMajor, oldMinor] = OLDEST_SUPPORTED;
  return major > oldMajor || (major === oldMajor && minor >= oldMinor);
}

/** Asks the server its version; throws UnsupportedServerError when it is too old. */
export async function checkServerVersion(client: object): Promise<string> {
  const source = client as ServerFeaturesSource;
  if (!source.capabilities)
    throw new Error('this EventStoreDB client cannot tell the server version');
  const { serverVersion } = await source.capabilities;
  if (!isSupportedVersion(serverVersion)) throw new UnsupportedServerError(serverVersion);
  return serverVersion;
}
