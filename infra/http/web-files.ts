// The dashboard's files as the server answers them: the page, the style sheet and the
// bundled script (with its source map and licence notes). Read once at start-up.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { WEB_BUNDLE_DIR, WEB_SOURCE_DIR } from '../web/paths.js';

export interface WebFile {
  status: number;
  body: string;
  type: string;
}

const FILES: Record<string, { dir: string; file: string; type: string }> = {
  '/': { dir: WEB_SOURCE_DIR, file: 'index.html', type: 'text/html; charset=utf-8' },
  '/assets/style.css': { dir: WEB_SOURCE_DIR, file: 'style.css', type: 'text/css; charset=utf-8' },
  '/assets/app.js': { dir: WEB_BUNDLE_DIR, file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/assets/app.js.map': {
    dir: WEB_BUNDLE_DIR,
    file: 'app.js.map',
    type: 'application/json; charset=utf-8',
  },
  '/assets/app.js.LEGAL.txt': {
    dir: WEB_BUNDLE_DIR,
    file: 'app.js.LEGAL.txt',
    type: 'text/plain; charset=utf-8',
  },
};

const NOT_BUILT =
  'document.body.prepend(Object.assign(document.createElement("p"), {role: "alert", textContent: ' +
  '"Instrumentpanelen är inte byggd: kör npm run build. (The dashboard is not built: run npm run build.)"}));\n';

export async function loadWebFiles(): Promise<Map<string, WebFile>> {
  const files = new Map<string, WebFile>();
  for (const [route, { dir, file, type }] of Object.entries(FILES)) {
    try {
      files.set(route, { status: 200, body: await readFile(path.join(dir, file), 'utf8'), type });
    } catch (error) {
      if (dir !== WEB_BUNDLE_DIR)
        throw new Error(`dashboard file ${file} not found in ${dir}: ${(error as Error).message}`);
      if (route === '/assets/app.js') files.set(route, { status: 503, body: NOT_BUILT, type });
    }
  }
  return files;
}
