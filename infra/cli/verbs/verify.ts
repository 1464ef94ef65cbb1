// `verify [--seal FILE] [--public-key FILE] [--json]`: recomputes every hash chain, holds the
// ledger against the newest seal in its own `seals` stream (domain.md "Seals") and, with a
// seal file, checks that nothing sealed in it was cut off or replaced. Exit 0 intact, 1 broken
// (naming each stream), 2 when the store or the seal file is not there. The store is
// opened read-only: verify never creates or changes one (it works on a read-only copy).
import fs from 'node:fs';
import type { KeyObject } from 'node:crypto';
import type { Command } from 'commander';
import {
  checkSeal,
  configuredSealKey,
  parseSeal,
  readSealKey,
  SealKeyError,
  type SealCheck,
  type SealProblem,
} from '../../eventstore/seal.js';
import { verifyLedger, type LedgerVerifyReport } from '../../eventstore/verify.js';
import { withReadOnlyStore } from '../context.js';
import {
  CliError,
  EXIT_FAILED,
  EXIT_OK,
  EXIT_USAGE,
  printError,
  printJson,
  usageError,
  writeOut,
} from '../output.js';
import type { Seal } from '../../eventstore/seal.js';

function readSealFile(file: string): Seal {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw usageError(
      `cannot read the seal ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
    );
  }
  const seal = parseSeal(text);
  if ('error' in seal)
    throw new CliError(`${file} is not a seal: ${seal.error}`, 'INVALID_SEAL', EXIT_USAGE);
  return seal;
}

/** The key a seal must be signed by: --public-key, else the public half of LEDGER_SEAL_KEY. */
function trustedKey(publicKeyFile: string | undefined): KeyObject | undefined {
  try {
    return publicKeyFile !== undefined ? readSealKey(publicKeyFile, 'public') : configuredSealKey();
  } catch (error) {
    if (error instanceof SealKeyError) throw usageError(error.message);
    throw error;
  }
}

function problemSentence(p: SealProblem): string {
  if (p.kind === 'removed')
    return `stream ${p.streamId} was removed: the seal holds it up to revision ${p.sealedRevision}`;
  if (p.kind === 'cut-short')
    return `stream ${p.streamId} was cut short: the seal holds it up to revision ${p.sealedRevision}, it now ends at revision ${p.lastRevision}`;
  return `stream ${p.streamId} was replaced: its revision ${p.sealedRevision} no longer has the sealed hash`;
}

function sealSummary(check: SealCheck): string {
  if (!check.ok) return `The seal of ${check.sealedAt} does NOT hold.\n`;
  const signed =
    check.signature === 'valid'
      ? check.keyPinned
        ? 'signed by the configured key'
        : 'signed by the key it names (no key configured here to pin it: pass --public-key)'
      : 'unsigned';
  return `The seal of ${check.sealedAt} holds: every sealed stream is there with its sealed hash (${signed}).\n`;
}

/** Which recorded seal the ledger was held against, what it found, and what it cannot see. */
function newestSealSummary(report: LedgerVerifyReport): string {
  const seal = report.newestSeal;
  if (!seal) return `${report.note}\n`;
  const which = `the newest seal in the ledger (sealed ${seal.sealedAt}, position ${seal.position}, root ${seal.root})`;
  const verdict = seal.ok
    ? `Held against ${which}: every sealed stream is there with its sealed hash.`
    : `Held against ${which}: it does NOT hold.`;
  return `${verdict}\n${report.note}\n`;
}

function printSealErrors(check: SealCheck): void {
  if (check.signature === 'invalid')
    printError("the seal's signature does not match its fields", 'SEAL_SIGNATURE_INVALID');
  if (check.signature === 'other-key')
    printError('the seal was signed by another key than the configured one', 'SEAL_KEY_MISMATCH');
  if (check.signature === 'unsigned' && check.keyPinned)
    printError('the seal is not signed, but a seal key is configured', 'SEAL_UNSIGNED');
  if (check.inconsistent)
    printError(`the seal was altered: ${check.inconsistent}`, 'SEAL_INCONSISTENT');
  for (const p of check.problems) printError(problemSentence(p), 'SEAL_BROKEN');
}

export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description(
      'recompute every hash chain (and, with --seal, check nothing sealed was cut off); exit 0 intact, 1 broken',
    )
    .option('--seal <FILE>', 'a seal (from `seal` or GET /seals) to check the store against')
    .option(
      '--public-key <FILE>',
      'the Ed25519 public key (PEM) the seal must be signed by (default: that of LEDGER_SEAL_KEY)',
    )
    .option('--json', 'print the report as JSON')
    .action(
      async (options: { seal?: string; publicKey?: string; json?: boolean }, command: Command) => {
        const seal = options.seal !== undefined ? readSealFile(options.seal) : undefined;
        const trusted = trustedKey(options.publicKey);
        const { report, sealCheck } = await withReadOnlyStore(command, async (store) => ({
          report: await verifyLedger(store, trusted),
          sealCheck: seal ? await checkSeal(store, seal, trusted) : undefined,
        }));
        const ok = report.ok && (sealCheck?.ok ?? true);
        if (options.json) await printJson(sealCheck ? { ...report, ok, seal: sealCheck } : report);
        else {
          await writeOut(
            `Checked ${report.streams} stream${report.streams === 1 ? '' : 's'} and ${report.events} event${report.events === 1 ? '' : 's'}: ${report.firstBreak ? 'a hash chain is BROKEN' : 'every hash chain is intact'}.\n`,
          );
          await writeOut(newestSealSummary(report));
          if (sealCheck) await writeOut(sealSummary(sealCheck));
        }
        if (report.firstBreak) {
          const b = report.firstBreak;
          printError(
            `the hash chain of stream ${b.streamId} is broken at revision ${b.revision}: ${b.reason}`,
            'CHAIN_BROKEN',
          );
        }
        for (const p of report.newestSeal?.problems ?? [])
          printError(problemSentence(p), 'SEAL_BROKEN');
        if (report.newestSeal?.inconsistent)
          printError(
            `the newest recorded seal was altered: ${report.newestSeal.inconsistent}`,
            'SEAL_INCONSISTENT',
          );
        if (sealCheck) printSealErrors(sealCheck);
        process.exitCode = ok ? EXIT_OK : EXIT_FAILED;
      },
    );
}
