// Bundle the BPMN modeler and viewer into webapp/static/vendor/bpmn and the dashboard's charts
// into webapp/static/vendor/charts (run by `make assets`).
//
// bpmn-js, its panel and Chart.js are ESM only, so each page-facing script becomes one minified
// IIFE that sets a global; the CSS each one imports lands beside it, with the font files it uses.
import { rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import * as esbuild from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const vendor = join(here, '..', 'vendor');

const bundles = [
  { entry: 'modeler.js', globalName: 'EscalationsModeler', folder: 'bpmn' },
  { entry: 'viewer.js', globalName: 'EscalationsViewer', folder: 'bpmn' },
  { entry: 'charts.js', globalName: 'EscalationsCharts', folder: 'charts' }
];
const folders = [...new Set(bundles.map(({ folder }) => folder))];

const common = {
  bundle: true,
  minify: true,
  format: 'iife',
  platform: 'browser',
  target: ['es2020'],
  sourcemap: 'linked',
  // Font files keep a content hash so a new bpmn-js release never meets a cached old font.
  assetNames: '[name]-[hash]',
  loader: { '.woff2': 'file', '.woff': 'file', '.ttf': 'file', '.eot': 'file', '.svg': 'file' },
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
  metafile: true
};

await Promise.all(folders.map((folder) => rm(join(vendor, folder), { recursive: true, force: true })));
const results = await Promise.all(bundles.map(({ entry, globalName, folder }) =>
  esbuild.build({ ...common, entryPoints: [join(here, entry)], globalName,
    outdir: join(vendor, folder) })));

// The BPMN bundles share the font files: list each output once.
const outputs = new Map(results.flatMap(({ metafile }) => Object.entries(metafile.outputs)));
for (const [file, { bytes }] of outputs) {
  if (!file.endsWith('.map')) {
    console.log(`${file.padEnd(52)} ${(bytes / 1024).toFixed(0).padStart(6)} KB`);
  }
}
