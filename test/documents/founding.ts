// What the document suites share: a real server on a SQLite file holding the founding case
// (its "today" 2024-01-15, after every decision the suites record: no date is in the
// future), a GET that keeps a PDF's bytes, and the seed's figures as the letter writes them.
import { afterAll, beforeAll } from '@jest/globals';
import { steppingClock } from '../../commands/clock.js';
import {
  TOKENS,
  loadFoundingCase,
  startTestServer,
  type TestServer,
  type Who,
} from '../http/support.js';

export const SEED_FIGURES = [
  '763 643 kronor',
  '60 %',
  '142 779 kronor',
  '1:1',
  'Förordning (2003:596)',
] as const;

/** Starts the server before the suite's tests and closes it after; call at the suite's top. */
export function foundingCaseServer(): () => TestServer {
  let server: TestServer | undefined;
  beforeAll(async () => {
    server = await startTestServer({ clock: steppingClock('2024-01-15T08:00:00.000Z', 1000) });
    await loadFoundingCase(server);
  });
  afterAll(async () => {
    await server?.close();
  });
  return () => server!;
}

/** GET as `who`, the body kept as bytes (a PDF is not text). */
export async function getBytes(server: TestServer, route: string, who: Who = 'viewer') {
  const response = await fetch(server.url + route, {
    headers: { authorization: `Bearer ${TOKENS[who]}` },
  });
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    bytes: Buffer.from(await response.arrayBuffer()),
  };
}
