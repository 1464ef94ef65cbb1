// `backup FILE`: a consistent copy of a SQLite store while it is in use (interfaces.md),
// through SQLite's online backup API (better-sqlite3's db.backup), then checked with
// verify. Copying ledger.db with cp while the server writes may copy a file without its
// WAL, or half of a commit; the backup API copies pages inside one read transaction, so
// the copy is the store exactly as of one commit (writers go on meanwhile: WAL).
// PostgreSQL and EventStoreDB have their own tools; the verb says which.
import fs from 'node:fs';
import Database from 'better-sqlite3';
import type { Command } from 'commander';
import { postgresTarget } from '../../eventstore/open.js';
import { SqliteEventStore } from '../../eventstore/sqlite.js';
import { verifyStore } from '../../eventstore/verify.js';
import { storeUrlOf, type GlobalOptions } from '../context.js';
import { checkOutputPath, giveName, tempBeside } from '../output-file.js';
import { CliError, EXIT_FAILED, EXIT_USAGE, printJson, writeOut } from '../output.js';

/**
 * Pages per backup step after the first: all of them, so that the copy is taken in one read
 * transaction.
 */
const ALL_PAGES = 2 ** 31 - 1;

/** The advice for stores this verb does not copy itself. */
export function backupAdvice(storeUrl: string): string {
  if (storeUrl.startsWith('postgres://') || storeUrl.startsWith('postgresql://')) {
    const { connectionString, schema } = postgresTarget(storeUrl);
    return (
      `a PostgreSQL store is backed up with pg_dump, consistent while in use: ` +
      `pg_dump --format=custom${schema ? ` --schema=${schema}` : ''} --file=FILE '${connectionString}' ` +
      `(restore: pg_restore --dbname=URL FILE; then grant-ledger verify)`
    );
  }
  if (storeUrl.startsWith('esdb'))
    return "an EventStoreDB store is backed up with EventStoreDB's own backup (copy of the stopped node's index and chunks, or a file-system snapshot)";
  return `only SQLite stores are copied by backup, not ${storeUrl}`;
}

export function registerBackup(program: Command): void {
  program
    .command('backup')
    .description(
      'a consistent online copy of the SQLite store (safe while the server writes), checked with verify',
    )
    .argument('<FILE>', 'the copy to write (must not exist, unless --force)')
    .option('--json', 'print the result as JSON')
    .option('--force', 'replace an existing FILE')
    .action(
      async (file: string, options: { json?: boolean; force?: boolean }, command: Command) => {
        const storeUrl = storeUrlOf(command.optsWithGlobals<GlobalOptions>());
        if (!storeUrl.startsWith('sqlite:'))
          throw new CliError(backupAdvice(storeUrl), 'USE_STORE_TOOLS', EXIT_USAGE);
        let source = storeUrl.slice('sqlite:'.length);
        if (source.startsWith('//')) source = source.slice(2);
        const force = options.force === true;
        // Checked (without following a link) before the store is opened; the copy is made
        // under a temporary name and takes FILE's name only once it is whole and verified.
        await checkOutputPath(file, { force });
        const temp = tempBeside(file);
        let db: Database.Database;
        try {
          db = new Database(source, { readonly: true, fileMustExist: true });
        } catch (error) {
          throw new CliError(
            `there is no SQLite store at ${source} (${(error as Error).message})`,
            'STORE_NOT_FOUND',
            EXIT_USAGE,
          );
        }
        const started = Date.now();
        try {
          await db.backup(temp, { progress: () => ALL_PAGES });
        } catch (error) {
          fs.rmSync(temp, { force: true });
          throw new CliError(
            `the backup to ${file} failed: ${(error as Error).message}`,
            'BACKUP_FAILED',
          );
        } finally {
          db.close();
        }
        // One self-contained file (no -wal beside it); the ledger turns WAL on again when
        // it opens it.
        const written = new Database(temp);
        written.pragma('journal_mode = DELETE');
        written.close();
        // The copy must pass verify, or it is no backup.
        const copy = new SqliteEventStore({ path: temp, readonly: true });
        const report = await verifyStore(copy).finally(() => copy.close());
        await giveName(temp, file, { force }).catch((error: unknown) => {
          fs.rmSync(temp, { force: true });
          throw error;
        });
        const seconds = Number(((Date.now() - started) / 1000).toFixed(1));
        if (options.json) await printJson({ file, ...report, seconds });
        else {
          await writeOut(
            `Backed up ${source} to ${file} (${report.events} events in ${report.streams} streams, ${seconds} s): ` +
              `${report.ok ? 'every hash chain of the copy is intact' : 'a hash chain of the copy is BROKEN'}.\n`,
          );
        }
        if (!report.ok) process.exitCode = EXIT_FAILED;
      },
    );
}
