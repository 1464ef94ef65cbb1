// readAll in pages, for every adapter that can read "a page of $all after a position":
// memory stays flat in the number of events, and `limit` is honoured exactly.
import type { ReadAllOptions, StoredEvent } from '../../commands/event-store-port.js';

export type ReadPage = (
  after: number | undefined,
  limit: number,
) => StoredEvent[] | Promise<StoredEvent[]>;

export async function* readAllInPages(
  readPage: ReadPage,
  options: ReadAllOptions,
  pageSize: number,
): AsyncIterable<StoredEvent> {
  let after = options.after;
  let remaining = options.limit ?? Infinity;
  while (remaining > 0) {
    const size = Math.min(pageSize, remaining);
    const page = await readPage(after, size);
    for (const e of page) yield e;
    if (page.length < size) return; // a short page: the end of the log
    remaining -= page.length;
    after = page.at(-1)!.position;
  }
}
