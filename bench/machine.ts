// Which machine the figures came from, and how busy it was.
import os from 'node:os';

export function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Number((os.totalmem() / 2 ** 30).toFixed(1)),
    node: process.version,
    /**
     * V8 heap flags the bench runs with (package.json "bench"; the product's start script and bin
     * use the same).
     */
    nodeFlags: process.execArgv.filter((a) => a.startsWith('--max-')),
    platform: `${os.platform()} ${os.release()}`,
    loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))),
  };
}
