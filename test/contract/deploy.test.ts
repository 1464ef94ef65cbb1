// deploy/: what can be checked without a container runtime. The compose file parses, its
// three KurrentDB nodes form one TLS cluster with certificates the certs service makes,
// the app instances' store URL is one the EventStoreDB client accepts (three gossip seeds,
// leader preferred, TLS with the cluster's CA), and the proxy sends to both instances.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parseConnectionString } from '@eventstore/db-client/dist/Client/parseConnectionString.js';
import { parse } from 'yaml';
import { ROOT } from '../cli/support.js';

const DEPLOY = path.join(ROOT, 'deploy');
const NODES = ['kurrentdb-1', 'kurrentdb-2', 'kurrentdb-3'];
const APPS = ['app-1', 'app-2'];

interface Service {
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  networks?: Record<string, { ipv4_address?: string }> | string[];
}

function compose(): {
  services: Record<string, Service>;
  secrets: Record<string, { file: string }>;
} {
  return parse(fs.readFileSync(path.join(DEPLOY, 'compose.yaml'), 'utf8'), {
    merge: true,
  }) as never;
}

/** Compose's own interpolation of ${VAR:-default}, with the defaults. */
const withDefaults = (text: string) => text.replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1');

describe('deploy/compose.yaml', () => {
  it(
    'given the compose file, when parsed,' +
      ' then three nodes form one TLS cluster, each seeded with the other two',
    () => {
      const { services } = compose();
      for (const node of NODES) {
        const env = services[node]!.environment!;
        expect(services[node]!.image).toMatch(/kurrentdb:\d/);
        expect(env.KURRENTDB_CLUSTER_SIZE).toBe('3');
        const others = NODES.filter((n) => n !== node).map((n) => `${n}:2113`);
        expect(env.KURRENTDB_GOSSIP_SEED!.split(',').sort()).toEqual(others);
        expect(env.KURRENTDB_TRUSTED_ROOT_CERTIFICATES_PATH).toBe('/certs/ca');
        const n = node.slice(-1);
        expect(env.KURRENTDB_CERTIFICATE_FILE).toBe(`/certs/node${n}/node.crt`);
        expect(env.KURRENTDB_CERTIFICATE_PRIVATE_KEY_FILE).toBe(`/certs/node${n}/node.key`);
        expect(env.KURRENTDB_ADVERTISE_HOST_TO_CLIENT_AS).toBe(node);
        expect(env).not.toHaveProperty('KURRENTDB_INSECURE');
        expect(services[node]!.depends_on).toMatchObject({
          certs: { condition: 'service_completed_successfully' },
        });
        expect(services[node]!.volumes).toContain('certs:/certs:ro');
      }
    },
  );

  it(
    'given the certs service, when read,' +
      ' then the vendor tool makes the CA and a certificate per node naming its host and address',
    () => {
      const { services, secrets } = compose();
      const certs = services.certs!;
      expect(certs.image).toMatch(/^eventstore\/es-gencert-cli:/);
      const script = certs.command!.join('\n').replace(/\\\n\s*/g, '');
      expect(script).toMatch(/es-gencert-cli create-ca -out \.\/ca/);
      expect(script).toMatch(
        new RegExp(
          'es-gencert-cli create-node .*-out \\./node\\$\\$n ' +
            '-ip-addresses 127\\.0\\.0\\.1,172\\.30\\.240\\.1\\$\\$n -dns-names kurrentdb-\\$\\$n',
        ),
      );
      for (const node of NODES) {
        const n = node.slice(-1);
        const networks = services[node]!.networks as Record<string, { ipv4_address: string }>;
        expect(networks.ledger!.ipv4_address).toBe(`172.30.240.1${n}`);
        expect(services[node]!.environment!.KURRENTDB_REPLICATION_IP).toBe(`172.30.240.1${n}`);
      }
      expect(secrets.ledger_tokens!.file).toBe('./tokens.json');
    },
  );

  it(
    'given the app instances, when their store URL is parsed by the EventStoreDB client,' +
      ' then it names three seeds, prefers the leader and trusts the CA',
    () => {
      const { services } = compose();
      for (const app of APPS) {
        const env = services[app]!.environment!;
        const options = parseConnectionString(withDefaults(env.LEDGER_STORE!));
        expect(options.dnsDiscover).toBe(true);
        expect(options.hosts.map((h) => `${h.address}:${h.port}`)).toEqual(
          NODES.map((n) => `${n}:2113`),
        );
        expect(options.nodePreference).toBe('leader');
        expect(options.tls).toBe(true);
        expect(options.tlsCAFile).toBe('/certs/ca/ca.crt');
        expect(options.defaultCredentials).toEqual({ username: 'admin', password: 'changeit' });
        expect(withDefaults(env.LEDGER_READ_STORE!)).toBe(
          'postgres://ledger:ledger@postgres:5432/ledger?schema=read_models',
        );
        expect(env.LEDGER_TOKENS).toBe('/run/secrets/ledger_tokens');
        expect(Object.keys(services[app]!.depends_on!).sort()).toEqual(
          [...NODES, 'postgres'].sort(),
        );
      }
    },
  );

  it(
    'given the proxy, when its configuration is read,' +
      ' then it balances over both app instances',
    () => {
      const { services } = compose();
      expect(services.proxy!.volumes).toContain('./nginx.conf:/etc/nginx/nginx.conf:ro');
      const nginx = fs.readFileSync(path.join(DEPLOY, 'nginx.conf'), 'utf8');
      const upstream = /upstream ledger \{([^}]*)\}/.exec(nginx)![1]!;
      expect([...upstream.matchAll(/server (\S+):3000/g)].map((m) => m[1])).toEqual(APPS);
      expect(nginx).toMatch(/proxy_pass http:\/\/ledger;/);
    },
  );
});
