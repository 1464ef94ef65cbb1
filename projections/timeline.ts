// The series a dashboard draws for one grant: entitlement, net paid and cap over time.
// One point per business date on which something happened; each point is exactly what
// the balance would show `asOf` that date (foldGrant with `asOf`), computed step by step
// when the stream's business dates run forwards and by a fresh fold when they do not.
import { businessDateOf } from '../domain/grant/events.js';
import { evolve } from '../domain/grant/evolve.js';
import { figuresOf } from '../domain/grant/figures.js';
import { initialState, type GrantState } from '../domain/grant/state.js';
import { formatMoney } from '../domain/money.js';
import { foldGrant, isVisible, type AsOf } from './grant-fold.js';
import { asGrantEvent, type RecordedEvent } from './recorded-event.js';

export interface TimelinePoint {
  /** A business date YYYY-MM-DD: the figures as of the end of that day. */
  date: string;
  cap: string;
  entitlement: string;
  netPaid: string;
  pendingPayments: string;
  /** The event types whose business date is this day, in stream order. */
  events: string[];
}

export interface Timeline {
  grantId: string;
  points: TimelinePoint[];
  projectPeriod: { start: string; end: string } | null;
  finalReportDue: string | null;
}

function pointOf(date: string, state: GrantState, events: string[]): TimelinePoint {
  const f = figuresOf(state);
  return {
    date,
    cap: formatMoney(f.cap),
    entitlement: formatMoney(f.entitlement),
    netPaid: formatMoney(f.netPaid),
    pendingPayments: formatMoney(f.pendingPayments),
    events,
  };
}

/**
 * The series of one grant's stream (in revision order). `at` limits it like any other
 * projection: `asOfRecorded` drops events recorded later, `asOf` drops later dates.
 */
export function timelineOf(
  grantId: string,
  stream: readonly RecordedEvent[],
  at: AsOf = {},
): Timeline {
  const events = stream.filter((e) => isVisible(e, at));
  const dated = events.map((e) => ({ event: e, date: businessDateOf(asGrantEvent(e)) }));
  const dates = [...new Set(dated.map((d) => d.date))].sort();

  const points: TimelinePoint[] = [];
  let state = initialState();
  let applied = 0; // events [0, applied) of `dated` are folded into `state`
  let incremental = true;
  for (const date of dates) {
    const visible = dated.map((d) => d.date <= date);
    const prefixEnd = visible.indexOf(false) === -1 ? visible.length : visible.indexOf(false);
    const isPrefix = visible.slice(prefixEnd).every((v) => !v);
    if (incremental && isPrefix) {
      for (; applied < prefixEnd; applied++)
        state = evolve(state, asGrantEvent(dated[applied]!.event));
    } else {
      // A back-dated event sits after later-dated ones in the stream: fold afresh, exactly
      // as asOf would.
      state = foldGrant(events, { asOf: date });
      incremental = false;
    }
    points.push(
      pointOf(
        date,
        state,
        dated.filter((d) => d.date === date).map((d) => d.event.type),
      ),
    );
  }

  const final = foldGrant(events);
  return {
    grantId,
    points,
    projectPeriod: final.projectPeriod ? { ...final.projectPeriod } : null,
    finalReportDue: final.terms?.finalReportDue ?? null,
  };
}
