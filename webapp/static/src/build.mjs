// Bundle the BPMN modeler and viewer into webapp/static/vendor/bpmn (run by `make assets`).
//
// bpmn-js and its panel are ESM only, so each page-facing script becomes one minified IIFE that
// sets a global; the CSS each one imports lands beside it, with the bpmn font files it refers to.
import { rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import * as esbuild from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const outdir = join(here, '..', 'vendor', 'bpmn');

const bundles = [
  { entry: 'modeler.js', globalName: 'EscalationsModeler' },
  { entry: 'viewer.js', globalName: 'EscalationsViewer' }
];

const common = {
  bundle: true,
  minify: true,
  format: 'iife',
  platform: 'browser',
  target: ['es2020'],
  sourcemap: 'linked',
  outdir,
  // Font files keep a content hash so a new bpmn-js release never meets a cached old font.
  assetNames: '[name]-[hash]',
  loader: { '.woff2': 'file', '.woff': 'file', '.ttf': 'file', '.eot': 'file', '.svg': 'file' },
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
  metafile: true
};

await rm(outdir, { recursive: true, force: true });
const results = await Promise.all(bundles.map(({ entry, globalName }) =>
  esbuild.build({ ...common, entryPoints: [join(here, entry)], globalName })));

// Both bundles share the font files: list each output once.
const outputs = new Map(results.flatMap(({ metafile }) => Object.entries(metafile.outputs)));
for (const [file, { bytes }] of outputs) {
  if (!file.endsWith('.map')) {
    console.log(`${file.padEnd(52)} ${(bytes / 1024).toFixed(0).padStart(6)} KB`);
  }
}
