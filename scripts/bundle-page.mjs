// Build step: the web stepper's page and the node dashboard (src/ui/page/), bundled into
// dist/ui/page/ with their HTML and CSS, so that `exercise --ui`, `fnsync view` and `node --ui`
// serve everything themselves and work offline (no CDN).
import { copyFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const source = fileURLToPath(new URL('../src/ui/page/', import.meta.url));
const out = fileURLToPath(new URL('../dist/ui/page/', import.meta.url));
mkdirSync(out, { recursive: true });
// Two pages: the stepper (main.ts) and a node's dashboard (dashboard.ts).
for (const [entry, bundle] of [
  ['main.ts', 'app.js'],
  ['dashboard.ts', 'dashboard.js'],
]) {
  await build({
    entryPoints: [`${source}${entry}`],
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2022',
    platform: 'browser',
    outfile: `${out}${bundle}`,
    legalComments: 'none',
    logLevel: 'warning',
  });
}
for (const file of ['index.html', 'base.css', 'style.css', 'dashboard.html', 'dashboard.css'])
  copyFileSync(`${source}${file}`, `${out}${file}`);
