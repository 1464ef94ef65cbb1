// Where the dashboard's files are: the page and style sheet in infra/web, the script as
// the bundle `npm run build` makes (dist/web/app.js). Found from the package root, so the
// same code works from the sources (tsx, jest) and from dist/.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('grant-ledger: no package.json above the dashboard code');
    dir = parent;
  }
  return dir;
}

export const ROOT = packageRoot();
export const WEB_SOURCE_DIR = path.join(ROOT, 'infra', 'web');
export const WEB_ENTRY = path.join(WEB_SOURCE_DIR, 'src', 'main.ts');
export const WEB_BUNDLE_DIR = path.join(ROOT, 'dist', 'web');
