// The bench's --peer option: the peer's report is read back into figures, and the option
// is parsed (the bench runs alone without it).
import { describe, expect, it } from '@jest/globals';
import { parseArgs } from '../../bench/args.js';
import { parsePeerReport } from '../../bench/peer.js';

const REPORT = `Emmett benchmark: 500 grants x 12 commands = 6000 commands/run, median of 1 runs
machine: 2 cores (AMD EPYC), 24 GiB, node v20.20.2

| store | commands/s | raw limit (driver) | raw ops/s | commands/raw | replay events/s | peak RSS MiB (ru_maxrss after commands) |
|---|---|---|---|---|---|---|
| sqlite-singleton | 1277 | sqlite3_FULL | 6599 | 0.194 | 50000 | 120 |
| postgresql | 960 | pg | 3771 | 0.255 | 40000 | 130 |

SQLite raw single-row transactional inserts/s (median over all SQLite runs; Emmett's connection runs synchronous=2):
- sqlite3_FULL: 6599`;

describe('bench --peer', () => {
  it('given the peer report, when read, then each set-up gives its commands/s and its raw limit', () => {
    expect(parsePeerReport(REPORT)).toEqual([
      { store: 'sqlite-singleton', commandsPerSec: 1277, rawName: 'sqlite3_FULL', rawPerSec: 6599 },
      { store: 'postgresql', commandsPerSec: 960, rawName: 'pg', rawPerSec: 3771 },
    ]);
  });

  it('given --peer PATH, then the bench runs the peer there; without it, no peer', () => {
    expect(parseArgs(['--peer', '/somewhere/emmett-bench'], {}).peer).toBe(
      '/somewhere/emmett-bench',
    );
    expect(parseArgs([], {}).peer).toBeUndefined();
    expect(() => parseArgs(['--peer'], {})).toThrow(/--peer needs/);
  });
});
