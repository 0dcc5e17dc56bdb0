/**
 * The capability report: what evidence a verdict can rest on on this machine — kernel, tracefs and
 * the kfree_skb reason field, iptables backends, which tools exist, root or not. Shown under
 * `--verbose` (text and JSON). Each tool is asked for its version once; a missing one is a value.
 */
import { say, t, type Lang, type MessageKey, type Param } from '../i18n/index.js';
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

/**
 * The report in a few lines for the text output, in `lang`. In English each line is built by t(), so
 * a caller that says the lines with tr() later gets them in its language too.
 */
export function capabilityLines(c: Capabilities, lang: Lang = 'en'): string[] {
  const m = (key: MessageKey, params?: Readonly<Record<string, Param>>): string => (lang === 'en' ? t(key, params) : say(lang, key, params));
  const tf = c.tracefs;
  const w = (present: boolean) => m(present ? 'cli.caps.present' : 'cli.caps.absent');
  const tracefs = tf
    ? {
        mounted: m(tf.mounted ? 'cli.caps.mounted' : 'cli.caps.not-mounted'),
        kfree: w(tf.kfreeSkb),
        reason: tf.reasonField ? w(true) : m('cli.caps.reason-absent'),
      }
    : undefined;
  const lines = [
    m('cli.caps.kernel', { kernel: c.kernel ?? m('cli.caps.unknown'), root: m(c.root ? 'cli.caps.root' : 'cli.caps.not-root') }),
    tracefs && tf
      ? tf.otherTracers.length > 0
        ? m('cli.caps.tracefs-others', { ...tracefs, others: tf.otherTracers.join(', ') })
        : m('cli.caps.tracefs', tracefs)
      : m('cli.caps.tracefs-unchecked'),
    m('cli.caps.backends', { backends: c.iptablesBackends.join(', ') || m('cli.caps.none') }),
    m('cli.caps.tools', { tools: c.tools.map((x) => (x.found ? x.name : m('cli.caps.missing', { name: x.name }))).join(', ') }),
  ];
  return lines;
}
