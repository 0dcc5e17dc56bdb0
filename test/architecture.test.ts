/**
 * The shape of src/, checked on the source itself with the TypeScript parser (value imports only:
 * `import type`, `export type` and imports whose every name is `type` are erased at run time and
 * create no dependency):
 * - no cycle between the top-level folders of src/;
 * - core/ is the ground floor: it imports nothing else of the project but the words (i18n/, itself a
 *   leaf: the message catalogue is data);
 * - i18n/ imports nothing else of the project;
 * - one door to the shell: only targets/runner.ts imports execa, nothing imports child_process;
 * - src/ holds what runs in production: no test fake, test helper or bench generator.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { SRC, sourceFiles } from './support/source-files.js';


interface ValueImport {
  readonly from: string;
  readonly spec: string;
}

/** Module specifiers a file depends on at run time (static imports, re-exports, dynamic import()). */
export function valueImports(file: string, text: string): ValueImport[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: ValueImport[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const c = node.importClause;
      const typeOnly =
        c !== undefined &&
        (c.isTypeOnly ||
          (c.name === undefined &&
            c.namedBindings !== undefined &&
            ts.isNamedImports(c.namedBindings) &&
            c.namedBindings.elements.length > 0 &&
            c.namedBindings.elements.every((e) => e.isTypeOnly)));
      if (!typeOnly) out.push({ from: file, spec: node.moduleSpecifier.text });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const typeOnly =
        node.isTypeOnly ||
        (node.exportClause !== undefined && ts.isNamedExports(node.exportClause) && node.exportClause.elements.every((e) => e.isTypeOnly));
      if (!typeOnly) out.push({ from: file, spec: node.moduleSpecifier.text });
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [arg] = node.arguments;
      if (arg && ts.isStringLiteral(arg)) out.push({ from: file, spec: arg.text });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

const topFolder = (abs: string): string => relative(SRC, abs).split(sep)[0] ?? '';

function folderGraph(): Map<string, Set<string>> {
  const edges = new Map<string, Set<string>>();
  for (const f of sourceFiles(SRC)) {
    for (const { spec } of valueImports(f, readFileSync(f, 'utf8'))) {
      if (!spec.startsWith('.')) continue;
      const a = topFolder(f);
      const b = topFolder(resolve(dirname(f), spec));
      if (a === b || b.startsWith('..') || a.endsWith('.ts')) continue;
      const set = edges.get(a) ?? new Set<string>();
      set.add(b);
      edges.set(a, set);
    }
  }
  return edges;
}

/** Strongly connected components of more than one node (Tarjan). */
export function cycles(edges: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const nodes = new Set([...edges.keys(), ...[...edges.values()].flatMap((s) => [...s])]);
  const connect = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string | undefined;
      do {
        w = stack.pop();
        if (w === undefined) break;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of nodes) if (!index.has(v)) connect(v);
  return found;
}

describe('architecture of src/', () => {
  it('the cycle finder sees a cycle (control)', () => {
    const g = new Map([['a', new Set(['b'])], ['b', new Set(['c'])], ['c', new Set(['a'])], ['d', new Set(['a'])]]);
    expect(cycles(g)).toEqual([['a', 'b', 'c']]);
  });

  it('type-only imports are not dependencies; value imports, re-exports and import() are (control)', () => {
    const text = [
      "import type { A } from './a.js';",
      "import { type B } from './b.js';",
      "import { c, type C } from './c.js';",
      "export type { D } from './d.js';",
      "export { e } from './e.js';",
      "const f = await import('./f.js');",
    ].join('\n');
    expect(valueImports('x.ts', text).map((i) => i.spec)).toEqual(['./c.js', './e.js', './f.js']);
  });

  it('has no import cycle between its top-level folders', () => {
    const g = folderGraph();
    expect(g.size).toBeGreaterThan(5);
    expect(cycles(g)).toEqual([]);
  });

  /** Relative imports of files under `folder` that leave it for a folder not in `allowed`. */
  const leaving = (folder: string, allowed: readonly string[]): string[] =>
    sourceFiles(join(SRC, folder)).flatMap((f) =>
      valueImports(f, readFileSync(f, 'utf8'))
        .filter((i) => i.spec.startsWith('.') && ![folder, ...allowed].includes(topFolder(resolve(dirname(f), i.spec))))
        .map((i) => `${relative(SRC, f)} → ${i.spec}`),
    );

  it('core/ imports nothing else of the project but the words (i18n/)', () => {
    expect(leaving('core', ['i18n'])).toEqual([]);
  });

  it('i18n/ imports nothing else of the project', () => {
    expect(leaving('i18n', [])).toEqual([]);
  });

  it('one door to the shell: only targets/runner.ts imports execa; nothing imports child_process', () => {
    const doors = sourceFiles(SRC).flatMap((f) =>
      valueImports(f, readFileSync(f, 'utf8'))
        .filter((i) => i.spec === 'execa' || i.spec === 'child_process' || i.spec === 'node:child_process')
        .map((i) => `${relative(SRC, f)}: ${i.spec}`),
    );
    expect(doors).toEqual([`targets${sep}runner.ts: execa`]);
  });

  it('src/ ships no test fake, test helper or bench generator', () => {
    const misplaced = sourceFiles(SRC)
      .map((f) => relative(SRC, f))
      .filter((f) => /(^|[\\/])(perf|fakes?|__fixtures__)[\\/]|test-helper|memory-tracefs/.test(f));
    expect(misplaced).toEqual([]);
  });
});
