// A PostgreSQL cluster of a test's own (initdb + pg_ctl on a free port, in a temporary
// folder), so that a test may crash and restart the database under a running server
// without touching the shared one. As root the binaries run as the `postgres` user, since
// PostgreSQL refuses to run as root.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT_BIN = '/usr/lib/postgresql';

export interface PrivatePostgres {
  /** postgres://ledger:PASSWORD@127.0.0.1:PORT/postgres */
  url: string;
  password: string;
  /** Kills the server as a crash would (`pg_ctl stop -m immediate`). */
  crash(): Promise<void>;
  start(): Promise<void>;
  dispose(): Promise<void>;
}

/** The newest installed PostgreSQL's bin folder, or why there is none. */
export function postgresBin(): { bin: string } | { skip: string } {
  const versions = fs.existsSync(ROOT_BIN)
    ? fs
        .readdirSync(ROOT_BIN)
        .filter((v) => fs.existsSync(path.join(ROOT_BIN, v, 'bin', 'initdb')))
        .sort((a, b) => Number(a) - Number(b))
    : [];
  const newest = versions.at(-1);
  if (!newest) return { skip: `no PostgreSQL install (no ${ROOT_BIN}/<version>/bin/initdb)` };
  const isRoot = process.getuid?.() === 0;
  if (isRoot && !fs.existsSync('/usr/sbin/runuser'))
    return { skip: 'running as root without runuser to start PostgreSQL as its own user' };
  return { bin: path.join(ROOT_BIN, newest, 'bin') };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function startPrivatePostgres(bin: string): Promise<PrivatePostgres> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grant-ledger-pg-'));
  const data = path.join(dir, 'data');
  const password = `pw-${Math.random().toString(36).slice(2)}-hemligt`;
  const pwfile = path.join(dir, 'pwfile');
  fs.writeFileSync(pwfile, `${password}\n`);
  const isRoot = process.getuid?.() === 0;
  if (isRoot) fs.chownSync(dir, ...postgresIds());
  if (isRoot) fs.chownSync(pwfile, ...postgresIds());
  const as = (tool: string, args: string[]) =>
    isRoot
      ? run('/usr/sbin/runuser', ['-u', 'postgres', '--', path.join(bin, tool), ...args])
      : run(path.join(bin, tool), args);
  await as('initdb', [
    '-D',
    data,
    '-U',
    'ledger',
    `--pwfile=${pwfile}`,
    '-A',
    'scram-sha-256',
    '--no-sync',
  ]);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=40`;
  const start = async () => {
    await as('pg_ctl', ['-D', data, '-o', options, '-l', path.join(dir, 'log'), '-w', 'start']);
  };
  await start();
  return {
    url: `postgres://ledger:${password}@127.0.0.1:${port}/postgres`,
    password,
    start,
    async crash() {
      await as('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    },
    async dispose() {
      await as('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function postgresIds(): [number, number] {
  const line = fs
    .readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  const [, , uid, gid] = (line ?? '').split(':');
  if (uid === undefined || gid === undefined) throw new Error('no postgres user');
  return [Number(uid), Number(gid)];
}
