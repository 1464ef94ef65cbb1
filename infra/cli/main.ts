#!/usr/bin/env node
// Entry point of `grant-ledger` (bin/grant-ledger.js imports the compiled dist/infra/cli/main.js).
import { runCli } from './program.js';

// A closed pipe (`grant-ledger export | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await runCli(process.argv);
