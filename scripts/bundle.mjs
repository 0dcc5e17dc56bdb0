#!/usr/bin/env node
/**
 * Bundle the built CLI (dist/cli/main.js, from tsc) into dist/bundle/ for a fast start (issue 6).
 *
 * Node's ESM loader resolves and compiles every file of every dependency one by one: loading the
 * diagnose command from dist/cli took about 90 ms here, most of it execa's tree of small modules.
 * One bundle with code splitting keeps the lazy subcommands lazy (each is its own chunk) and loads
 * the same code in about a third of the time. tsc stays the type checker and the source of dist/;
 * this only packs its output. Run by `npm run build` and by `prepare` (so `npm ci` leaves it built).
 */
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist', 'bundle');
rmSync(outdir, { recursive: true, force: true });
const result = await build({
  // The subcommands are entries too, so their files keep stable names (the bench imports them).
  entryPoints: ['main', 'diagnose-command', 'undo-command', 'analyze-command', 'lab-command'].map((n) => join(root, 'dist', 'cli', `${n}.js`)),
  entryNames: '[name]',
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunk-[hash]',
  // CommonJS dependencies (cross-spawn, under execa) call require(); ESM output has none of its own.
  banner: { js: "import { createRequire as __pktdropCreateRequire } from 'node:module'; const require = __pktdropCreateRequire(import.meta.url);" },
  legalComments: 'linked',
  metafile: process.argv.includes('--meta'),
  logLevel: 'warning',
});
if (result.metafile) {
  const { writeFileSync } = await import('node:fs');
  writeFileSync(join(outdir, 'meta.json'), JSON.stringify(result.metafile));
}
