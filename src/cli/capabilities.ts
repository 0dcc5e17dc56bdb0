/**
 * The capability report: what evidence a verdict can rest on on this machine — kernel, tracefs and
 * the kfree_skb reason field, iptables backends, which tools exist, root or not. Shown under
 * `--verbose` (text and JSON). Each tool is asked for its version once; a missing one is a value.
 */
import { say, type Lang } from '../i18n/index.js';
import { readCommand, type Runner } from '../targets/runner.js';

export interface ToolReport {
  readonly name: string;
  readonly found: boolean;
  /** The tool's own first line of `--version` output. */
  readonly version?: string;
}

export interface Capabilities {
  readonly kernel?: string;
  readonly root: boolean;
  readonly iptablesBackends: readonly string[];
  readonly tools: readonly ToolReport[];
  readonly tracefs?: { readonly mounted: boolean; readonly kfreeSkb: boolean; readonly reasonField: boolean; readonly otherTracers: readonly string[] };
}

const TOOLS: readonly (readonly [string, readonly string[]])[] = [
  ['ip', ['ip', '-V']],
  ['tc', ['tc', '-V']],
  ['ss', ['ss', '-V']],
  ['iptables-nft', ['iptables-nft', '--version']],
  ['iptables-legacy', ['iptables-legacy', '--version']],
  ['nft', ['nft', '--version']],
  ['conntrack', ['conntrack', '--version']],
  ['ethtool', ['ethtool', '--version']],
  ['nsenter', ['nsenter', '--version']],
  ['hping3', ['hping3', '--version']],
  ['docker', ['docker', '--version']],
];

export async function collectCapabilities(
  runner: Runner,
  opts: { isRoot: boolean; trace?: () => Promise<{ tracefs: boolean; kfreeSkb: boolean; reasonField: boolean; otherTracers: string[] }> },
): Promise<Capabilities> {
  const [kernel, tools, trace] = await Promise.all([
    runner.run(readCommand(['cat', '/proc/sys/kernel/osrelease'])),
    Promise.all(
      TOOLS.map(async ([name, argv]): Promise<ToolReport> => {
        const r = await runner.run(readCommand(argv));
        const line = `${r.stdout}\n${r.stderr}`.split('\n').map((l) => l.trim()).find((l) => l !== '');
        const found = r.failure?.kind !== 'not-found' && r.failure?.kind !== 'spawn';
        return { name, found, ...(found && line ? { version: line } : {}) };
      }),
    ),
    opts.trace ? opts.trace().catch(() => undefined) : Promise.resolve(undefined),
  ]);
  const backends = tools.filter((t) => t.found && t.name.startsWith('iptables-')).map((t) => (t.name === 'iptables-nft' ? 'nf_tables' : 'legacy'));
  return {
    ...(kernel.ok ? { kernel: kernel.stdout.trim() } : {}),
    root: opts.isRoot,
    iptablesBackends: backends,
    tools,
    ...(trace ? { tracefs: { mounted: trace.tracefs, kfreeSkb: trace.kfreeSkb, reasonField: trace.reasonField, otherTracers: trace.otherTracers } } : {}),
  };
}

/** The report in a few lines for the text output, in `lang`. */
export function capabilityLines(c: Capabilities, lang: Lang = 'en'): string[] {
  const t = c.tracefs;
  const w = (present: boolean) => say(lang, present ? 'cli.caps.present' : 'cli.caps.absent');
  const tracefs = t
    ? {
        mounted: say(lang, t.mounted ? 'cli.caps.mounted' : 'cli.caps.not-mounted'),
        kfree: w(t.kfreeSkb),
        reason: t.reasonField ? w(true) : say(lang, 'cli.caps.reason-absent'),
      }
    : undefined;
  return [
    say(lang, 'cli.caps.kernel', { kernel: c.kernel ?? say(lang, 'cli.caps.unknown'), root: say(lang, c.root ? 'cli.caps.root' : 'cli.caps.not-root') }),
    tracefs && t
      ? t.otherTracers.length > 0
        ? say(lang, 'cli.caps.tracefs-others', { ...tracefs, others: t.otherTracers.join(', ') })
        : say(lang, 'cli.caps.tracefs', tracefs)
      : say(lang, 'cli.caps.tracefs-unchecked'),
    say(lang, 'cli.caps.backends', { backends: c.iptablesBackends.join(', ') || say(lang, 'cli.caps.none') }),
    say(lang, 'cli.caps.tools', { tools: c.tools.map((x) => (x.found ? x.name : say(lang, 'cli.caps.missing', { name: x.name }))).join(', ') }),
  ];
}
