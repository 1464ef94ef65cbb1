// Small statistics for the benchmark: a high-resolution stopwatch and percentiles of
// latency samples (nearest-rank, so p99 of 1,000 samples is the 990th smallest).

/** Milliseconds since an arbitrary origin, sub-microsecond resolution. */
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Runs `work` and returns its result with the elapsed seconds. */
export async function timed<T>(
  work: () => Promise<T> | T,
): Promise<{ result: T; seconds: number }> {
  const start = nowMs();
  const result = await work();
  return { result, seconds: (nowMs() - start) / 1000 };
}

export interface LatencySummary {
  samples: number;
  medianMs: number;
  p99Ms: number;
  maxMs: number;
}

/** Nearest-rank percentile (p in 0..100) of unsorted samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new Error('percentile of no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

export function summarise(samples: readonly number[]): LatencySummary {
  return {
    samples: samples.length,
    medianMs: percentile(samples, 50),
    p99Ms: percentile(samples, 99),
    maxMs: Math.max(...samples),
  };
}

/**
 * Calls `once` `warmup` times unmeasured, then `iterations` times, and returns each call's latency
 * in ms.
 */
export async function sampleLatency(
  once: (i: number) => Promise<unknown>,
  iterations: number,
  warmup = Math.min(100, iterations),
): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await once(i);
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = nowMs();
    await once(i);
    samples.push(nowMs() - start);
  }
  return samples;
}

/**
 * Like sampleLatency for two calls taken in turns (`first`, then `second`, `iterations` times
 * after `warmup` unmeasured turns): each timed on its own, both over the same seconds.
 */
export async function sampleLatencyInTurns(
  first: (i: number) => Promise<unknown>,
  second: () => Promise<unknown>,
  iterations: number,
  warmup = Math.min(100, iterations),
): Promise<{ first: number[]; second: number[] }> {
  const samples = { first: [] as number[], second: [] as number[] };
  for (let i = -warmup; i < iterations; i++) {
    const start = nowMs();
    await first(Math.max(i, 0));
    const between = nowMs();
    await second();
    if (i < 0) continue;
    samples.first.push(between - start);
    samples.second.push(nowMs() - between);
  }
  return samples;
}
