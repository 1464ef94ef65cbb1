// The projection's checkpoint: the position of the last event the read-model tables
// reflect. Rows and checkpoint commit together (runner.ts), so the tables are always
// exactly the fold of the log up to it.

/** The checkpoint before any event: read models are empty. */
export const START_CHECKPOINT = -1;
