/**
 * What `npm publish` would ship: exactly LICENSE, README.md, package.json, bin/pktdrop and the
 * bundle under dist/bundle/. No test code, fakes, fixtures, bench, sources, tsc's dist/cli, or
 * source maps of any of them. npm itself decides (`npm pack --dry-run --json`, run through the
 * product's own runner), two ways:
 *  - the checkout as it is: npm lists only files that exist, so when dist/bundle/ is built the list
 *    must hold every file in it and nothing else from dist/; when it is not built, nothing from dist/;
 *  - a copy of package.json, LICENSE, README.md and bin/ in a scratch folder beside decoys at every
 *    path that must not ship (dist/cli, dist/bundle's neighbours, test/, src/, bench/, maps): what the
 *    package's `files` field lets through, whether or not this checkout has been built.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ProcessRunner, readCommand } from '../src/targets/runner.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
const ALWAYS = ['LICENSE', 'README.md', 'bin/pktdrop', 'package.json'];

/** The paths `npm pack --dry-run` lists for the package in `dir`, sorted. */
async function packList(dir: string): Promise<string[]> {
  const r = await new ProcessRunner().run(readCommand(['npm', 'pack', dir, '--dry-run', '--json', '--ignore-scripts'], 60_000));
  if (!r.ok) throw new Error(`npm pack failed: ${r.failure?.hint ?? ''}\n${r.stderr}`);
  const doc: unknown = JSON.parse(r.stdout);
  if (!Array.isArray(doc) || doc.length !== 1) throw new Error(`npm pack --json: expected one package, got ${r.stdout.slice(0, 200)}`);
  const files = (doc[0] as { files?: { path: string }[] }).files;
  if (!Array.isArray(files)) throw new Error('npm pack --json: no file list');
  return files.map((f) => f.path).sort();
}

/** Every file under `dir`, relative to `base`, sorted. */
function walk(dir: string, base: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p, base));
    else out.push(relative(base, p));
  }
  return out.sort();
}

const outsideBundle = (files: readonly string[]): string[] => files.filter((f) => !f.startsWith('dist/bundle/'));
const NOT_SHIPPED = /(^|\/)(test|tests|fakes|fixtures|__snapshots__|bench|src)\//;

describe('npm pack ships the bundle, the bin, the licence and the readme: nothing else', () => {
  it('this checkout: exactly the four files outside dist/bundle/, and dist/bundle/ as built (or nothing from dist/ when not built)', async () => {
    const files = await packList(ROOT);
    expect(outsideBundle(files)).toEqual(ALWAYS);
    expect(files.filter((f) => NOT_SHIPPED.test(f))).toEqual([]);
    const bundleDir = join(ROOT, 'dist', 'bundle');
    if (existsSync(bundleDir)) {
      const built = walk(bundleDir, ROOT);
      expect(built).toContain('dist/bundle/main.js');
      expect(files.filter((f) => f.startsWith('dist/bundle/'))).toEqual(built);
    } else {
      // Not built here (npm lists only files that exist): the scratch copy below checks the rule itself.
      expect(files.filter((f) => f.startsWith('dist/'))).toEqual([]);
    }
  }, 90_000);

  describe('the package\'s `files` rule, on a scratch copy with decoys', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pktdrop-pack-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('lets through LICENSE, README.md, package.json, bin/pktdrop and dist/bundle/; no decoy', async () => {
      for (const f of ['package.json', 'LICENSE', 'README.md']) cpSync(join(ROOT, f), join(dir, f));
      cpSync(join(ROOT, 'bin'), join(dir, 'bin'), { recursive: true });
      const shipped = ['dist/bundle/main.js', 'dist/bundle/chunk-TEST.js', 'dist/bundle/main.js.LEGAL.txt'];
      const decoys = [
        'dist/cli/main.js', 'dist/cli/main.js.map', 'dist/core/types.d.ts', 'dist/bench/scale.js', 'dist/test/fakes/fake-runner.js.map',
        'src/cli/main.ts', 'test/fakes/fake-runner.ts', 'test/fixtures/tc/host.txt', 'test/e2e/fixtures/seed-container-yes.json',
        'test/e2e/__snapshots__/seed-container-yes.report.json', 'bench/scale.ts', 'scripts/bundle.mjs', 'examples/ticket.txt',
        'vitest.config.ts', 'tsconfig.json', 'package.test.ts', 'main.test.js.map', '.ci/run',
      ];
      for (const f of [...shipped, ...decoys]) {
        mkdirSync(dirname(join(dir, f)), { recursive: true });
        writeFileSync(join(dir, f), '// decoy\n');
      }
      const files = await packList(dir);
      expect(files).toEqual([...ALWAYS, ...shipped].sort());
    }, 90_000);
  });
});
