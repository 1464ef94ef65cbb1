// A per-process cache of folded grant states, so a batch need not read and decode them.
import type { BatchWrite, GrantStateRow } from './read-model-rows.js';

/**
 * Folded grant states (and what their child rows hold) as this process last committed
 * them, so a batch need not read and decode grant_state for grants it saw recently, nor
 * rewrite child rows that did not change. Bounded (least recently used out): memory stays
 * flat however many grants there are. Valid only while nobody else has committed: every
 * transaction passes the checkpoint it locked to validate(), and anything but the
 * checkpoint this process committed last empties the cache.
 */
export class GrantStateCache {
  private readonly entries = new Map<string, GrantStateRow>();
  private validAt: number | undefined;

  // 1,000 grants: ~20 KiB each in memory (state, Decimals, row fingerprints). 5,000 cost a
  // rebuild ~110 MiB of peak RSS for no gain: a rebuild meets most grants in one batch.
  constructor(private readonly maxEntries = 1000) {}

  /** The checkpoint the cached states are valid at (undefined: nothing cached). */
  get validCheckpoint(): number | undefined {
    return this.validAt;
  }

  /** Inside the transaction, with the locked checkpoint. */
  validate(lockedCheckpoint: number): void {
    if (lockedCheckpoint !== this.validAt) this.clear();
  }

  /** The cached rows among `grantIds`, and the ids to load from the table. */
  lookup(grantIds: readonly string[]): { found: Map<string, GrantStateRow>; missing: string[] } {
    const found = new Map<string, GrantStateRow>();
    const missing: string[] = [];
    for (const id of grantIds) {
      const row = this.entries.get(id);
      if (row) found.set(id, row);
      else missing.push(id);
    }
    return { found, missing };
  }

  /** After the batch's transaction committed. */
  committed(write: BatchWrite): void {
    for (const g of write.grants) {
      this.entries.delete(g.grantId);
      const s = g.stateRow; // (field by field: a spread with an extra field takes V8's slow path)
      this.entries.set(g.grantId, {
        grantId: s.grantId,
        streamId: s.streamId,
        revision: s.revision,
        firstPosition: s.firstPosition,
        lastPosition: s.lastPosition,
        state: s.state,
        fingerprints: g.fingerprints,
      });
    }
    for (const id of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(id);
    }
    this.validAt = write.checkpoint;
  }

  clear(): void {
    this.entries.clear();
    this.validAt = undefined;
  }
}
