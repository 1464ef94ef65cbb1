// A separate OS process that sends commands given as JSON Lines on its argument list at
// one agreed moment, for the tests of races between processes. Prints one JSON line per
// result: {ok, positions, code}.
// usage: command-worker.ts STORE_URL START_AT_MS COMMANDS_JSON
import { CommandHandler } from '../../commands/handler.js';
import { openEventStore } from '../../infra/eventstore/open.js';

const [storeUrl, startAt, commandsJson] = process.argv.slice(2);
if (!storeUrl || !startAt || !commandsJson)
  throw new Error('usage: STORE_URL START_AT_MS COMMANDS_JSON');

const store = await openEventStore(storeUrl);
const handler = new CommandHandler({ store, maxAttempts: 50 });
await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAt) - Date.now())));
for (const command of JSON.parse(commandsJson) as unknown[]) {
  const result = await handler.handle(command);
  const line = result.ok
    ? { ok: true, positions: result.events.map((e) => e.position), code: null }
    : { ok: false, positions: [], code: result.error.code };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}
await store.close();
