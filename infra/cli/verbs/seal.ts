// `seal [--out FILE]`: seals the whole ledger (domain.md "Seals"), records the seal in the
// stream `seals` and hands it over (a file, or stdout) to be kept outside the ledger.
// Signed with Ed25519 when LEDGER_SEAL_KEY names a private key (PEM).
// `seal-key --out FILE`: makes such a key (FILE, private, mode 0600) and FILE.pub.
import fs from 'node:fs';
import type { Command } from 'commander';
import {
  configuredSealKey,
  newSealKeyPair,
  SealKeyError,
  sealFileText,
} from '../../eventstore/seal.js';
import { withLedger } from '../context.js';
import { usageError, writeOut } from '../output.js';
import { checkOutputPath, writeOutputFile } from '../output-file.js';

/** LEDGER_SEAL_KEY's key; a key that cannot be read is a usage error (exit 2). */
export function sealKeyFromEnvironment() {
  try {
    return configuredSealKey();
  } catch (error) {
    if (error instanceof SealKeyError) throw usageError(`LEDGER_SEAL_KEY: ${error.message}`);
    throw error;
  }
}

/** Writes a new file, never over an existing one (a seal or a key is not silently replaced). */
function writeNew(file: string, text: string, mode = 0o644): void {
  try {
    fs.writeFileSync(file, text, { flag: 'wx', mode });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw usageError(
      `cannot write ${file}: ${code === 'EEXIST' ? 'it exists already (nothing is overwritten)' : (code ?? (error as Error).message)}`,
    );
  }
}

export function registerSeal(program: Command): void {
  program
    .command('seal')
    .description(
      'seal the whole ledger (signed when LEDGER_SEAL_KEY names an Ed25519 key) and record the seal in the stream `seals`',
    )
    .option('--out <FILE>', 'write the seal to FILE (default: print it)')
    .option('--force', 'let --out replace an existing file')
    .option('--actor <NAME>', 'who seals (recorded with the seal)', 'grant-ledger')
    .action(async (options: { out?: string; force?: boolean; actor: string }, command: Command) => {
      const key = sealKeyFromEnvironment();
      const force = options.force === true;
      if (options.out !== undefined) await checkOutputPath(options.out, { force });
      const seal = await withLedger(command, (ledger) => ledger.seal(options.actor, key));
      if (options.out === undefined) return writeOut(sealFileText(seal));
      await writeOutputFile(options.out, sealFileText(seal), { force });
      await writeOut(
        `Sealed ${seal.streams} stream${seal.streams === 1 ? '' : 's'} and ${seal.events} event${seal.events === 1 ? '' : 's'} at position ${seal.position} ` +
          `(root ${seal.root}, ${seal.signature ? 'signed' : 'unsigned: set LEDGER_SEAL_KEY to sign'}) into ${options.out}.\n`,
      );
    });

  program
    .command('seal-key')
    .description(
      'make an Ed25519 seal key: FILE (private, for LEDGER_SEAL_KEY) and FILE.pub (for auditors)',
    )
    .requiredOption(
      '--out <FILE>',
      'where to write the private key (PEM); the public key goes to FILE.pub',
    )
    .action(async (options: { out: string }) => {
      const pair = newSealKeyPair();
      if (fs.existsSync(`${options.out}.pub`))
        throw usageError(
          `cannot write ${options.out}.pub: it exists already (nothing is overwritten)`,
        );
      writeNew(options.out, pair.privateKey, 0o600);
      writeNew(`${options.out}.pub`, pair.publicKey);
      await writeOut(
        `Wrote an Ed25519 seal key to ${options.out} (keep it secret; LEDGER_SEAL_KEY=${options.out} signs seals) ` +
          `and its public key to ${options.out}.pub (give it to whoever checks seals: verify --seal FILE --public-key ${options.out}.pub).\n`,
      );
    });
}
