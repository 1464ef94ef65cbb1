// A store opened read-only (verify, checks of a backup) that does not exist, or holds no
// event log. Opening it read-only created nothing.
export class StoreNotFoundError extends Error {
  override name = 'StoreNotFoundError';
}
