// Commands only the ledger itself gives (interfaces.md "Bank files": only the ledger
// exports). ExportPayment puts a payment into a bank file id; were a person to send it,
// a payment could join a file already handed to the bank, and the same file id would then
// give different bytes. payments-file and POST /payment-files send it internally, after
// the file is made; POST /commands and `exec` refuse it with this code.
import type { LedgerCommandType } from '../domain/ledger-commands.js';

export const INTERNAL_COMMAND = 'INTERNAL_COMMAND';

const INTERNAL: ReadonlySet<string> = new Set<LedgerCommandType>(['ExportPayment']);

export function isInternalCommand(type: unknown): boolean {
  return typeof type === 'string' && INTERNAL.has(type);
}

/** Why a person cannot send this command, in English (the API's language) and Swedish. */
export function internalCommandRefusal(type: string): { message: string; messageSv: string } {
  return {
    message:
      `${type} is given by the ledger itself when it makes a bank file ` +
      '(payments-file, POST /payment-files); no person sends it',
    messageSv:
      `${type} ges bara av reskontran själv när den skapar en bankfil ` +
      '(payments-file, Betalningar till banken → Skapa bankfil); en person kan inte skicka det',
  };
}
