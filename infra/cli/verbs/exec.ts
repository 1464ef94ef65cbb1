// `exec [FILE|-]`: commands as JSON Lines in, one JSON result line per command out.
// Lines are handled one at a time, in order, so a file of any size streams through.
import fs from 'node:fs';
import readline from 'node:readline';
import type { Command } from 'commander';
import type { HandleOptions, HandleResult } from '../../../commands/handler.js';
import { normalActor } from '../../../domain/actor.js';
import type { Principal } from '../../auth/principal.js';
import { commandProblem } from '../../http/write-routes.js';
import {
  INTERNAL_COMMAND,
  internalCommandRefusal,
  isInternalCommand,
} from '../../internal-commands.js';
import { withLedger } from '../context.js';
import { CliError, EXIT_FAILED, EXIT_OK, EXIT_USAGE, usageError, writeOut } from '../output.js';
import { signedInPrincipal } from '../signed-in.js';

export type ExecLine =
  | { ok: true; commandId: string; events: { type: string; position: number }[] }
  | { ok: false; error: { code: string; message: string; path: string } };

export function execLineOf(result: HandleResult): ExecLine {
  if (result.ok)
    return {
      ok: true,
      commandId: result.commandId,
      events: result.events.map((e) => ({ type: e.type, position: e.position })),
    };
  return {
    ok: false,
    error: { code: result.error.code, message: result.error.message, path: result.error.path },
  };
}

async function openInput(file: string | undefined): Promise<NodeJS.ReadableStream> {
  if (file === undefined || file === '-') return process.stdin;
  try {
    const stat = await fs.promises.stat(file);
    if (stat.isDirectory())
      throw new CliError(`${file} is a directory, not a JSON Lines file`, 'USAGE', EXIT_USAGE);
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
      'USAGE',
      EXIT_USAGE,
    );
  }
  return fs.createReadStream(file, { encoding: 'utf8' });
}

/**
 * Who the commands are recorded as. Signed in (login, LEDGER_TOKEN): always that person, as
 * over HTTP, and --actor may only name them; otherwise --actor for lines that name nobody.
 */
async function actingAs(
  actorOption: string | undefined,
): Promise<{ options: HandleOptions; principal?: Principal }> {
  const principal = await signedInPrincipal();
  if (!principal)
    return { options: actorOption !== undefined ? { defaultActor: actorOption } : {} };
  if (actorOption !== undefined && normalActor(actorOption) !== principal.actor)
    throw usageError(`signed in as ${principal.actor}: --actor cannot name another person`);
  return { options: { actor: principal.actor }, principal };
}

export function registerExec(program: Command): void {
  program
    .command('exec')
    .description(
      'run commands from JSON Lines (a file, or stdin when FILE is - or absent); prints one JSON result line per command',
    )
    .argument('[FILE]', 'JSON Lines file, or - for stdin')
    .option('--actor <NAME>', 'the actor for commands whose meta names none')
    .action(async (file: string | undefined, options: { actor?: string }, command: Command) => {
      const input = await openInput(file);
      const acting = await actingAs(options.actor);
      const rejected = await withLedger(command, async (ledger) => {
        let anyRejected = false;
        const lines = readline.createInterface({ input, crlfDelay: Infinity });
        let lineNumber = 0;
        for await (const line of lines) {
          lineNumber += 1;
          const text = lineNumber === 1 ? line.replace(/^\uFEFF/, '') : line;
          if (text.trim() === '') continue;
          let out: ExecLine;
          let raw: unknown;
          try {
            raw = JSON.parse(text);
          } catch (error) {
            out = {
              ok: false,
              error: {
                code: 'INVALID_INPUT',
                message: `line ${lineNumber} is not JSON: ${(error as Error).message}`,
                path: '',
              },
            };
            anyRejected = true;
            await writeOut(`${JSON.stringify(out)}\n`);
            continue;
          }
          if (isInternalCommand((raw as { type?: unknown } | null)?.type)) {
            const type = (raw as { type: string }).type;
            const { messageSv } = internalCommandRefusal(type);
            out = {
              ok: false,
              error: { code: INTERNAL_COMMAND, message: messageSv, path: 'type' },
            };
            anyRejected = true;
            await writeOut(`${JSON.stringify(out)}\n`);
            continue;
          }
          // Signed in, a line is checked against the person's roles as POST /commands is.
          const problem = acting.principal && commandProblem(raw, acting.principal);
          if (problem) {
            const { code, message, path } = problem;
            anyRejected = true;
            await writeOut(`${JSON.stringify({ ok: false, error: { code, message, path } })}\n`);
            continue;
          }
          try {
            out = execLineOf(await ledger.execute(raw, acting.options));
          } catch (error) {
            // A fault, not a rejection (the store refused, say): reported on its line, and the
            // lines after it still run — one bad line never stops a file.
            out = {
              ok: false,
              error: {
                code: 'INTERNAL_ERROR',
                message: `line ${lineNumber}: ${(error as Error).message}`,
                path: '',
              },
            };
          }
          if (!out.ok) anyRejected = true;
          await writeOut(`${JSON.stringify(out)}\n`);
        }
        return anyRejected;
      });
      process.exitCode = rejected ? EXIT_FAILED : EXIT_OK;
    });
}
