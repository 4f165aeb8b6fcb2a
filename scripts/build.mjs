// Builds dist/toolgate.js: one ESM bundle, because loading ~600 small ESM files costs Node 20 ~150 ms at start.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

await build({
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/toolgate.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  legalComments: 'linked',
  logLevel: 'warning',
  define: { __TOOLGATE_VERSION__: JSON.stringify(version) },
  // jsonc-parser's `main` is a UMD build whose dynamic requires a bundler cannot follow; its ESM build is complete.
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
  // CommonJS dependencies call require() for Node built-ins; give the ESM bundle one.
  banner: {
    js: "import { createRequire as __toolgateRequire } from 'node:module'; const require = __toolgateRequire(import.meta.url);",
  },
});
