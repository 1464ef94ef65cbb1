// Bundles the dashboard (infra/web/src, TypeScript) into dist/web/app.js with esbuild:
// one ES module with every import inlined (zod, decimal.js and the domain's schemas), so
// the app serves it itself and the page loads nothing from any other origin.
// `npm run build` runs this file; the browser tests call buildDashboard() first.
import { build, type Plugin } from 'esbuild';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { WEB_BUNDLE_DIR, WEB_ENTRY } from './paths.js';

/**
 * zod's namespace re-exports every message locale (some 40 languages, over half of the
 * bundle); the schemas use the default English one only, so the bundle gets that alone.
 */
const englishZodLocaleOnly: Plugin = {
  name: 'english-zod-locale-only',
  setup(b) {
    b.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      args.importer.includes(`${path.sep}zod${path.sep}`)
        ? {
            path: path.join(path.dirname(args.importer), '..', 'locales', 'en.js'),
            namespace: 'zod-locales',
          }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)};`,
      resolveDir: path.dirname(args.path),
    }));
  },
};

export async function buildDashboard(): Promise<{ file: string; bytes: number }> {
  const file = path.join(WEB_BUNDLE_DIR, 'app.js');
  const result = await build({
    entryPoints: [WEB_ENTRY],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    sourcemap: 'linked',
    legalComments: 'linked',
    outfile: file,
    metafile: true,
    logLevel: 'warning',
    plugins: [englishZodLocaleOnly],
  });
  const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
  return { file, bytes };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { file, bytes } = await buildDashboard();
  console.log(
    `dashboard bundle: ${path.relative(process.cwd(), file)} (${Math.round(bytes / 1024)} KiB with map)`,
  );
}
