// Indicator status per grant and indicator: targets, achieved per kind, and a state.
import type { GrantState } from '../domain/grant/state.js';

export type IndicatorState = 'not-started' | 'in-progress' | 'achieved' | 'missed';

export interface IndicatorStatus {
  grantId: string;
  indicatorId: string;
  name: string;
  targets: Record<string, number>;
  achieved: Record<string, number>;
  state: IndicatorState;
  deliveries: { kind: string; title: string; deliveredOn: string }[];
}

export function indicatorsOf(grantId: string, state: GrantState, today: string): IndicatorStatus[] {
  const due = state.terms?.finalReportDue;
  // "missed": the final report is in, or its due date has passed, and the targets are not met.
  const judged = state.finalReportSubmittedOn !== undefined || (due !== undefined && today > due);
  return [...state.indicators.values()].map((i) => {
    const kinds = Object.keys(i.targets);
    const achievedAll = kinds.every((k) => (i.achieved[k] ?? 0) >= (i.targets[k] ?? 0));
    const anything = kinds.some((k) => (i.achieved[k] ?? 0) > 0);
    const indicatorState: IndicatorState = achievedAll
      ? 'achieved'
      : judged
        ? 'missed'
        : anything
          ? 'in-progress'
          : 'not-started';
    return {
      grantId,
      indicatorId: i.id,
      name: i.name,
      targets: { ...i.targets },
      achieved: Object.fromEntries(kinds.map((k) => [k, i.achieved[k] ?? 0])),
      state: indicatorState,
      deliveries: i.deliveries.map((d) => ({ ...d })),
    };
  });
}
