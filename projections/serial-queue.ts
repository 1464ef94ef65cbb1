/**
 * One read-model job at a time per process. Concurrent catchUp callers share the next
 * queued run: a caller always waits for a run that starts after it asked (so it reads
 * its own write), but N concurrent commands cause at most two runs, not N. Rebuilds run
 * exclusively, in the same queue.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private pending: Promise<unknown> | undefined;

  /** Joins the queued (not yet started) run of `work`, or queues one. */
  shared<T>(work: () => Promise<T>): Promise<T> {
    if (this.pending) return this.pending as Promise<T>;
    const run: Promise<T> = this.tail.then(ignore, ignore).then(() => {
      if (this.pending === run) this.pending = undefined;
      return work();
    });
    this.pending = run;
    this.tail = run;
    return run;
  }

  /** Queues `work` on its own. */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.tail.then(ignore, ignore).then(work);
    this.tail = run;
    return run;
  }
}

function ignore(): void {}
