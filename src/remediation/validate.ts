/**
 * A journal entry is checked like user input before `pktdrop undo` runs any of it. pktdrop writes only
 * a few kinds of inverse, and undo runs nothing else:
 * - an iptables rule put back in place: `<iptables binary> -t TABLE -I CHAIN POS <rule spec>`;
 * - an nftables rule put back: `nft add rule FAMILY TABLE CHAIN position H <rule>` or `nft insert rule FAMILY TABLE CHAIN <rule>`;
 * - a qdisc added back: `tc qdisc add dev DEV root|parent X:Y [handle H:] KIND <options>`;
 * - a kernel setting restored: `sysctl -w net.KEY=VALUE`.
 * The read-only presence checks are limited the same way (`*-save -t TABLE`, `nft list chain`,
 * `tc qdisc show dev DEV`, `sysctl -n net.KEY`). A journal edited into anything else (another program,
 * a flush, a delete, an option that reads a file, a word nft would take as a second command) is refused
 * with the reason, and nothing of that entry runs.
 */
import type { Presence } from '../core/types.js';
import { t } from '../i18n/index.js';

const IPTABLES = new Set(['iptables', 'ip6tables', 'iptables-nft', 'iptables-legacy', 'ip6tables-nft', 'ip6tables-legacy']);
const IPTABLES_SAVE = new Set([...IPTABLES].map((b) => `${b}-save`));
const TABLES = new Set(['filter', 'nat', 'mangle', 'raw', 'security']);
const NFT_FAMILIES = new Set(['ip', 'ip6', 'inet', 'arp', 'bridge', 'netdev']);
/** Chain, table and object names: what iptables and nft accept, and nothing a shell or nft would read as syntax. */
const NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/;
/** An interface name (IFNAMSIZ 16, no '/', no whitespace). */
const IFNAME = /^[A-Za-z0-9_][A-Za-z0-9_.:@-]{0,14}$/;
/** iptables commands other than the -I pktdrop writes: none of them may hide in the rule spec. */
const IPT_COMMANDS = new Set(['-A', '--append', '-D', '--delete', '-R', '--replace', '-I', '--insert', '-F', '--flush', '-Z', '--zero', '-N', '--new-chain', '-X', '--delete-chain', '-P', '--policy', '-E', '--rename-chain', '-L', '--list', '-S', '--list-rules', '-t', '--table', '-M', '--modprobe', '--line-numbers']);
const QDISC_KINDS = new Set(['netem', 'tbf', 'htb', 'hfsc', 'cbq', 'prio', 'sfq', 'red', 'choke', 'codel', 'fq_codel', 'fq', 'pfifo', 'bfifo', 'pfifo_fast', 'cake', 'drr', 'qfq', 'multiq', 'mqprio', 'taprio', 'etf', 'skbprio', 'plug', 'pie', 'fq_pie', 'gred', 'sfb', 'cbs', 'hhf', 'ets']);
/** A qdisc option word as tc prints it (`rate`, `1Mbit`, `lat`, `50ms`, `30%`, `0x10`). */
const TC_WORD = /^[A-Za-z0-9_.:%/+-]{1,64}$/;
const SYSCTL_KEY = /^net\.[a-z0-9_]+(\.[A-Za-z0-9_-]+){1,6}$/;
const SYSCTL_VALUE = /^[0-9]{1,12}( [0-9]{1,12}){0,2}$/;
/** Every word: printable, no NUL or newline. */
const PRINTABLE = /^[\x20-\x7e]*$/;

const bad = (why: string): string => why;

function checkIptablesInsert(argv: readonly string[]): string | undefined {
  const [bin, tFlag, table, i, chain, pos, ...spec] = argv;
  if (!bin || !IPTABLES.has(bin)) return bad(t('remediation.validate.not-iptables', { program: bin ?? '' }));
  if (tFlag !== '-t' || !table || !TABLES.has(table)) return bad(t('remediation.validate.table'));
  if (i !== '-I') return bad(i === undefined ? t('remediation.validate.only-insert-none') : t('remediation.validate.only-insert', { option: i }));
  if (!chain || !NAME.test(chain)) return bad(t('remediation.validate.chain-name'));
  if (!pos || !/^[1-9][0-9]{0,5}$/.test(pos)) return bad(t('remediation.validate.position'));
  if (spec.length === 0) return bad(t('remediation.validate.empty-rule'));
  const cmd = spec.find((w) => IPT_COMMANDS.has(w) || w.startsWith('--') && IPT_COMMANDS.has(w.split('=')[0] ?? ''));
  if (cmd) return bad(t('remediation.validate.iptables-command', { option: cmd }));
  if (spec.some((w) => w.startsWith('@'))) return bad(t('remediation.validate.at-file'));
  return undefined;
}

function checkNftRule(argv: readonly string[]): string | undefined {
  const [, verb, rule, family, table, chain, ...rest] = argv;
  if ((verb !== 'add' && verb !== 'insert') || rule !== 'rule') return bad(t('remediation.validate.nft-verb'));
  if (!family || !NFT_FAMILIES.has(family)) return bad(t('remediation.validate.nft-family'));
  if (!table || !NAME.test(table) || !chain || !NAME.test(chain)) return bad(t('remediation.validate.nft-names'));
  let words = rest;
  if (verb === 'add' && words[0] === 'position') {
    if (!words[1] || !/^[0-9]{1,9}$/.test(words[1])) return bad(t('remediation.validate.nft-handle'));
    words = words.slice(2);
  }
  if (words.length === 0) return bad(t('remediation.validate.empty-rule'));
  // nft joins its words into one script: ';' or a newline would start a second command (flush ruleset).
  if (words.some((w) => /[;\n\r#]/.test(w))) return bad(t('remediation.validate.nft-second-command'));
  if (words.some((w) => w.startsWith('-'))) return bad(t('remediation.validate.nft-option'));
  return undefined;
}

function checkTcAdd(argv: readonly string[]): string | undefined {
  const [, q, add, dev, ifname, ...rest] = argv;
  if (q !== 'qdisc' || add !== 'add') return bad(t('remediation.validate.tc-verb'));
  if (dev !== 'dev' || !ifname || !IFNAME.test(ifname)) return bad(t('remediation.validate.tc-dev'));
  let words = rest;
  if (words[0] === 'root') words = words.slice(1);
  else if (words[0] === 'parent' && words[1] && /^[0-9a-f]{1,4}:[0-9a-f]{0,4}$/i.test(words[1])) words = words.slice(2);
  else return bad(t('remediation.validate.tc-parent'));
  if (words[0] === 'handle') {
    if (!words[1] || !/^[0-9a-f]{1,4}:$/i.test(words[1])) return bad(t('remediation.validate.tc-handle'));
    words = words.slice(2);
  }
  const kind = words[0];
  if (!kind || !QDISC_KINDS.has(kind)) return bad(t('remediation.validate.tc-kind', { kind: kind ?? '' }));
  const opt = words.slice(1).find((w) => !TC_WORD.test(w));
  if (opt !== undefined) return bad(t('remediation.validate.tc-option', { option: opt }));
  return undefined;
}

function checkSysctl(argv: readonly string[]): string | undefined {
  const [, w, setting, ...rest] = argv;
  if (w !== '-w' || !setting || rest.length > 0) return bad(t('remediation.validate.sysctl-form'));
  const eq = setting.indexOf('=');
  const key = setting.slice(0, eq);
  const value = setting.slice(eq + 1);
  if (eq < 0 || !SYSCTL_KEY.test(key) || !SYSCTL_VALUE.test(value)) return bad(t('remediation.validate.sysctl-value'));
  return undefined;
}

/** Why `argv` is not an inverse pktdrop writes, or undefined when it is one. Pure. */
export function invalidInverse(argv: readonly string[]): string | undefined {
  if (argv.length === 0) return t('remediation.validate.empty-command');
  if (argv.some((w) => !PRINTABLE.test(w))) return t('remediation.validate.control-char-line');
  const p = argv[0] ?? '';
  if (IPTABLES.has(p)) return checkIptablesInsert(argv);
  if (p === 'nft') return checkNftRule(argv);
  if (p === 'tc') return checkTcAdd(argv);
  if (p === 'sysctl') return checkSysctl(argv);
  return t('remediation.validate.program', { program: p });
}

/** Why a presence check is not one pktdrop writes, or undefined. Pure. */
export function invalidPresence(p: Presence): string | undefined {
  const a = p.argv;
  if (a.some((w) => !PRINTABLE.test(w))) return t('remediation.validate.control-char');
  if (a.length === 3 && IPTABLES_SAVE.has(a[0] ?? '') && a[1] === '-t' && TABLES.has(a[2] ?? '')) return undefined;
  if (a.length === 6 && a[0] === 'nft' && a[1] === 'list' && a[2] === 'chain' && NFT_FAMILIES.has(a[3] ?? '') && NAME.test(a[4] ?? '') && NAME.test(a[5] ?? '')) return undefined;
  if (a.length === 5 && a[0] === 'tc' && a[1] === 'qdisc' && a[2] === 'show' && a[3] === 'dev' && IFNAME.test(a[4] ?? '')) return undefined;
  if (a.length === 3 && a[0] === 'sysctl' && a[1] === '-n' && SYSCTL_KEY.test(a[2] ?? '')) return undefined;
  return t('remediation.validate.presence', { command: a.join(' ') });
}

/** Why a journal entry must not be run, or undefined when every command in it is one pktdrop writes. Pure. */
export function invalidEntry(entry: { readonly inverse: readonly (readonly string[])[]; readonly presence?: Presence; readonly scope: string }): string | undefined {
  if (entry.scope !== 'target' && entry.scope !== 'host') return t('remediation.validate.scope', { scope: entry.scope });
  if (entry.inverse.length === 0) return t('remediation.validate.no-inverse');
  for (const argv of entry.inverse) {
    const why = invalidInverse(argv);
    if (why !== undefined) return t('remediation.validate.in', { why, command: argv.join(' ').slice(0, 120) });
  }
  return entry.presence ? invalidPresence(entry.presence) : undefined;
}
