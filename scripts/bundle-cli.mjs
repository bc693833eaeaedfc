// Build step: dist/cli/main.js becomes one ES module bundle of the CLI and everything it imports
// (commander, zod, amqplib), so that `fnsync` starts by reading one file instead of resolving and
// compiling ~200 modules; the library's modules under dist/ stay as tsc wrote them. Commands are
// still evaluated only when they run: esbuild keeps each lazily imported module lazy.
import { readFileSync } from 'node:fs';
import { relative, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, transform } from 'esbuild';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const entry = `${dist}cli/main.js`;
const source = readFileSync(entry, 'utf8');

/**
 * A module that finds files next to itself (`new URL('./worker.js', import.meta.url)`) must still
 * find them from inside the bundle: its `import.meta.url` becomes its own path under dist/,
 * resolved against the bundle's.
 */
const ownUrl = {
  name: 'own-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /[\\/]dist[\\/].*\.js$/ }, async (args) => {
      // The entry's hashbang goes: the banner puts one first.
      const text = (args.path === entry ? source : readFileSync(args.path, 'utf8')).replace(/^#!.*\n/, '');
      if (!text.includes('import.meta.url')) return { contents: text, loader: 'js' };
      const own = relative(dirname(entry), args.path).split('\\').join('/');
      // A define, not a text replacement: `import.meta.url` inside a string stays as it is.
      const { code } = await transform(text, { loader: 'js', format: 'esm', define: { 'import.meta.url': '__fnsyncOwnUrl' } });
      const prelude = `const __fnsyncOwnUrl = new URL(${JSON.stringify(own.startsWith('.') ? own : `./${own}`)}, import.meta.url).href;\n`;
      return { contents: prelude + code, loader: 'js' };
    });
  },
};

await build({
  entryPoints: [entry],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  outfile: entry,
  allowOverwrite: true,
  // Native or optional: loaded from node_modules when a command needs them.
  external: ['esbuild', '@aws-sdk/client-lambda', 'openwhisk', 'testcontainers', '@testcontainers/rabbitmq'],
  // CommonJS dependencies (amqplib) require Node's built-ins.
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __fnsyncCreateRequire } from 'node:module'; const require = __fnsyncCreateRequire(import.meta.url);",
  },
  plugins: [ownUrl],
  // Smaller to parse; identifiers keep their names (errors and logs print class names).
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
});
