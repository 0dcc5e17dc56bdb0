/**
 * Issue 6, item 2, checked on the built artefact that `bin/pktdrop` loads (dist/bundle, from
 * `npm ci` / `npm run build`): `--version` and `--help` load no prompt, spinner or execution library,
 * and the diagnose command loads the spinner and the prompt library only when it needs them.
 * esbuild marks each packed module with a `// node_modules/<package>/...` comment; this follows the
 * static `import` statements (not the lazy `import()` calls) from an entry and reads those marks.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const DIR = new URL('../dist/bundle/', import.meta.url);

/** The packages packed into the files an entry loads before any lazy import() runs. */
function staticPackages(entry: string): Set<string> {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(new URL(file, DIR), 'utf8');
    for (const m of text.matchAll(/^\/\/ node_modules\/((?:@[^/]+\/)?[^/]+)\//gm)) packages.add(m[1] ?? '');
    for (const m of text.matchAll(/^(?:import|export)\s[^;]*?from\s+"\.\/([^"]+)";?$|^import\s+"\.\/([^"]+)";?$/gms)) visit(m[1] ?? m[2] ?? '');
  };
  visit(entry);
  return packages;
}

describe('the bundle keeps the start fast (dist/bundle)', () => {
  it('is built', () => {
    expect(existsSync(new URL('main.js', DIR)), 'dist/bundle is built by npm ci (prepare) or npm run build').toBe(true);
  });

  it('--version and --help (main.js) load commander only: no execa, ora, inquirer or chalk', () => {
    const p = staticPackages('main.js');
    expect(p.has('commander')).toBe(true);
    for (const heavy of ['execa', 'ora', '@inquirer', 'chalk']) expect(p.has(heavy), heavy).toBe(false);
  });

  it('diagnose loads execa, but the spinner and the prompts only when a terminal needs them', () => {
    const p = staticPackages('diagnose-command.js');
    expect(p.has('execa')).toBe(true);
    expect(p.has('ora')).toBe(false);
    expect(p.has('@inquirer')).toBe(false);
  });
});
