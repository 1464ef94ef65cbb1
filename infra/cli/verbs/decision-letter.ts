// `decision-letter GRANT_ID [--as-decided] [--out FILE]`: the decision letter as a PDF, as
// amended (default) or as decided (infra/documents/decision-letter.ts).
import type { Command } from 'commander';
import { loadLedgerConfig } from '../../config.js';
import { letterPdf, readDecisionLetter } from '../../documents/documents.js';
import { unknownGrant, withLedger } from '../context.js';
import { CliError } from '../output.js';
import { emitDocument } from './documents-output.js';

export function registerDecisionLetter(program: Command): void {
  program
    .command('decision-letter')
    .description('the decision letter of a grant as a PDF, in Swedish (beslut, with its utdrag)')
    .argument('<GRANT_ID>', 'the grant (diary number)')
    .option('--as-decided', 'the decision as it was taken, without later amendments')
    .option('--out <FILE>', 'write the PDF here (default: stdout, never a terminal)')
    .action(
      async (grantId: string, options: { asDecided?: boolean; out?: string }, command: Command) => {
        const config = loadLedgerConfig();
        await withLedger(command, async (ledger) => {
          const read = await readDecisionLetter(
            ledger,
            grantId,
            options.asDecided ? 'decided' : 'amended',
          );
          if (read.found === 'no-grant') throw unknownGrant(grantId);
          if (read.found === 'no-decision') throw new CliError(read.message, 'INVALID_STATE');
          await emitDocument(await letterPdf(read.letter, config), options.out);
        });
      },
    );
}
