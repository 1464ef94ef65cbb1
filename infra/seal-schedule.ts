// `serve` seals the ledger by itself (interfaces.md `seal`): every `--seal-every` (default
// daily when a seal key is configured), counted from the last recorded seal, so a server
// restarted every night still seals once a day. A period in which nothing was appended
// makes no new seal (the last one still fixes everything).
import type { KeyObject } from 'node:crypto';
import type { Ledger } from './ledger.js';
import { makeSeal, recordSeal, type Seal } from './eventstore/seal.js';

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
/** setTimeout's longest delay (about 24.8 days); longer waits are taken in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** "24h", "30m", "1d", "90s" → milliseconds; "off" → undefined; anything else → an Error. */
export function parseSealEvery(text: string): number | undefined {
  if (text === 'off') return undefined;
  const match = /^(\d+)(ms|s|m|h|d)$/.exec(text);
  const ms = match ? Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS] : 0;
  if (!match || ms < 1000)
    throw new Error(
      `--seal-every needs a period such as 24h, 30m or 1d (at least 1s), or off; not "${text}"`,
    );
  return ms;
}

export interface SealScheduleOptions {
  everyMs: number;
  key?: KeyObject;
  /** Recorded as the seals' actor. */
  actor?: string;
  onSeal?: (seal: Seal) => void;
  onError?: (error: unknown) => void;
}

export interface SealSchedule {
  stop(): void;
}

export function scheduleSeals(ledger: Ledger, options: SealScheduleOptions): SealSchedule {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const actor = options.actor ?? 'grant-ledger serve';

  const wait = (ms: number) => {
    if (stopped) return;
    timer = setTimeout(() => void tick(), Math.min(Math.max(ms, 0), MAX_TIMER_MS));
    timer.unref(); // a pending seal never keeps the process alive
  };

  async function tick(): Promise<void> {
    try {
      const seals = await ledger.seals();
      const last = seals.at(-1);
      const due = last ? Date.parse(last.sealedAt) + options.everyMs : Date.now();
      if (Date.now() < due) return wait(due - Date.now());
      const seal = await makeSeal(ledger.store, ledger.clock(), options.key);
      if (!last || last.root !== seal.root) {
        await recordSeal(ledger.store, seal, actor);
        options.onSeal?.(seal);
      }
      wait(options.everyMs);
    } catch (error) {
      options.onError?.(error);
      wait(Math.min(options.everyMs, 60_000)); // try again soon, not in a day
    }
  }

  void tick();
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
