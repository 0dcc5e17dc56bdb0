/**
 * The repository must be self-contained: a public clone has nothing beside it, so no source, test,
 * script or fixture may name a path outside the checkout. This walks src/, test/, scripts/, bench/,
 * bin/, .ci/ and the top-level files (examples/ is data and is not walked; node_modules, dist and
 * binary files are skipped) and reports file:line for:
 *  (a) a relative path literal (`../x`, also inside `new URL('../x', import.meta.url)`) that, resolved
 *      from the file's own directory, climbs above the repository root;
 *  (b) an absolute path inside the checkout or under its parent directory (both computed at run time),
 *      and the literal prefixes of the old shared folder, whatever the checkout's location.
 * System paths the product reads (/proc, /sys, /usr, /etc, /var/lib/pktdrop, /run, /tmp, /dev, /bin,
 * /sbin, /lib) are fine.
 */
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
const PARENT = dirname(ROOT);
/** Walked folders; examples/ is data (a paste may quote any path) and is not walked. */
const DIRS = ['src', 'test', 'scripts', 'bench', 'bin', '.ci'];
const SKIP_DIRS = new Set(['node_modules', 'dist', 'dist-check', '.git']);
/** Top-level files not worth reading: generated. */
const SKIP_TOP = new Set(['package-lock.json']);
const BINARY_EXT = /\.(?:png|jpe?g|gif|ico|pdf|gz|tgz|xz|zst|zip|pcapng|pcap|bin|so|o|a|wasm|node)$/i;
/** Where the product legitimately reads or writes on the machine it runs on. */
const SYSTEM = ['/proc', '/sys', '/usr', '/etc', '/var/lib/pktdrop', '/run', '/tmp', '/dev', '/bin', '/sbin', '/lib'];
/** The old shared folder's prefixes, spelled in pieces so this file does not name them itself. */
const FORBIDDEN_PREFIXES = [`/${'work'}/`, `..${'/'}shared`];

export interface Offence {
  readonly file: string;
  readonly line: number;
  readonly text: string;
  readonly why: string;
}

const inside = (p: string, dir: string): boolean => p === dir || p.startsWith(`${dir}/`);
const isSystem = (p: string): boolean => SYSTEM.some((s) => inside(p, s));

/** A relative path literal: `./` or `../` runs not preceded by a path character; the static part only. */
const RELATIVE = /(?<![\w.\/~$-])((?:\.\.?\/)+[^\s'"`)\]},;:*?<>|]*)/g;
/** An absolute path: `/seg/...` not preceded by a path character, a scheme's `:` or a host. */
const ABSOLUTE = /(?<![\w.\/~:@$-])(\/[\w.@+-]+(?:\/[\w.@+-]*)*)/g;

/** Offences in one file's text; `file` is its path relative to the repository root. */
export function scanText(file: string, text: string, root = ROOT): Offence[] {
  const parent = dirname(root);
  const dir = dirname(join(root, file));
  const out: Offence[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const add = (why: string): void => {
      out.push({ file, line: i + 1, text: line.trim().slice(0, 160), why });
    };
    for (const prefix of FORBIDDEN_PREFIXES) if (line.includes(prefix)) add(`names ${prefix}`);
    for (const m of line.matchAll(RELATIVE)) {
      const lit = (m[1] ?? '').split('${')[0] ?? '';
      // `../../etc` (a path-traversal probe in a hostile-input test) aims at a system path, not beside us.
      if (isSystem(`/${lit.replace(/^(?:\.\.?\/)+/, '')}`.replace(/\/+$/, ''))) continue;
      const to = resolve(dir, lit);
      if (!inside(to, root)) add(`${lit} resolves to ${to}, outside the repository`);
    }
    for (const m of line.matchAll(ABSOLUTE)) {
      const p = (m[1] ?? '').replace(/\/+$/, '') || '/';
      if (inside(p, root)) add(`${p} is the checkout's own absolute location`);
      else if (parent !== '/' && inside(p, parent) && !isSystem(p)) add(`${p} is beside the checkout (under ${parent})`);
    }
  }
  return out;
}

function isBinary(buf: Buffer): boolean {
  return buf.subarray(0, 8192).includes(0);
}

/** Every file to scan, as paths relative to the root. */
function filesToScan(): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    let names: string[];
    try {
      names = readdirSync(join(ROOT, rel));
    } catch {
      return; // bench/ and others may not exist
    }
    for (const n of names.sort()) {
      const r = join(rel, n);
      const st = lstatSync(join(ROOT, r));
      if (st.isDirectory()) {
        if (!SKIP_DIRS.has(n)) walk(r);
      } else out.push(r);
    }
  };
  for (const d of DIRS) walk(d);
  for (const n of readdirSync(ROOT).sort()) {
    if (!SKIP_TOP.has(n) && lstatSync(join(ROOT, n)).isFile()) out.push(n);
  }
  return out;
}

function scanRepository(): { scanned: number; offences: Offence[] } {
  const offences: Offence[] = [];
  let scanned = 0;
  for (const file of filesToScan()) {
    const abs = join(ROOT, file);
    const st = lstatSync(abs);
    if (st.isSymbolicLink()) {
      const to = resolve(dirname(abs), readlinkSync(abs));
      if (!inside(to, ROOT)) offences.push({ file, line: 0, text: `-> ${to}`, why: 'symbolic link out of the repository' });
      continue;
    }
    if (!st.isFile() || BINARY_EXT.test(file)) continue;
    const buf = readFileSync(abs);
    if (isBinary(buf)) continue;
    scanned++;
    offences.push(...scanText(file, buf.toString('utf8')));
  }
  return { scanned, offences };
}

describe('the repository is self-contained', () => {
  it('no file names a path outside the checkout', () => {
    const { scanned, offences } = scanRepository();
    expect(scanned).toBeGreaterThan(100);
    const report = offences.map((o) => `${o.file}:${o.line}: ${o.why}\n    ${o.text}`);
    expect(report, `paths outside the repository:\n${report.join('\n')}`).toEqual([]);
  });

  describe('the scanner', () => {
    const root = '/srv/build/pktdrop';
    const up = (n: number): string => '../'.repeat(n);
    const shared = ['', 'work', 'shared', 'seed-case.txt'].join('/');

    it('flags a relative path that climbs above the root, with its line', () => {
      const text = `ok\nconst c = readFileSync(new URL(\`${up(3)}${'shared'}/corpus/\${name}\`, import.meta.url));\n`;
      const found = scanText('src/targets/x.test.ts', text, root);
      expect(found.map((o) => [o.file, o.line])).toEqual([['src/targets/x.test.ts', 2], ['src/targets/x.test.ts', 2]]);
      expect(found.map((o) => o.why)).toEqual([`names ..${'/'}shared`, `${up(3)}shared/corpus/ resolves to /srv/build/shared/corpus, outside the repository`]);
      expect(scanText('bench/x.test.ts', `read(\`${up(2)}test/fixtures/\${p}\`)`, root).map((o) => o.why)).toEqual([
        `${up(2)}test/fixtures/ resolves to /srv/build/test/fixtures, outside the repository`,
      ]);
      expect(scanText('src/a/b.ts', `import x from '${up(2)}c.js';`, root)).toEqual([]);
      expect(scanText('src/layers/link/a.test.ts', `readFileSync(new URL('${up(3)}test/fixtures/x', import.meta.url))`, root)).toEqual([]);
      expect(scanText('src/layers/link/a.test.ts', `readFileSync(new URL('${up(4)}x', import.meta.url))`, root)).toHaveLength(1);
    });

    it('flags absolute paths in or beside the checkout and the old shared prefixes', () => {
      expect(scanText('test/a.ts', `readFileSync('${shared}')`, root).map((o) => o.line)).toEqual([1]);
      expect(scanText('test/a.ts', `const p = '${root}/test/fixtures/x';`, root)).toHaveLength(1);
      expect(scanText('test/a.ts', `const p = '${dirname(root)}/corpus/jc';`, root)).toHaveLength(1);
      expect(scanText('test/a.ts', `see ${up(1)}${'shared'}/design.md`, root).length).toBeGreaterThan(0);
    });

    it('lets system paths, URLs, regexes and comments through', () => {
      const fine = [
        "readFileSync('/proc/net/snmp')", "'/sys/kernel/tracing/trace_pipe'", "'/var/lib/pktdrop/journal.json'",
        "'/run/netns/lab'", "'/usr/sbin/iptables'", "const u = 'https://github.com/kellyjonbrazil/jc';",
        '// a comment / with slashes', 'const re = /^(Chain|pkts|\\d)/;', "'/nonexistent/pktdrop.txt'",
        `{ argv: ['diagnose', '--netns', '${up(2)}etc'] }`,
      ];
      for (const t of fine) expect(scanText('src/x.ts', t, root), t).toEqual([]);
    });
  });
});
