// Validates XML against an XSD with Debian's xmllint (libxml2-utils; .ci/run installs it).
// A missing xmllint fails the test: a schema check is never reported as passed unrun.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PAIN_001_XSD = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../fixtures/iso20022/pain.001.001.03.xsd',
);

export function validateXml(xml: string, xsd: string): { valid: boolean; output: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xsd-'));
  const file = path.join(dir, 'document.xml');
  fs.writeFileSync(file, xml);
  try {
    const run = spawnSync('xmllint', ['--noout', '--schema', xsd, file], { encoding: 'utf8' });
    if (run.error)
      throw new Error(`xmllint could not run (install libxml2-utils): ${run.error.message}`);
    return { valid: run.status === 0, output: `${run.stdout}${run.stderr}` };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
