// Folding one grant's recorded events into its state, optionally as of a business date
// (events whose business date is on or before it) or as of a recorded timestamp (what
// the ledger had stored by then). Time travel replays the log; it needs no snapshots.
import { businessDateOf, type GrantEvent } from '../domain/grant/events.js';
import { fold } from '../domain/grant/evolve.js';
import { initialState, type GrantState } from '../domain/grant/state.js';
import { dateOfTimestamp } from '../domain/dates.js';
import {
  asGrantEvent,
  withMetadata,
  type ProjectedEvent,
  type RecordedEvent,
} from './recorded-event.js';

export interface AsOf {
  /** A business date YYYY-MM-DD. */
  asOf?: string;
  /** An ISO timestamp: only events recorded at or before it. */
  asOfRecorded?: string;
}

export function isVisible(e: RecordedEvent, at: AsOf): boolean {
  return isVisibleEvent(e, asGrantEvent(e), at);
}

/**
 * Only `asOfRecorded` reads the metadata: a replay as of a business date may fold events read
 * without it.
 */
function isVisibleEvent(e: ProjectedEvent, g: GrantEvent, at: AsOf): boolean {
  if (
    at.asOfRecorded !== undefined &&
    Date.parse(withMetadata(e).metadata.recordedAt) > Date.parse(at.asOfRecorded)
  )
    return false;
  if (at.asOf !== undefined && businessDateOf(g) > at.asOf) return false;
  return true;
}

export function foldGrant(events: Iterable<ProjectedEvent>, at: AsOf = {}): GrantState {
  const visible: GrantEvent[] = [];
  for (const e of events) {
    const g = asGrantEvent(e);
    if (isVisibleEvent(e, g, at)) visible.push(g);
  }
  return fold(visible, initialState());
}

/**
 * The day against which "overdue" is judged: the as-of date, else the recorded moment's
 * date, else today.
 */
export function referenceDate(at: AsOf, today: string): string {
  if (at.asOf !== undefined) return at.asOf;
  if (at.asOfRecorded !== undefined) return dateOfTimestamp(at.asOfRecorded);
  return today;
}
