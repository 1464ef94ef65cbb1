// Time is injected: the handler asks a clock for `recordedAt`, so tests are deterministic.
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();

/** A clock that starts at `start` and moves `stepMs` forward every time it is read. */
export function steppingClock(start: string, stepMs = 1000): Clock {
  let t = Date.parse(start);
  return () => {
    const now = new Date(t);
    t += stepMs;
    return now;
  };
}
