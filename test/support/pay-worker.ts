// A separate OS process that orders claim payments on one grant as fast as it can, for
// the concurrency test. Prints one JSON line per command result.
// usage: pay-worker.ts STORE_URL GRANT_ID WORKER COUNT AMOUNT START_AT_MS
import { CommandHandler } from '../../commands/handler.js';
import { openEventStore } from '../../infra/eventstore/open.js';

const [storeUrl, grantId, worker, count, amount, startAt] = process.argv.slice(2);
if (!storeUrl || !grantId || !worker || !count || !amount || !startAt)
  throw new Error('usage: STORE_URL GRANT_ID WORKER COUNT AMOUNT START_AT_MS');

const store = await openEventStore(storeUrl);
const handler = new CommandHandler({ store, maxAttempts: 50 });
// Both processes start at the same moment, so their appends really race.
await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAt) - Date.now())));
for (let i = 0; i < Number(count); i++) {
  const paymentId = `${worker}-${i}`;
  const result = await handler.handle({
    type: 'PayClaim',
    grantId,
    paymentId,
    claimId: 'claim-1',
    amount,
    orderedOn: '2023-07-25',
    meta: { actor: `${worker}@test`, commandId: `${worker}:${i}` },
  });
  process.stdout.write(
    `${JSON.stringify({ paymentId, ok: result.ok, code: result.ok ? null : result.error.code })}\n`,
  );
}
await store.close();
