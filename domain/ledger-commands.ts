// Every command the ledger takes: the grant commands (one stream per grant) and the
// ledger-wide SetReferenceRate (stream `reference-rates`). The doors (CLI, HTTP) parse and
// route with these; each decider sees only its own commands.
import type { z } from 'zod';
import { COMMAND_SCHEMAS, type GrantCommand } from './grant/commands.js';
import { SetReferenceRate, type SetReferenceRateCommand } from './reference-rates/commands.js';

export const LEDGER_COMMAND_SCHEMAS = { ...COMMAND_SCHEMAS, SetReferenceRate } as const;

export type LedgerCommandType = keyof typeof LEDGER_COMMAND_SCHEMAS;
export const LEDGER_COMMAND_TYPES = Object.keys(LEDGER_COMMAND_SCHEMAS) as LedgerCommandType[];

export type LedgerCommand = GrantCommand | SetReferenceRateCommand;
export type LedgerCommandOf<T extends LedgerCommandType> = z.output<
  (typeof LEDGER_COMMAND_SCHEMAS)[T]
>;

/**
 * A command as a door receives it, before parsing (amounts and rates as strings): the zod
 * schema's input. What the demo, the bench, the desk and the tests write is checked
 * against the same schemas that parse it.
 */
export type CommandInput<T extends LedgerCommandType = LedgerCommandType> = {
  [K in T]: z.input<(typeof LEDGER_COMMAND_SCHEMAS)[K]>;
}[T];
/** A grant command as a door receives it (every command but SetReferenceRate). */
export type GrantCommandInput = CommandInput<Exclude<LedgerCommandType, 'SetReferenceRate'>>;

export const isGrantCommand = (c: LedgerCommand): c is GrantCommand =>
  c.type !== 'SetReferenceRate';
