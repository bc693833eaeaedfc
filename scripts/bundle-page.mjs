// Build step: the web stepper's page (src/ui/page/), bundled into dist/ui/page/ with its HTML and
// CSS, so that `--ui` and `fnsync view` serve everything themselves and work offline (no CDN).
import { copyFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const source = fileURLToPath(new URL('../src/ui/page/', import.meta.url));
const out = fileURLToPath(new URL('../dist/ui/page/', import.meta.url));
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [`${source}main.ts`],
  bundle: true,
  minify: true,
  format: 'iife',
  target: 'es2022',
  platform: 'browser',
  outfile: `${out}app.js`,
  legalComments: 'none',
  logLevel: 'warning',
});
for (const file of ['index.html', 'style.css']) copyFileSync(`${source}${file}`, `${out}${file}`);
