// The EventStoreDB connection string, read here rather than by the client, so that
// (1) every node of `esdb+discover://n1,n2,n3` is asked for the cluster's members (the
// client's own parser keeps only the first, and start-up and rediscovery then fail
// while that node is down), (2) no message or log line ever holds a password (the
// client's parser prints the whole string for an unknown key and in its parse errors),
// and (3) settings that would silently do nothing or weaken the store are refused:
// `tlsVerifyCert` (which client 6 ignores), `throwOnAppendFailure=false` (appends would
// "succeed" on a conflict), unknown keys, and `tls=false` towards another machine.
//
// Forms:
//   esdb://node1:2113,node2:2113,node3:2113?tlsCAFile=/etc/ledger/ca.crt   (gossip seeds)
//   esdb+discover://cluster.example.org:2113?tlsCAFile=…                     (DNS name)
//   esdb://localhost:2113?tls=false                                           (one dev node)
// Credentials come from LEDGER_ESDB_USERNAME and LEDGER_ESDB_PASSWORD, or from an X.509
// user certificate (userCertFile and userKeyFile, or LEDGER_ESDB_USER_CERT_FILE and
// LEDGER_ESDB_USER_KEY_FILE); user info in the URL still works but is shown as `***`.
// The ledger's own settings: retryBudgetMs (how long a call is retried through a
// failover, default 20000) and maxAppendSize (the server's MaxAppendSize, default 1 MiB).
import fs from 'node:fs';
import path from 'node:path';
import esdb from '@eventstore/db-client';
import type {
  ChannelCredentialOptions,
  DNSClusterOptions,
  GossipClusterOptions,
  SingleNodeOptions,
} from '@eventstore/db-client';
import { CALL_RETRY, type RetryTuning } from './esdb-client.js';
import { DEFAULT_MAX_APPEND_SIZE } from './esdb-records.js';
import { displayUrl } from '../redact.js';

const { EventStoreDBClient } = esdb;

type Settings = DNSClusterOptions | GossipClusterOptions | SingleNodeOptions;
type EndPoint = { address: string; port: number };

/** A connection string the store will not use; the message never holds a password. */
export class EsdbConnectionError extends Error {
  constructor(url: string, reason: string) {
    super(`EventStoreDB connection string ${displayUrl(url)}: ${reason}`);
    this.name = 'EsdbConnectionError';
  }
}

export interface EsdbConnection {
  settings: Settings;
  channel: ChannelCredentialOptions;
  credentials?: { username: string; password: string };
  retry: RetryTuning;
  maxAppendSize: number;
}

const NUMBER_KEYS = [
  'maxDiscoverAttempts',
  'discoveryInterval',
  'gossipTimeout',
  'defaultDeadline',
  'keepAliveInterval',
  'keepAliveTimeout',
] as const;
const OTHER_KEYS = [
  'nodePreference',
  'tls',
  'tlsCAFile',
  'userCertFile',
  'userKeyFile',
  'connectionName',
  'throwOnAppendFailure',
  'tlsVerifyCert',
  'retryBudgetMs',
  'maxAppendSize',
] as const;
type Key = (typeof NUMBER_KEYS)[number] | (typeof OTHER_KEYS)[number];
/** Keys as the client matches them: case, '-' and '_' do not matter. */
const KEYS = new Map<string, Key>(
  [...NUMBER_KEYS, ...OTHER_KEYS].map((k) => [k.toLowerCase().replace(/[-_]/g, ''), k]),
);
const NODE_PREFERENCES = ['leader', 'follower', 'random', 'read_only_replica'];

/** Parses and checks a connection string (see the top of this file). */
export function parseEsdbUrl(url: string, env: NodeJS.ProcessEnv): EsdbConnection {
  const fail = (reason: string): never => {
    throw new EsdbConnectionError(url, reason);
  };
  const scheme = /^(esdb|esdb\+discover):\/\//i.exec(url.trim());
  if (!scheme) return fail('use esdb://host:port,… or esdb+discover://host:port');
  const rest = url.trim().slice(scheme[0].length);
  const [authority = '', query = ''] = splitOnce(rest, '?');
  const at = authority.lastIndexOf('@');
  const userInfo = at >= 0 ? authority.slice(0, at) : undefined;
  const hosts = parseHosts(authority.slice(at + 1).replace(/\/+$/, ''), fail);
  const params = parseQuery(query, fail);
  const tls = params.get('tls') !== 'false';
  if (!tls && !hosts.every(isLoopback) && env.LEDGER_ESDB_ALLOW_INSECURE !== 'true')
    fail(
      'tls=false towards another machine is refused: an insecure EventStoreDB checks no ' +
        'credentials at all. Use TLS, or set LEDGER_ESDB_ALLOW_INSECURE=true to allow it',
    );
  const discover = scheme[1]!.toLowerCase() === 'esdb+discover';
  const settings = clientSettings(discover, hosts, params, fail);
  const credentials = userCredentials(userInfo, env, fail);
  const retryBudget = numberParam(params, 'retryBudgetMs', fail);
  const maxAppendSize = numberParam(params, 'maxAppendSize', fail);
  return {
    settings,
    channel: channelCredentials(tls, params, env, fail),
    ...(credentials ? { credentials } : {}),
    retry: { ...CALL_RETRY, budgetMs: retryBudget ?? CALL_RETRY.budgetMs },
    maxAppendSize: maxAppendSize ?? DEFAULT_MAX_APPEND_SIZE,
  };
}

/** The client for a connection string, with the ledger's own settings beside it. */
export function openEsdbClient(
  url: string,
  env: NodeJS.ProcessEnv,
): { client: InstanceType<typeof EventStoreDBClient>; retry: RetryTuning; maxAppendSize: number } {
  const c = parseEsdbUrl(url, env);
  const client = new EventStoreDBClient(c.settings as never, c.channel, c.credentials);
  return { client, retry: c.retry, maxAppendSize: c.maxAppendSize };
}

function splitOnce(text: string, separator: string): [string, string] {
  const i = text.indexOf(separator);
  return i < 0 ? [text, ''] : [text.slice(0, i), text.slice(i + 1)];
}

function parseHosts(list: string, fail: (reason: string) => never): EndPoint[] {
  if (list === '') fail('it names no host');
  return list.split(',').map((entry) => {
    const match = /^(\[[^\]]+\]|[^:[\]]+)(?::(\d+))?$/.exec(entry.trim());
    if (!match) return fail(`"${entry}" is not host or host:port`);
    const port = match[2] === undefined ? 2113 : Number(match[2]);
    if (port < 1 || port > 65535) fail(`port ${port} is out of range`);
    return { address: match[1]!.replace(/^\[|\]$/g, ''), port };
  });
}

function parseQuery(query: string, fail: (reason: string) => never): Map<Key, string> {
  const params = new Map<Key, string>();
  for (const pair of query.split('&').filter((p) => p !== '')) {
    const [rawKey, value = ''] = splitOnce(pair, '=');
    const key = KEYS.get(rawKey.trim().toLowerCase().replace(/[-_]/g, ''));
    if (!key) return fail(`unknown setting "${rawKey.trim()}"`);
    params.set(key, decodeURIComponent(value.trim()));
  }
  if (params.has('tlsVerifyCert'))
    fail(
      'tlsVerifyCert is not supported (@eventstore/db-client 6 ignores it): give the ' +
        "cluster's CA certificate with tlsCAFile",
    );
  for (const key of ['tls', 'throwOnAppendFailure'] as const) {
    const value = params.get(key);
    if (value !== undefined && value !== 'true' && value !== 'false')
      fail(`${key} must be true or false`);
  }
  if (params.get('throwOnAppendFailure') === 'false')
    fail('throwOnAppendFailure=false is refused: the store must see conflicts as errors');
  const preference = params.get('nodePreference')?.toLowerCase().replace(/-/g, '_');
  if (preference !== undefined && !NODE_PREFERENCES.includes(preference))
    fail(`nodePreference must be one of ${NODE_PREFERENCES.join(', ')}`);
  if (preference !== undefined) params.set('nodePreference', preference);
  return params;
}

function numberParam(
  params: Map<Key, string>,
  key: Key,
  fail: (reason: string) => never,
): number | undefined {
  const raw = params.get(key);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) fail(`${key} must be a positive whole number`);
  return value;
}

function clientSettings(
  discover: boolean,
  hosts: EndPoint[],
  params: Map<Key, string>,
  fail: (reason: string) => never,
): Settings {
  const options: Record<string, unknown> = {};
  for (const key of NUMBER_KEYS) {
    const value = numberParam(params, key, fail);
    if (value !== undefined) options[key] = value;
  }
  const name = params.get('connectionName');
  if (name) options.connectionName = name;
  options.nodePreference = params.get('nodePreference') ?? 'leader';
  // Several hosts are gossip seeds, whatever the scheme: each is asked in turn, so
  // discovery works while any one of them is up. One host with +discover is a DNS name.
  if (hosts.length > 1) return { ...options, endpoints: hosts } as Settings;
  if (discover) return { ...options, discover: hosts[0]! } as Settings;
  const { nodePreference: _single, ...single } = options;
  return { ...single, endpoint: hosts[0]! } as Settings;
}

function userCredentials(
  userInfo: string | undefined,
  env: NodeJS.ProcessEnv,
  fail: (reason: string) => never,
): { username: string; password: string } | undefined {
  if (userInfo !== undefined) {
    const [username = '', password = ''] = splitOnce(userInfo, ':');
    if (!username || !password) fail('user info must be user:password');
    return { username: decodeURIComponent(username), password: decodeURIComponent(password) };
  }
  const username = env.LEDGER_ESDB_USERNAME;
  const password = env.LEDGER_ESDB_PASSWORD;
  if (!username && !password) return undefined;
  if (!username || !password)
    fail('LEDGER_ESDB_USERNAME and LEDGER_ESDB_PASSWORD must be set together');
  return { username: username!, password: password! };
}

function channelCredentials(
  tls: boolean,
  params: Map<Key, string>,
  env: NodeJS.ProcessEnv,
  fail: (reason: string) => never,
): ChannelCredentialOptions {
  if (!tls) return { insecure: true };
  const read = (setting: string, file: string): Buffer => {
    try {
      return fs.readFileSync(path.resolve(file));
    } catch {
      return fail(`${setting} ${file} cannot be read`);
    }
  };
  const channel: ChannelCredentialOptions = { insecure: false };
  const ca = params.get('tlsCAFile');
  if (ca) channel.rootCertificate = read('tlsCAFile', ca);
  const cert = params.get('userCertFile') ?? env.LEDGER_ESDB_USER_CERT_FILE;
  const key = params.get('userKeyFile') ?? env.LEDGER_ESDB_USER_KEY_FILE;
  if (Boolean(cert) !== Boolean(key)) fail('userCertFile and userKeyFile must be given together');
  if (cert && key) {
    channel.userCertFile = read('userCertFile', cert);
    channel.userKeyFile = read('userKeyFile', key);
  }
  return channel;
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|::1)$/i;

function isLoopback(host: EndPoint): boolean {
  return LOOPBACK.test(host.address);
}
