// One catch-up subscription for every adapter: read pages of $all after the checkpoint,
// hand each event to the subscriber (waiting for it), and once a page comes back short
// we are caught up; then wait for a wake-up (a local append, a NOTIFY) or the poll
// interval (appends from other processes) and read again. Reading the log, rather than
// pushing appended events, is what keeps order and exactly-once delivery simple.
import type {
  StoredEvent,
  SubscribeOptions,
  Subscription,
} from '../../commands/event-store-port.js';

export interface CatchUpSource {
  /** Events with position > after (all when undefined), in global order, at most `limit`. */
  readPage(after: number | undefined, limit: number): Promise<StoredEvent[]>;
  /** Registers a listener called when new events may exist; returns the unregister function. */
  onAppend?(listener: () => void): () => void;
}

export interface CatchUpTuning {
  pageSize?: number;
  /** How long to wait for a wake-up before reading again (appends by other processes). */
  pollMs?: number;
}

export function catchUpSubscription(
  source: CatchUpSource,
  options: SubscribeOptions,
  tuning: CatchUpTuning = {},
): Subscription {
  const pageSize = tuning.pageSize ?? 500;
  const pollMs = tuning.pollMs ?? 200;
  let checkpoint = options.after;
  let stopped = false;
  let isCaughtUp = false;
  // Set when a wake-up arrives while we are reading, so the next wait is skipped.
  let woken = false;
  let interrupt: (() => void) | undefined;

  let resolveCaughtUp!: () => void;
  let rejectCaughtUp!: (error: unknown) => void;
  const caughtUp = new Promise<void>((resolve, reject) => {
    resolveCaughtUp = () => {
      isCaughtUp = true;
      resolve();
    };
    rejectCaughtUp = reject;
  });
  // Nobody is obliged to await caughtUp; a failure is also reported through onError.
  caughtUp.catch(() => undefined);

  const wake = (): void => {
    woken = true;
    interrupt?.();
  };
  const unlisten = source.onAppend?.(wake);

  const pause = (): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(done, pollMs);
      function done(): void {
        clearTimeout(timer);
        interrupt = undefined;
        resolve();
      }
      interrupt = done;
    });

  const loop = (async () => {
    try {
      while (!stopped) {
        woken = false;
        const page = await source.readPage(checkpoint, pageSize);
        for (const event of page) {
          if (stopped) return;
          await options.onEvent(event);
          checkpoint = event.position;
        }
        if (page.length < pageSize) {
          if (!isCaughtUp) resolveCaughtUp();
          if (!woken && !stopped) await pause();
        }
      }
    } catch (error) {
      stopped = true;
      rejectCaughtUp(error);
      options.onError?.(error);
    } finally {
      unlisten?.();
      if (!isCaughtUp) rejectCaughtUp(new Error('subscription stopped before it caught up'));
    }
  })();

  return {
    caughtUp,
    async stop() {
      stopped = true;
      interrupt?.();
      await loop;
    },
  };
}
