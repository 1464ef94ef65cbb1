// Error answers stay small whatever the input: a 5 MB bank statement with a bad row on
// every line lists the first MAX_LISTED_PROBLEMS and says how many there were, over HTTP
// and on the command line alike.

/** At most this many problems are listed; `problemCount` says how many there were. */
export const MAX_LISTED_PROBLEMS = 100;

export function boundedProblems<T>(problems: readonly T[]): { errors: T[]; problemCount: number } {
  return { errors: problems.slice(0, MAX_LISTED_PROBLEMS), problemCount: problems.length };
}
