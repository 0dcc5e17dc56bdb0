/**
 * The process is read in one place: `processIo()` in src/cli/context.ts. Below the command line
 * nothing reads `process.env` or the uid, and nothing anywhere in src/ calls `process.exit` or sets
 * `process.exitCode` (main returns the exit code; bin/pktdrop sets it). Checked on the source with
 * the TypeScript parser, so comments and strings do not count.
 */
import { readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ts from 'typescript';
import { SRC, sourceFiles } from './support/source-files.js';
import { describe, expect, it } from 'vitest';


/** `process.<name>` property reads in a file, as `file:line process.name`. */
export function processUses(file: string, text: string, names: readonly string[]): string[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'process' && names.includes(node.name.text)) {
      out.push(`${relative(SRC, file).split(sep).join('/')}:${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1} process.${node.name.text}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

const files = sourceFiles(SRC);
const inCli = (f: string) => relative(SRC, f).split(sep)[0] === 'cli';

describe('the process is read in one place', () => {
  it('the check sees what it looks for, and not in comments', () => {
    const text = "const a = process.env.X; // process.getuid\nconst b = 'process.exit';\nprocess.exit(1);";
    expect(processUses(join(SRC, 'x.ts'), text, ['env', 'getuid', 'exit'])).toEqual(['x.ts:1 process.env', 'x.ts:3 process.exit']);
  });

  it('no process.env or process.getuid in src/ outside src/cli/', () => {
    const found = files.filter((f) => !inCli(f)).flatMap((f) => processUses(f, readFileSync(f, 'utf8'), ['env', 'getuid', 'geteuid']));
    expect(found).toEqual([]);
  });

  it('no process.exit or process.exitCode anywhere in src/', () => {
    const found = files.flatMap((f) => processUses(f, readFileSync(f, 'utf8'), ['exit', 'exitCode']));
    expect(found).toEqual([]);
  });

  it('in src/cli/, only context.ts (processIo) reads process.env or the uid', () => {
    const found = files.filter((f) => inCli(f) && !f.endsWith(`${sep}context.ts`)).flatMap((f) => processUses(f, readFileSync(f, 'utf8'), ['env', 'getuid', 'geteuid']));
    expect(found).toEqual([]);
  });
});
