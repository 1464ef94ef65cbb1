// `--peer PATH`: runs a checkout of the Emmett peer benchmark (event-driven-io/emmett's
// SQLite and PostgreSQL stores behind the same 12-command grant workload, sequential, one
// process) right after our own rounds, on the same machine, and reads its report: the
// commands/s of its sqlite-singleton and postgresql set-ups and the raw driver limits it
// measured beside them. The peer is optional; without --peer the bench runs alone.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface PeerFigure {
  /** The peer's name for the set-up: sqlite-singleton or postgresql. */
  store: string;
  commandsPerSec: number;
  /** Its raw limit's name (sqlite3_FULL, pg) and operations/s. */
  rawName: string;
  rawPerSec: number;
}

export interface PeerRun {
  figures: PeerFigure[];
  /** The peer's report, verbatim. */
  report: string;
}

/** The peer's set-ups to compare with, by our store. */
export const PEER_STORES = { sqlite: 'sqlite-singleton', postgres: 'postgresql' } as const;

export function runPeer(
  dir: string,
  grants: number,
  stores: readonly string[],
  log: (line: string) => void,
): PeerRun {
  const root = path.resolve(dir);
  if (
    !fs.existsSync(path.join(root, 'bench.ts')) ||
    !fs.existsSync(path.join(root, 'node_modules'))
  ) {
    throw new Error(
      `--peer ${dir}: no installed peer benchmark there (bench.ts and node_modules; run npm install in it first)`,
    );
  }
  log(`[peer] ${root}: STORES=${stores.join(',')} GRANTS=${grants} RUNS=1`);
  const child = spawnSync(process.execPath, ['--import', 'tsx', 'bench.ts'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
    env: {
      ...process.env,
      STORES: stores.join(','),
      GRANTS: String(grants),
      RUNS: '1',
      RAW: String(Math.max(500, grants * 12)),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (child.status !== 0)
    throw new Error(`the peer benchmark failed (exit ${String(child.status)}):\n${child.stdout}`);
  return { figures: parsePeerReport(child.stdout), report: child.stdout.trim() };
}

/**
 * The rows of the peer's Markdown table: | store | commands/s | raw limit (driver) | raw ops/s | …
 */
export function parsePeerReport(report: string): PeerFigure[] {
  const figures: PeerFigure[] = [];
  for (const line of report.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length < 6 || !/^\d+$/.test(cells[2] ?? '')) continue;
    figures.push({
      store: cells[1]!,
      commandsPerSec: Number(cells[2]),
      rawName: cells[3]!,
      rawPerSec: Number(cells[4]),
    });
  }
  return figures;
}
