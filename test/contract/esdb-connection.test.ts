// The EventStoreDB connection string as the store reads it (esdb-connection.ts), and the
// server version it accepts (esdb-server-version.ts): every seed of a cluster asked,
// credentials from the environment or a certificate and never shown, settings that would
// do nothing or weaken the store refused. The last cases open the real client against a
// port where nothing listens.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { jest } from '@jest/globals';
import { EsdbEventStore } from '../../infra/eventstore/esdb.js';
import { openEsdbClient, parseEsdbUrl } from '../../infra/eventstore/esdb-connection.js';
import {
  checkServerVersion,
  isSupportedVersion,
} from '../../infra/eventstore/esdb-server-version.js';

const env = {} as NodeJS.ProcessEnv;

describe('EventStoreDB connection strings: cluster forms', () => {
  it('given esdb+discover with three nodes, when parsed, then all three are gossip seeds (not only the first)', () => {
    const { settings } = parseEsdbUrl(
      'esdb+discover://n1:2113,n2:2114,n3?tlsCAFile=/dev/null',
      env,
    );
    expect(settings).toMatchObject({
      endpoints: [
        { address: 'n1', port: 2113 },
        { address: 'n2', port: 2114 },
        { address: 'n3', port: 2113 },
      ],
      nodePreference: 'leader',
    });
  });

  it('given esdb:// with three nodes, or esdb+discover with one DNS name, when parsed, then seeds or DNS discovery', () => {
    expect(parseEsdbUrl('esdb://n1:2113,n2:2113,n3:2113', env).settings).toMatchObject({
      endpoints: [{ address: 'n1' }, { address: 'n2' }, { address: 'n3' }],
    });
    expect(parseEsdbUrl('esdb+discover://cluster.example.org:2113', env).settings).toMatchObject({
      discover: { address: 'cluster.example.org', port: 2113 },
    });
    expect(parseEsdbUrl('esdb://localhost:2113?tls=false', env).settings).toEqual({
      endpoint: { address: 'localhost', port: 2113 },
    });
  });

  it('given the connection string of deploy/compose.yaml, when parsed, then three TLS seeds with its CA and the admin credentials', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esdb-ca-'));
    fs.writeFileSync(path.join(dir, 'ca.crt'), 'ca');
    const c = parseEsdbUrl(
      'esdb+discover://admin:changeit@kurrentdb-1:2113,kurrentdb-2:2113,kurrentdb-3:2113' +
        `?tls=true&tlsCAFile=${dir}/ca.crt&nodePreference=leader`,
      env,
    );
    expect(c.settings).toMatchObject({ endpoints: [{}, {}, {}], nodePreference: 'leader' });
    expect(c.channel).toMatchObject({ insecure: false });
    expect(c.credentials).toEqual({ username: 'admin', password: 'changeit' });
    fs.rmSync(dir, { recursive: true });
  });

  it('given the ledger settings retryBudgetMs and maxAppendSize, when parsed, then they tune the store and are not passed to the client', () => {
    const c = parseEsdbUrl(
      'esdb://n1,n2,n3?retryBudgetMs=30000&maxAppendSize=524288&gossipTimeout=3',
      env,
    );
    expect(c.retry.budgetMs).toBe(30_000);
    expect(c.maxAppendSize).toBe(524_288);
    expect(c.settings).toMatchObject({ gossipTimeout: 3 });
    expect(c.settings).not.toHaveProperty('retryBudgetMs');
    expect(parseEsdbUrl('esdb://n1', env).retry.budgetMs).toBe(20_000);
  });
});

describe('EventStoreDB connection strings: credentials and TLS', () => {
  it('given a password in the URL and a bad setting, when parsed, then the error names the setting and shows the password as ***', () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const attempt = (): unknown =>
        parseEsdbUrl('esdb://admin:changeit@n1:2113,n2:2113?tlsverifycert=false', env);
      expect(attempt).toThrow('esdb://admin:***@n1:2113,n2:2113?tlsverifycert=false');
      expect(attempt).toThrow('tlsVerifyCert is not supported');
      expect(attempt).not.toThrow(/changeit/);
      expect(() => parseEsdbUrl('esdb://admin:changeit@n1?colour=blue', env)).toThrow(
        'unknown setting "colour"',
      );
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });

  it('given credentials in the environment, when parsed, then they are used; one of the two alone is refused', () => {
    const both = { LEDGER_ESDB_USERNAME: 'ledger', LEDGER_ESDB_PASSWORD: 's3cret' };
    expect(parseEsdbUrl('esdb://n1', both).credentials).toEqual({
      username: 'ledger',
      password: 's3cret',
    });
    expect(() => parseEsdbUrl('esdb://n1', { LEDGER_ESDB_USERNAME: 'ledger' })).toThrow(
      'must be set together',
    );
  });

  it('given a user certificate and the CA in files, when parsed, then their contents go to the channel; a missing file is named', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esdb-certs-'));
    for (const f of ['ca.crt', 'user.crt', 'user.key']) fs.writeFileSync(path.join(dir, f), f);
    const c = parseEsdbUrl(`esdb://n1?tlsCAFile=${dir}/ca.crt`, {
      LEDGER_ESDB_USER_CERT_FILE: `${dir}/user.crt`,
      LEDGER_ESDB_USER_KEY_FILE: `${dir}/user.key`,
    });
    expect(c.channel.rootCertificate?.toString()).toBe('ca.crt');
    expect(c.channel.userCertFile?.toString()).toBe('user.crt');
    expect(c.channel.userKeyFile?.toString()).toBe('user.key');
    expect(() => parseEsdbUrl(`esdb://n1?tlsCAFile=${dir}/none.crt`, env)).toThrow(
      `tlsCAFile ${dir}/none.crt cannot be read`,
    );
    fs.rmSync(dir, { recursive: true });
  });

  it('given tls=false, when the host is another machine, then it is refused unless explicitly allowed; loopback is fine', () => {
    expect(() => parseEsdbUrl('esdb://eventstore:2113?tls=false', env)).toThrow(
      'tls=false towards another machine is refused',
    );
    expect(() => parseEsdbUrl('esdb://127.0.0.1:2113,db2:2113?tls=false', env)).toThrow('refused');
    const allowed = { LEDGER_ESDB_ALLOW_INSECURE: 'true' };
    expect(parseEsdbUrl('esdb://eventstore:2113?tls=false', allowed).channel.insecure).toBe(true);
    expect(parseEsdbUrl('esdb://localhost:2113?tls=false', env).channel.insecure).toBe(true);
    expect(parseEsdbUrl('esdb://[::1]:2113?tls=false', env).channel.insecure).toBe(true);
  });

  it('given throwOnAppendFailure=false, when parsed, then it is refused (conflicts would look like successes)', () => {
    expect(() => parseEsdbUrl('esdb://n1?throwOnAppendFailure=false', env)).toThrow(
      'throwOnAppendFailure=false is refused',
    );
  });
});

describe('EventStoreDB server versions', () => {
  it('given server versions, when checked, then 22.6 and later pass and older or unknown ones are refused by name', async () => {
    for (const v of ['22.6.0.0', '22.10.5.0', '23.10.1', '24.10.4.0', '25.0.0']) {
      expect(isSupportedVersion(v)).toBe(true);
    }
    for (const v of ['21.10.9.0', '22.2.0.0', '20.10.5', 'unknown']) {
      expect(isSupportedVersion(v)).toBe(false);
    }
    const server = (serverVersion: string): object => ({
      capabilities: Promise.resolve({ serverVersion }),
    });
    await expect(checkServerVersion(server('24.10.4.0'))).resolves.toBe('24.10.4.0');
    await expect(checkServerVersion(server('21.10.9.0'))).rejects.toThrow(
      'EventStoreDB 21.10.9.0 is not supported: the ledger needs 22.6 or later',
    );
    await expect(checkServerVersion(server('unknown'))).rejects.toThrow('older than 21.10');
  });
});

describe('EventStoreDB connection: the real client', () => {
  it('given the real client towards a port where nothing listens, with credentials in the URL, when the store connects, then it fails within its retry budget and neither the error nor any warning holds the password', async () => {
    // given
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const url = 'esdb://admin:changeit@127.0.0.1:9?tls=false&retryBudgetMs=600&defaultDeadline=300';
    try {
      // when
      const started = Date.now();
      const error = await EsdbEventStore.connect(url).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      // then
      expect(error).toBeInstanceOf(Error);
      expect(String(error!.message)).not.toMatch(/changeit/);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(JSON.stringify(warn.mock.calls)).not.toMatch(/changeit/);
    } finally {
      warn.mockRestore();
    }
  });

  it('given a three-seed cluster string, when the real client is built, then it is made without printing anything', () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const { client } = openEsdbClient(
        'esdb+discover://admin:changeit@n1:2113,n2:2113,n3:2113?tlsCAFile=/dev/null',
        env,
      );
      expect(client).toBeDefined();
      expect(warn).not.toHaveBeenCalled();
      void client.dispose();
    } finally {
      warn.mockRestore();
    }
  });

  it('given esdb+discover with a first seed that is down, when the store connects, then the client asks the other seeds too', async () => {
    // given: the first seed refuses connections; the second is a listener that counts them
    let contacted = 0;
    const seed = net.createServer((socket) => {
      contacted += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => seed.listen(0, '127.0.0.1', resolve));
    const port = (seed.address() as net.AddressInfo).port;
    const url =
      `esdb+discover://127.0.0.1:9,127.0.0.1:${port}?tls=false` +
      '&maxDiscoverAttempts=2&discoveryInterval=10&gossipTimeout=1&retryBudgetMs=300';
    try {
      // when
      const error = await EsdbEventStore.connect(url).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      // then
      expect(error?.message).toMatch(/Failed to discover/);
      expect(contacted).toBeGreaterThan(0);
    } finally {
      seed.close();
    }
  });
});
