/**
 * Reads pasted text — a ticket, the seed case, a file of concatenated outputs with shell prompts and
 * prose between them — and splits it into sections of known command outputs, recognised BY CONTENT
 * (header lines and distinctive shapes), not by what the paste claims. The command line typed before a
 * section, when there is one, adds what the output itself leaves out (`tc -s qdisc show dev eth0` prints
 * no `dev`, `iptables -t nat -nvL` no table name). Text that is no known output is reported by line
 * range. Nothing here throws: odd input ends up in `unrecognised`.
 *
 * Real pastes are mangled (./resync.ts): fences and `> ` quotes are read through, hard-wrapped tails joined
 * back where the format makes it unambiguous, and a section resumes after a few odd lines (prose, a
 * command typed in the middle, a trim mark) when a line of its own follows. What was read around is
 * said: the section's `notUnderstood` lines (and `trimmed`, `filtered`), so that its layer is judged
 * "partly read", never healthy (./analyze.ts).
 */
import { lines } from '../core/parse-util.js';
import type { ParseResult } from '../core/types.js';
import type { ConntrackState } from '../layers/conntrack/model.js';
import { parseConntrackS, parseConntrackStatProc, parseConntrackSysctl } from '../layers/conntrack/parse-conntrack.js';
import type { DriverStats, InterfaceCounters, LinkState } from '../layers/link/model.js';
import { parseEthtoolStats } from '../layers/link/parse-ethtool-stats.js';
import { parseIfconfig } from '../layers/link/parse-ifconfig.js';
import { parseIpLinkJson, parseIpLinkText } from '../layers/link/parse-ip-link.js';
import { parseNetstatI } from '../layers/link/parse-netstat-i.js';
import { parseProcNetDev } from '../layers/link/parse-proc-net-dev.js';
import type { IptablesDump, ListedChain, NftRuleset } from '../layers/netfilter/model.js';
import { parseIptablesList } from '../layers/netfilter/parse-iptables-list.js';
import { parseIptablesSave } from '../layers/netfilter/parse-iptables-save.js';
import { parseNftRuleset } from '../layers/netfilter/parse-nft.js';
import type { Qdisc } from '../layers/qdisc/model.js';
import { parseTcQdisc } from '../layers/qdisc/parse-tc-qdisc.js';
import type { MibCounters } from '../layers/snmp/model.js';
import { parseNetstatS } from '../layers/snmp/parse-netstat-s.js';
import { parseNstat } from '../layers/snmp/parse-nstat.js';
import { parseProcSnmp } from '../layers/snmp/parse-proc-snmp.js';
import { continuesKernelLine, isKernelDropLine, isKernelLogLine, parseKernelLog, type KernelLog } from './parse-kernel-log.js';
import { parseSsListen, type Listener } from '../targets/parse-ss-ltn.js';
import { parseSysctlLines, type SysctlValues } from '../core/parse-sysctl.js';
import { parseSoftnetStat, type SoftnetCpu } from '../layers/softnet/parse-softnet-stat.js';
import { parseNeighStat, type NeighStat } from '../layers/neigh/parse-neigh-stat.js';
import { isIpNeighLine, parseIpNeigh, type NeighEntry } from '../layers/neigh/parse-ip-neigh.js';
import { parseEthtoolRings, type RingSizes } from '../layers/link/parse-ethtool-rings.js';
import { cleanLines, inlineCommand, isTrimMark, looksWrapped } from './resync.js';
import { t } from '../i18n/index.js';

/** Every output pktdrop analyze recognises. */
export const SECTION_KINDS = [
  'netstat-i', 'netstat-s', 'nstat', 'tc-qdisc', 'iptables-list', 'iptables-save', 'nft-ruleset', 'ethtool-S',
  'conntrack-S', 'proc-nf-conntrack', 'sysctl-conntrack', 'ss-ltn', 'ip-s-link', 'ip-link-json', 'ifconfig',
  'proc-snmp', 'proc-netstat', 'proc-net-dev', 'kernel-log', 'softnet-stat', 'sysctl', 'neigh-stat',
  'ip-neigh', 'ethtool-g',
] as const;
export type SectionKind = (typeof SECTION_KINDS)[number];

/** A run of lines that looks like one command's output. Line numbers are 1-based and inclusive. */
export interface Section {
  readonly kind: SectionKind;
  /** The input it came from (a file name, `-` for stdin). */
  readonly file: string;
  readonly startLine: number;
  readonly endLine: number;
  readonly text: string;
  /** The command typed just before the output, without its prompt (`tc -s qdisc show dev eth0`). */
  readonly command?: string;
  /**
   * Input line numbers inside the section that were not understood and not read (prose or a command
   * typed in the middle, a mangled line, a trim mark): the section was only partly read.
   */
  readonly notUnderstood?: readonly number[];
  /** Those of them that are trim marks (`...`, `[snip]`): lines were removed by hand there. */
  readonly trimmed?: readonly number[];
  /** The filter the output went through (`grep -i listen`): only the lines it let through were read. */
  readonly filtered?: string;
  /** Input line numbers of hard-wrapped tails joined back to the line before them (read, not lost). */
  readonly unwrapped?: readonly number[];
}

/** Lines that are no known output (prose, other commands' outputs), or a section its parser refused. */
export interface UnrecognisedRange {
  readonly file: string;
  readonly startLine: number;
  readonly endLine: number;
  /** Why, when a section looked like a known output but its parser refused it. */
  readonly reason?: string;
  /** The kind it looked like, in that case. */
  readonly lookedLike?: SectionKind;
  /** The first line, for the report. */
  readonly firstLine: string;
  /** When the lines sit inside a recognised section that was read around them: that section's lines. */
  readonly inSection?: { readonly startLine: number; readonly endLine: number };
}

/** Parsed data of a section, by kind. */
export type SectionData =
  | { readonly kind: 'netstat-i' | 'ifconfig' | 'proc-net-dev'; readonly data: InterfaceCounters[] }
  | { readonly kind: 'ip-s-link' | 'ip-link-json'; readonly data: LinkState[] }
  | { readonly kind: 'ethtool-S'; readonly data: DriverStats }
  | { readonly kind: 'netstat-s' | 'nstat' | 'proc-snmp' | 'proc-netstat'; readonly data: MibCounters }
  | { readonly kind: 'tc-qdisc'; readonly data: Qdisc[] }
  | { readonly kind: 'iptables-list'; readonly data: ListedChain[] }
  | { readonly kind: 'iptables-save'; readonly data: IptablesDump }
  | { readonly kind: 'nft-ruleset'; readonly data: NftRuleset }
  | { readonly kind: 'conntrack-S' | 'proc-nf-conntrack' | 'sysctl-conntrack'; readonly data: ConntrackState }
  | { readonly kind: 'ss-ltn'; readonly data: Listener[] }
  | { readonly kind: 'kernel-log'; readonly data: KernelLog }
  | { readonly kind: 'softnet-stat'; readonly data: readonly SoftnetCpu[] }
  | { readonly kind: 'neigh-stat'; readonly data: NeighStat }
  /** `ip [-s] neigh [show]`: the neighbour entries of the namespace it ran in (state). */
  | { readonly kind: 'ip-neigh'; readonly data: NeighEntry[] }
  /** `ethtool -g DEV`: ring sizes, current against maximum (state). */
  | { readonly kind: 'ethtool-g'; readonly data: RingSizes }
  /** `sysctl -a` excerpts and `sysctl key ...` outputs (network settings); conntrack's count/max are `sysctl-conntrack`. */
  | { readonly kind: 'sysctl'; readonly data: SysctlValues };

export type ParsedSection = Section & { readonly parsed: SectionData };

export interface Detection {
  readonly sections: readonly ParsedSection[];
  readonly unrecognised: readonly UnrecognisedRange[];
  /** Command lines seen (prompted or bare), for the report. */
  readonly commands: readonly { readonly line: number; readonly command: string }[];
}

const ASCII = /^[\x20-\x7e\t]*$/;
const blank = (l: string | undefined): boolean => l === undefined || l.trim() === '';

/** Programs whose command lines pktdrop recognises in a paste. */
const PROGRAM =
  /^(?:sudo\s+(?:-\S+\s+)*)?(?:netstat|nstat|tc|ip6?tables(?:-legacy|-nft)?(?:-save)?|nft|ethtool|conntrack|cat|sysctl|ss|ip|ifconfig|dmesg|journalctl|docker|podman|kubectl|crictl|nsenter|hping3|curl|ping|grep|tail|head|less|uname|lsmod|modprobe|exit|watch)(?=\s|$)/;

/** A shell prompt: `$ `, `# `, `root@nginx:/# `, `user@host:~$ `, `[root@host ~]# `. */
const PROMPT = /^\s*(?:\[[^\]\n]*\]\s*[#$]|[\w.-]+@[\w.-]+(?::[^\s#$]*)?\s*[#$]|[$#])\s+(.*)$/;

/** The command on a prompt line, or on a bare command line (`netstat -s` alone). */
export function commandOf(line: string): string | undefined {
  if (/^\s*#\s*(?:Generated by|Completed on|Warning:)/.test(line)) return undefined;
  const p = PROMPT.exec(line);
  if (p) {
    const cmd = (p[1] ?? '').trim();
    const hash = /^\s*#/.test(line);
    // `# some comment` is prose unless it runs a known program; `$ anything` is a command.
    if (cmd === '' || !ASCII.test(cmd)) return undefined;
    if (hash && !PROGRAM.test(cmd)) return undefined;
    return cmd;
  }
  const t = line.trim();
  if (t.length > 200 || !ASCII.test(t) || !PROGRAM.test(t)) return undefined;
  // Every token must look like an argv word, not prose.
  if (!t.split(/\s+/).every((w) => /^[\w@%+=:,./'"*|<>-]+$/.test(w))) return undefined;
  return t;
}

const isPrompted = (line: string): boolean => PROMPT.test(line) && commandOf(line) !== undefined;

interface Detector {
  readonly kind: SectionKind | ((all: readonly string[], start: number, end: number) => SectionKind);
  start(all: readonly string[], i: number): boolean;
  /** Index one past the section's last line, for outputs read as one block (nft, JSON). */
  extend?(all: readonly string[], i: number): number;
  /** A line that continues the section (after `prev`). */
  keep?(line: string, prev: string): boolean;
  /** A line after blank lines that continues the section. */
  across?(line: string): boolean;
  /**
   * A line that is unmistakably this output's (a counter line, a rule): after a few odd lines (prose, a
   * command typed in the middle, a mangled line) the section resumes at such a line, and the odd lines
   * are reported as not understood. Without it the section ends at the first odd line.
   */
  body?(line: string): boolean;
  /**
   * A line that cannot be a line of this output on its own and reads as the rest of `prev`: after a line
   * that fills a hard wrap, its tail.
   */
  tail?(line: string, prev: string): boolean;
}

function nextNonBlank(all: readonly string[], j: number): number {
  let k = j;
  while (k < all.length && blank(all[k])) k++;
  return k;
}

/** How a section was read: where it ends, the lines not understood, the wrapped tails joined back. */
interface Span {
  /** One past the section's last line (trailing blank lines not yet trimmed). */
  readonly end: number;
  /** 0-based indexes of lines inside the section that were not understood (prose, trim marks, mangled lines). */
  readonly skipped: readonly number[];
  /** 0-based indexes of trim marks among them. */
  readonly trims: readonly number[];
  /** 0-based indexes of wrapped tails, joined to the line before them. */
  readonly joined: readonly number[];
}

/** At most this many odd non-blank lines are crossed to resume a section... */
const RESYNC_LINES = 3;
/** ...within this many lines. */
const RESYNC_SPAN = 6;

const otherStarts = (all: readonly string[], k: number, det: Detector): boolean => DETECTORS.some((d) => d !== det && d.start(all, k));

/** The line where the section resumes after the odd line `j`, if a line of its own follows closely. */
function resyncAt(all: readonly string[], j: number, det: Detector): number | undefined {
  let odd = 0;
  for (let k = j; k < all.length && k < j + RESYNC_SPAN; k++) {
    const l = all[k] ?? '';
    if (blank(l)) continue;
    if (isPrompted(l)) return undefined;
    if (k > j && det.body?.(l) && !det.start(all, k)) return k;
    // Another output (or a new one of this kind) begins: the section ended before it.
    if (det.start(all, k) || otherStarts(all, k, det)) return undefined;
    if (++odd > RESYNC_LINES) return undefined;
  }
  return undefined;
}

/**
 * Extend a section from its first line `i`: while `keep` holds, across blank lines when `across` accepts
 * the next line, joining hard-wrapped tails, taking trim marks, and resuming after a few odd lines when a
 * line of its own follows. A prompt always ends it.
 */
function scan(all: readonly string[], i: number, det: Detector, width: number | undefined): Span {
  if (det.extend) return { end: det.extend(all, i), skipped: [], trims: [], joined: [] };
  const skipped: number[] = [];
  const trims: number[] = [];
  const joined: number[] = [];
  let j = i + 1;
  while (j < all.length) {
    const line = all[j] ?? '';
    if (blank(line)) {
      const k = nextNonBlank(all, j);
      const next = all[k] ?? '';
      // Blank lines inside an output (double-spaced by a web page or a mail client) are crossed when a
      // line that is unmistakably this output's follows, and no other output begins there.
      const body = (det.body?.(next) ?? false) && !det.start(all, k) && !otherStarts(all, k, det);
      if (k < all.length && !isPrompted(next) && ((det.across?.(next) ?? false) || isTrimMark(next) || body)) {
        j = k;
        continue;
      }
      break;
    }
    if (isPrompted(line)) break;
    const prev = all[j - 1] ?? '';
    const prevRead = !blank(prev) && skipped[skipped.length - 1] !== j - 1;
    if (prevRead && !isTrimMark(line) && !(det.body?.(line) ?? false) && looksWrapped(prev, line, width) && (det.tail?.(line, prev) ?? false) && commandOf(line) === undefined && !otherStarts(all, j, det)) {
      joined.push(j);
      j++;
      continue;
    }
    if (det.keep?.(line, prev)) {
      j++;
      continue;
    }
    if (isTrimMark(line)) {
      skipped.push(j);
      trims.push(j);
      j++;
      continue;
    }
    const m = det.body ? resyncAt(all, j, det) : undefined;
    if (m === undefined) break;
    for (let k = j; k < m; k++) if (!blank(all[k])) skipped.push(k);
    j = m;
  }
  return { end: j, skipped, trims, joined };
}

/** Words of prose, never of iptables' match text (`tcp dpt:22`, `ctstate RELATED,ESTABLISHED`, `match-set x src`). */
const PROSE_WORDS = /\b(?:the|are|is|was|were|of|and|an?|here|there|this|that|these|those|with|as|before|after|same|rest|see|what|why|how|but|or|not|it|we|you|my|our|have|has|rules?|output|below|above)\b/i;

/** A line of prose: a comma and a space, or words prose has and outputs do not (quoted strings and comments aside). */
const isProse = (l: string): boolean => {
  const bare = l.replace(/"[^"]*"|'[^']*'|\/\*.*?\*\//g, '');
  return /,\s/.test(bare) || PROSE_WORDS.test(bare);
};

/** A rule's match text wrapped onto the next line by a terminal: match words, no sentence. */
const matchText = (l: string): boolean => !/[.!?:]\s*$/.test(l) && !isProse(l);

/** A line of `netstat -s` some section's wording knows (remembered: a paste repeats its lines). */
const knownLines = new Map<string, boolean>();
function knownNetstatLine(l: string): boolean {
  const key = l.trim();
  const seen = knownLines.get(key);
  if (seen !== undefined) return seen;
  const known = /\d/.test(key) && NETSTAT_S_SECTIONS.some((h) => parseNetstatS(`${h}:\n    ${key}`).ok);
  if (knownLines.size >= 10_000) knownLines.clear();
  knownLines.set(key, known);
  return known;
}

/** The kernel's MIB groups, as `netstat -s` heads its sections and `nstat` prefixes its counters. */
const MIB_GROUPS = 'Ip|Icmp|IcmpMsg|Tcp|Udp|UdpLite|TcpExt|IpExt|MPTcpExt|Ip6|Icmp6|Udp6|UdpLite6|Sctp';
const NETSTAT_S_HEAD = new RegExp(`^\\s*(?:${MIB_GROUPS}):\\s*$`);
const QDISC = /^\s*qdisc\s+\S+\s+[0-9a-fA-F]*:/;
const CHAIN = /^\s*Chain\s+\S+\s+\((?:policy\s+\S+|\d+\s+references?)/;
const IPT_HEADER = /^\s*(?:num\s+)?(?:pkts\s+bytes\s+)?target\s+prot\s+opt\b/;
const IPT_RULE = /\s(?:--|-f|!f)\s|^\s*\d+\s+\d+[KMGTP]?\s+\d+[KMGTP]?\s/;
const SAVE_START = /^\s*(?:# Generated by ip6?tables(?:-legacy|-nft)?-save|\*(?:filter|nat|mangle|raw|security)\s*$)/;
const NFT_TABLE = /^\s*table\s+(?:ip|ip6|inet|arp|bridge|netdev)\s+\S+\s*\{/;
const SYSCTL = /^\s*[a-z][\w-]*(?:[./][\w.-]+)+\s*=\s*/;
const SOFTNET_ROW = /^\s*(?:[0-9a-f]{8}\s+){10,14}[0-9a-f]{8}\s*$/;
const SS_HEADER = /^(?:Netid\s+)?State\s+Recv-Q\s+Send-Q\s+Local\s+Address:Port/;
const SS_ROW = /^\s*(?:\S+\s+)?(?:LISTEN|ESTAB|UNCONN|SYN-SENT|SYN-RECV|TIME-WAIT|CLOSE-WAIT|FIN-WAIT-\d|LAST-ACK|CLOSING|CLOSED)\s+\d+\s+\d+\s/;
const IP_LINK = /^\d+:\s+[^\s:]+:\s+<[^>]*>/;
const IFCONFIG = /^(\S+?):?\s+(?:flags=|Link encap:)/;
const SNMP_NAMES = /^([A-Za-z][A-Za-z0-9]*):((?:\s+[A-Za-z][A-Za-z0-9_]*)+)\s*$/;
const SNMP_VALUES = /^([A-Za-z][A-Za-z0-9]*):((?:\s+-?\d+)+)\s*$/;
const SNMP_SECTIONS = new Set(['Ip', 'Icmp', 'IcmpMsg', 'Tcp', 'Udp', 'UdpLite']);

function nftEnd(all: readonly string[], i: number): number {
  let depth = 0;
  let j = i;
  for (; j < all.length && j < i + 100_000; j++) {
    const line = (all[j] ?? '').replace(/"[^"]*"/g, '');
    for (const ch of line) {
      if (ch === '{') depth++;
      else if (ch === '}') depth--;
    }
    if (depth <= 0) {
      const k = nextNonBlank(all, j + 1);
      if (k < all.length && NFT_TABLE.test(all[k] ?? '')) {
        j = k - 1;
        depth = 0;
        continue;
      }
      return j + 1;
    }
  }
  return j;
}

function jsonEnd(all: readonly string[], i: number): number {
  let acc = '';
  for (let j = i; j < all.length && j < i + 50_000; j++) {
    acc += `${all[j] ?? ''}\n`;
    if (!/\]\s*$/.test(all[j] ?? '')) continue;
    try {
      JSON.parse(acc);
      return j + 1;
    } catch {
      // not complete yet
    }
  }
  return i + 1;
}

const DETECTORS: readonly Detector[] = [
  {
    kind: 'kernel-log',
    start: (all, i) => isKernelDropLine(all[i] ?? '') || (isKernelLogLine(all[i] ?? '') && !IP_LINK.test(all[i] ?? '')),
    keep: (l, prev) => isKernelLogLine(l) || isKernelDropLine(l) || continuesKernelLine(prev, l),
    body: (l) => isKernelLogLine(l) || isKernelDropLine(l),
    // A message broken anywhere by a wrap: its tail has no timestamp or `kernel:` of its own.
    tail: (l) => !isKernelLogLine(l) && !isKernelDropLine(l) && !isProse(l),
  },
  {
    // ip [-s] neigh [show]: "ADDRESS [dev DEV] [lladdr LL] [ref N used A/B/C probes N] STATE".
    kind: 'ip-neigh',
    start: (all, i) => isIpNeighLine(all[i] ?? ''),
    keep: (l) => isIpNeighLine(l),
  },
  {
    // ethtool -g DEV: "Ring parameters for DEV:" (or its "Pre-set maximums:" when the header was not pasted).
    kind: 'ethtool-g',
    start: (all, i) =>
      /^\s*Ring parameters for \S+:\s*$/.test(all[i] ?? '') || (/^\s*Pre-set maximums:\s*$/.test(all[i] ?? '') && /^\s*RX Mini:/.test(all[i + 2] ?? '')),
    keep: (l) => /^\s*(?:Pre-set maximums|Current hardware settings):\s*$/.test(l) || /^\s*[A-Za-z][\w /-]*:\s+\S+\s*$/.test(l),
  },
  {
    kind: 'netstat-i',
    start: (all, i) => /^\s*(?:Kernel Interface table\s*$|Iface\s+MTU\s|Name\s+Mtu\s+Network\s+Address\s+Ipkts)/.test(all[i] ?? ''),
    keep: (l) => ASCII.test(l) && (/^\s*Iface\s/.test(l) || /^\S+\s+(?:\d+|-)\s+\S+/.test(l)),
  },
  {
    kind: 'netstat-s',
    start: (all, i) => NETSTAT_S_HEAD.test(all[i] ?? '') && !blank(all[i + 1]) && !SNMP_NAMES.test(all[i + 1] ?? ''),
    keep: (l) =>
      ASCII.test(l) &&
      (/^\s*[A-Za-z][A-Za-z0-9]*:\s*$/.test(l) || /\d/.test(l) || /^\s*ICMP (?:input|output) histogram:\s*$/i.test(l)),
    // A counter line: `    6350 times the listen queue of a socket overflowed`, `    TCPTimeWaitOverflow: 27360`.
    body: (l) => ASCII.test(l) && (/^\s+\d+\s+[A-Za-z]/.test(l) || /^\s+[A-Za-z][\w ]*\s\d+\s+[a-z]/.test(l) || /^\s+[A-Za-z]\w*:\s+-?\d+\s*$/.test(l)),
    // Every line of netstat -s but the section headers is indented: a line at column 0 is a wrapped tail.
    // The tail of netstat -s's prose is prose too: joined, the line must be one netstat -s knows, and not before.
    tail: (l, prev) =>
      !NETSTAT_S_HEAD.test(l) && !/^\s*[A-Za-z][A-Za-z0-9]*:\s*$/.test(l) && !/^\d+\s+[A-Za-z]/.test(l) && !knownNetstatLine(prev) && knownNetstatLine(`${prev.trimEnd()} ${l.trim()}`),
  },
  {
    kind: 'nstat',
    start: (all, i) => /^\s*#kernel\b/.test(all[i] ?? ''),
    keep: (l) => /^\s*[A-Za-z][A-Za-z0-9_]*\s+-?\d+(?:\s+[\d.]+)?\s*$/.test(l),
    body: (l) => /^\s*[A-Za-z][A-Za-z0-9_]*\s+-?\d+(?:\s+[\d.]+)?\s*$/.test(l),
  },
  {
    kind: 'tc-qdisc',
    start: (all, i) => QDISC.test(all[i] ?? ''),
    keep: (l) => ASCII.test(l) && (QDISC.test(l) || /^\s+\S/.test(l) || /^(?:Sent|backlog|rate|maxpacket|new_flows_len|lended:|tokens|memory_used|drop_overlimit|ecn_mark|requeues)\b/.test(l)),
    across: (l) => QDISC.test(l),
    body: (l) => ASCII.test(l) && /^\s*(?:Sent \d+ bytes|backlog \S+ \S+|rate \d|maxpacket \d|new_flows_len \d|lended: \d|tokens: -?\d|memory_used \d|drop_overlimit \d|ecn_mark \d)/.test(l),
    // Every line of a qdisc but its `qdisc ...` line is indented: a line at column 0 is a wrapped tail.
    tail: (l) => !QDISC.test(l) && !/^(?:Sent \d+ bytes|backlog \S+ \S+|rate \d|maxpacket \d|new_flows_len \d|lended: \d|tokens: -?\d|memory_used \d)/.test(l) && !isProse(l),
  },
  {
    kind: 'iptables-list',
    start: (all, i) => CHAIN.test(all[i] ?? ''),
    keep: (l, prev) => ASCII.test(l) && (CHAIN.test(l) || IPT_HEADER.test(l) || IPT_RULE.test(l) || (IPT_RULE.test(prev) && matchText(l))),
    across: (l) => CHAIN.test(l),
    body: (l) => ASCII.test(l) && (IPT_HEADER.test(l) || /\s(?:--|-f|!f)\s/.test(l)),
    // A rule's or header's tail: no chain line, header or rule of its own.
    tail: (l) => !CHAIN.test(l) && !IPT_HEADER.test(l) && !/\s(?:--|-f|!f)\s/.test(` ${l}`) && !isProse(l),
  },
  {
    kind: 'iptables-save',
    start: (all, i) => SAVE_START.test(all[i] ?? ''),
    keep: (l) => /^\s*(?:#|\*|:|-[AI]\s|\[\d+:\d+\]|COMMIT\b)/.test(l),
    across: (l) => /^\s*(?:#|\*)/.test(l),
    body: (l) => /^\s*(?::\S+\s+\S+\s+\[\d+:\d+\]|(?:\[\d+:\d+\]\s+)?-[AI]\s+\S+\s|COMMIT\s*$)/.test(l),
    // A rule's tail: no line of iptables-save starts this way.
    tail: (l) => !/^\s*(?:#|\*|:|-[AI]\s|\[\d+:\d+\]|COMMIT\b)/.test(l) && !isProse(l),
  },
  { kind: 'nft-ruleset', start: (all, i) => NFT_TABLE.test(all[i] ?? ''), extend: nftEnd },
  {
    kind: 'ethtool-S',
    start: (all, i) => /^\s*(?:NIC statistics:|Standard stats for )/.test(all[i] ?? ''),
    keep: (l) => /^\s*\S.*:\s+-?\d+\s*$/.test(l),
    body: (l) => /^\s+\S.*:\s+-?\d+\s*$/.test(l),
  },
  {
    kind: 'conntrack-S',
    start: (all, i) => /^\s*cpu=\d+\s+[a-z_]+=/.test(all[i] ?? ''),
    keep: (l) => /^\s*cpu=\d+\s+[a-z_]+=/.test(l),
    body: (l) => /^\s*cpu=\d+\s+[a-z_]+=/.test(l),
  },
  {
    // /proc/net/stat/arp_cache or ndisc_cache: the same layout as nf_conntrack's, told apart by table_fulls.
    kind: 'neigh-stat',
    start: (all, i) => /^\s*entries(?:\s+[a-z_]+)+\s*$/.test(all[i] ?? '') && /\btable_fulls\b/.test(all[i] ?? ''),
    keep: (l) => /^\s*[0-9a-fA-F]+(?:\s+[0-9a-fA-F]+)+\s*$/.test(l),
  },
  {
    kind: 'proc-nf-conntrack',
    start: (all, i) => /^\s*entries(?:\s+[a-z_]+)+\s*$/.test(all[i] ?? ''),
    keep: (l) => /^\s*[0-9a-fA-F]+(?:\s+[0-9a-fA-F]+)+\s*$/.test(l),
  },
  {
    // One run of `key = value` lines: conntrack's count/max when it holds them, else other settings.
    kind: (all, s, e) => (all.slice(s, e).some((l) => /^\s*net[./](?:netfilter[./])?nf_conntrack_(?:count|max)\s*=/.test(l)) ? 'sysctl-conntrack' : 'sysctl'),
    start: (all, i) => SYSCTL.test(all[i] ?? '') && ASCII.test(all[i] ?? ''),
    keep: (l) => SYSCTL.test(l),
    body: (l) => SYSCTL.test(l) && ASCII.test(l),
  },
  {
    // /proc/net/softnet_stat: one row per CPU of 11 to 15 eight-digit hex words (nf_conntrack's rows have 17 and a header).
    kind: 'softnet-stat',
    start: (all, i) => SOFTNET_ROW.test(all[i] ?? ''),
    keep: (l) => SOFTNET_ROW.test(l),
    body: (l) => SOFTNET_ROW.test(l),
  },
  {
    kind: 'ss-ltn',
    start: (all, i) => SS_HEADER.test((all[i] ?? '').trim()) || /^\s*LISTEN\s+\d+\s+\d+\s/.test(all[i] ?? ''),
    keep: (l) => SS_ROW.test(l) || (/^\s+\S/.test(l) && ASCII.test(l)),
  },
  {
    kind: 'ip-s-link',
    start: (all, i) => IP_LINK.test(all[i] ?? ''),
    keep: (l) => IP_LINK.test(l) || (/^\s+\S/.test(l) && ASCII.test(l)),
  },
  {
    kind: 'ip-link-json',
    start: (all, i) => /^\s*\[\s*(?:\{.*)?$/.test(all[i] ?? '') && all.slice(i, i + 5).join('\n').includes('"ifname"'),
    extend: jsonEnd,
  },
  {
    kind: 'ifconfig',
    start: (all, i) => IFCONFIG.test(all[i] ?? ''),
    keep: (l) => ASCII.test(l) && (IFCONFIG.test(l) || /^\s+\S/.test(l)),
    across: (l) => IFCONFIG.test(l) || /^\s+\S/.test(l),
  },
  {
    kind: (all, s, e) => (all.slice(s, e).some((l) => SNMP_SECTIONS.has(/^([A-Za-z0-9]+):/.exec(l)?.[1] ?? '')) ? 'proc-snmp' : 'proc-netstat'),
    start: (all, i) => {
      const m = SNMP_NAMES.exec(all[i] ?? '');
      return m !== null && new RegExp(`^${m[1]}:\\s+-?\\d`).test(all[i + 1] ?? '');
    },
    keep: (l) => SNMP_NAMES.test(l) || SNMP_VALUES.test(l),
  },
  {
    kind: 'proc-net-dev',
    start: (all, i) => /^\s*(?:Inter-\||face\s*\|)/.test(all[i] ?? ''),
    keep: (l) => /^\s*face\s*\|/.test(l) || /^\s*\S+:\s*\d+(?:\s+\d+)+\s*$/.test(l),
  },
];

// ---- outputs filtered through grep: no header line left -------------------------------------------

/** `netstat -s` counter lines, as grep leaves them (`    15 SYNs to LISTEN sockets dropped`). */
const NETSTAT_S_LINE = /^\s*(?:\d+\s+[A-Za-z]|[A-Za-z][\w ]*?\s\d+\s+times?\b|[A-Z]\w*:\s+-?\d+\s*$)/;
/** `nstat` rows as grep leaves them (`TcpExtListenDrops   15   0.0`). */
const NSTAT_ROW = new RegExp(`^\\s*(?:${MIB_GROUPS})[A-Z]\\w*\\s+-?\\d+(?:\\s+-?[\\d.]+)?\\s*$`);

/** The filter a command's output went through (`grep -i listen` of `netstat -s | grep -i listen`). */
export function filterOf(command: string | undefined): string | undefined {
  const m = command ? /\|\s*((?:sudo\s+)?(?:e?grep|fgrep|rg|head|tail|awk|sed|cut|uniq)\b.*)$/.exec(command) : null;
  return m?.[1]?.trim();
}

/**
 * Detectors for outputs whose header a filter removed, used only when the command typed before them
 * says what they are (`netstat -s | grep -i listen`, `nstat -az | grep Tcp`).
 */
function headless(command: string | undefined): Detector | undefined {
  if (!command || filterOf(command) === undefined) return undefined;
  if (/\bnetstat\s+(?:-\w*s\w*|--statistics)\b/.test(command)) {
    return { kind: 'netstat-s', start: (all, i) => NETSTAT_S_LINE.test(all[i] ?? ''), keep: (l) => NETSTAT_S_LINE.test(l), body: (l) => NETSTAT_S_LINE.test(l) };
  }
  if (/\bnstat\b/.test(command)) {
    return { kind: 'nstat', start: (all, i) => NSTAT_ROW.test(all[i] ?? ''), keep: (l) => NSTAT_ROW.test(l), body: (l) => NSTAT_ROW.test(l) };
  }
  return undefined;
}

const NETSTAT_S_SECTIONS = ['TcpExt', 'Tcp', 'Ip', 'IpExt', 'Udp', 'Icmp', 'UdpLite'] as const;

/**
 * `netstat -s` lines without their `Section:` headers: each line goes under the first section whose
 * wording it is (TcpExt first: what people grep for is there). Lines no section knows are returned apart.
 */
function withNetstatHeaders(body: readonly string[]): { text: string; unknown: number[] } {
  const out: string[] = [];
  const unknown: number[] = [];
  let current: string | undefined;
  body.forEach((l, k) => {
    const section = NETSTAT_S_SECTIONS.find((h) => parseNetstatS(`${h}:\n${l}`).ok);
    if (section === undefined) {
      unknown.push(k);
      return;
    }
    if (section !== current) out.push(`${section}:`);
    current = section;
    out.push(/^\s/.test(l) ? l : `    ${l}`);
  });
  return { text: out.join('\n'), unknown };
}

/** Parse one section with its kind's parser. Never throws. */
export function parseSection(s: Section): ParseResult<SectionData> {
  const ok = <D extends SectionData>(d: D): ParseResult<SectionData> => ({ ok: true, data: d });
  const bad = (r: { ok: false; reason: string }): ParseResult<SectionData> => r;
  try {
    switch (s.kind) {
      case 'netstat-i':
      case 'ifconfig':
      case 'proc-net-dev': {
        const p = s.kind === 'netstat-i' ? parseNetstatI(s.text) : s.kind === 'ifconfig' ? parseIfconfig(s.text) : parseProcNetDev(s.text);
        return p.ok ? ok({ kind: s.kind, data: p.data }) : bad(p);
      }
      case 'ip-s-link':
      case 'ip-link-json': {
        const p = s.kind === 'ip-s-link' ? parseIpLinkText(s.text) : parseIpLinkJson(s.text);
        return p.ok ? ok({ kind: s.kind, data: p.data }) : bad(p);
      }
      case 'ethtool-S': {
        const p = parseEthtoolStats(s.text);
        return p.ok ? ok({ kind: s.kind, data: p.data }) : bad(p);
      }
      case 'netstat-s':
      case 'nstat':
      case 'proc-snmp':
      case 'proc-netstat': {
        const p = s.kind === 'netstat-s' ? parseNetstatS(s.text) : s.kind === 'nstat' ? parseNstat(s.text) : parseProcSnmp(s.text);
        return p.ok ? ok({ kind: s.kind, data: p.data }) : bad(p);
      }
      case 'tc-qdisc': {
        const p = parseTcQdisc(s.text, devOf(s.command));
        return p.ok ? ok({ kind: s.kind, data: p.data }) : bad(p);
      }
      case 'iptables-list': {
        const p = parseIptablesList(s.text);
        return p.ok ? ok({ kind: s.kind, data: p.data }) : bad(p);
      }
      case 'iptables-save': {
        const p = parseIptablesSave(s.text);
        return p.ok ? ok({ kind: s.kind, data: p.data }) : bad(p);
      }
      case 'nft-ruleset': {
        const p = parseNftRuleset(s.text);
        return p.ok ? ok({ kind: s.kind, data: p.data }) : bad(p);
      }
      case 'conntrack-S':
      case 'proc-nf-conntrack':
      case 'sysctl-conntrack': {
        const p = s.kind === 'conntrack-S' ? parseConntrackS(s.text) : s.kind === 'proc-nf-conntrack' ? parseConntrackStatProc(s.text) : parseConntrackSysctl(s.text);
        return p.ok ? ok({ kind: s.kind, data: p.data }) : bad(p);
      }
      case 'ss-ltn': {
        const p = parseSsListen(s.text);
        return p.ok ? ok({ kind: s.kind, data: p.data }) : bad(p);
      }
      case 'kernel-log': {
        const p = parseKernelLog(s.text);
        return p.ok ? ok({ kind: s.kind, data: p.data }) : bad(p);
      }
      case 'softnet-stat': {
        const p = parseSoftnetStat(s.text);
        return p.ok ? ok({ kind: s.kind, data: p.data }) : bad(p);
      }
      case 'neigh-stat': {
        const p = parseNeighStat(s.text);
        return p.ok ? ok({ kind: s.kind, data: p.data }) : bad(p);
      }
      case 'ip-neigh': {
        const p = parseIpNeigh(s.text);
        return p.ok ? ok({ kind: s.kind, data: p.data }) : bad(p);
      }
      case 'ethtool-g': {
        const p = parseEthtoolRings(s.text);
        return p.ok ? ok({ kind: s.kind, data: p.data }) : bad(p);
      }
      case 'sysctl': {
        const v = parseSysctlLines(s.text);
        return Object.keys(v).length > 0 ? ok({ kind: s.kind, data: v }) : { ok: false, reason: t('analyze.reason.no-sysctl-line') };
      }
    }
  } catch (e) {
    return { ok: false, reason: t('analyze.reason.parser-bug', { error: e instanceof Error ? e.message : String(e) }) };
  }
}

/** The device a command names: `tc -s qdisc show dev eth0`, `ethtool -S eth0`. */
export function devOf(command: string | undefined): string | undefined {
  if (!command) return undefined;
  const tc = /\bdev\s+([\w.@:-]+)/.exec(command);
  if (tc) return tc[1];
  const eth = /\bethtool\s+(?:-S|--statistics|-g|--show-ring)\s+([\w.@:-]+)/.exec(command);
  return eth?.[1];
}

/** The table an iptables command lists (`-t nat`, `--table=nat`); filter by default. */
export function tableOf(command: string | undefined): string {
  const m = command ? /(?:^|\s)(?:-t\s*|--table[= ])(\w+)/.exec(command) : null;
  return m?.[1] ?? 'filter';
}

const indentOf = (l: string): number => (/^[ \t]*/.exec(l)?.[0] ?? '').replace(/\t/g, '    ').length;

/**
 * A Markdown indented code block (after a blank line, every line indented by four or more) holding an
 * output: its common indentation is removed when that makes its first line the start of a known output
 * (`    1: eth0: <BROADCAST,...>` is `ip link` once unindented). Other indented text is left as it is.
 */
function dedentCodeBlocks(all: readonly string[]): string[] {
  const out = [...all];
  let p = 0;
  while (p < out.length) {
    const first = out[p] ?? '';
    if (blank(first) || indentOf(first) < 4 || (p > 0 && !blank(out[p - 1]))) {
      p++;
      continue;
    }
    let q = p;
    while (q < out.length && (blank(out[q]) || indentOf(out[q] ?? '') >= 4)) q++;
    let common = Infinity;
    for (let k = p; k < q; k++) if (!blank(out[k])) common = Math.min(common, indentOf(out[k] ?? ''));
    const dedent = (l: string): string => (blank(l) ? l : l.replace(/\t/g, '    ').slice(common));
    // Detectors look a few lines ahead of where they start: a window is enough, and keeps this linear.
    const window = [...out.slice(p, Math.min(q, p + 8)).map(dedent), ...out.slice(q, q + 8)];
    if (!DETECTORS.some((d) => d.start(out, p)) && DETECTORS.some((d) => d.start(window, 0))) {
      for (let k = p; k < q; k++) out[k] = dedent(out[k] ?? '');
    }
    p = q;
  }
  return out;
}

/** Consecutive line numbers as ranges: `[3, 4, 9]` → `[[3, 4], [9, 9]]`. */
function ranges(ns: readonly number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const n of [...ns].sort((a, b) => a - b)) {
    const last = out[out.length - 1];
    if (last && n === last[1] + 1) last[1] = n;
    else out.push([n, n]);
  }
  return out;
}

/**
 * Split `text` into recognised sections (parsed) and unrecognised line ranges. `file` labels both.
 * Code fences and `> ` quote markers are read through; hard-wrapped tails are joined back; a section
 * resumes after a few odd lines, which are reported (as `notUnderstood` of the section and as
 * unrecognised ranges inside it). Never throws.
 */
export function detectSections(text: string, file = '-'): Detection {
  const raw = lines(typeof text === 'string' ? text : '');
  const cleaned = cleanLines(raw);
  const all = dedentCodeBlocks(cleaned.lines);
  const wrapWidth = cleaned.wrapWidth;
  const sections: ParsedSection[] = [];
  const unrecognised: UnrecognisedRange[] = [];
  const commands: { line: number; command: string }[] = [];
  let pending: { line: number; command: string } | undefined;
  let loose: { start: number; end: number } | undefined;
  const flushLoose = (): void => {
    if (loose) unrecognised.push({ file, startLine: loose.start + 1, endLine: loose.end + 1, firstLine: (all[loose.start] ?? '').trim().slice(0, 120) });
    loose = undefined;
  };
  let i = 0;
  while (i < all.length) {
    const line = all[i] ?? '';
    if (blank(line)) {
      i++;
      continue;
    }
    const cmd = commandOf(line);
    const filtered = cmd === undefined ? headless(pending?.command) : undefined;
    const det = DETECTORS.find((d) => d.start(all, i)) ?? (filtered?.start(all, i) ? filtered : undefined);
    if (cmd !== undefined && (!det || isPrompted(line))) {
      flushLoose();
      pending = { line: i + 1, command: cmd };
      commands.push(pending);
      i++;
      continue;
    }
    if (!det) {
      // Prose that names the command of the output below it (`**Command:** \`sudo iptables -nvL\``).
      const inline = inlineCommand(line, commandOf);
      if (inline !== undefined) {
        pending = { line: i + 1, command: inline };
        commands.push(pending);
      }
      loose = loose ? { start: loose.start, end: i } : { start: i, end: i };
      i++;
      continue;
    }
    flushLoose();
    const span = scan(all, i, det, wrapWidth);
    const end = Math.max(i + 1, span.end);
    const kind = typeof det.kind === 'string' ? det.kind : det.kind(all, i, end);
    let last = end - 1;
    while (last > i && blank(all[last])) last--;
    // The text the parser reads: odd lines left out, wrapped tails joined to their line.
    const skipped = new Set(span.skipped);
    const joined = new Set(span.joined);
    const body: string[] = [];
    for (let k = i; k <= last; k++) {
      const l = all[k] ?? '';
      if (skipped.has(k)) continue;
      if (joined.has(k) && body.length > 0) body[body.length - 1] = `${(body[body.length - 1] ?? '').trimEnd()} ${l.trim()}`;
      else body.push(l);
    }
    // Filtered outputs: the parser is given the header the filter removed.
    let text = body.join('\n');
    if (det === filtered && kind === 'nstat') text = `#kernel\n${text}`;
    if (det === filtered && kind === 'netstat-s') {
      // The lines read (not skipped, tails joined, blank ones aside), with their input indexes.
      const kept: number[] = [];
      for (let k = i; k <= last; k++) if (!skipped.has(k) && !joined.has(k) && !blank(all[k])) kept.push(k);
      const w = withNetstatHeaders(body.filter((l) => !blank(l)));
      text = w.text;
      for (const u of w.unknown) {
        const k = kept[u];
        if (k !== undefined) skipped.add(k);
      }
    }
    const notUnderstood = [...skipped].sort((a, b) => a - b).map((k) => k + 1);
    const unwrapped = span.joined.map((k) => k + 1);
    const filter = kind === 'kernel-log' ? undefined : filterOf(pending?.command);
    const section: Section = {
      kind,
      file,
      startLine: i + 1,
      endLine: last + 1,
      text,
      ...(filter !== undefined ? { filtered: filter } : {}),
      ...(pending ? { command: pending.command } : {}),
      ...(notUnderstood.length > 0 ? { notUnderstood } : {}),
      ...(span.trims.length > 0 ? { trimmed: span.trims.map((k) => k + 1) } : {}),
      ...(unwrapped.length > 0 ? { unwrapped } : {}),
    };
    const p = parseSection(section);
    if (p.ok) {
      sections.push({ ...section, parsed: p.data });
      const trims = new Set(section.trimmed ?? []);
      for (const [a, b] of ranges(notUnderstood)) {
        unrecognised.push({
          file,
          startLine: a,
          endLine: b,
          reason: trims.has(a) && a === b ? t('analyze.reason.trim-mark') : t('analyze.reason.inside-section'),
          lookedLike: kind,
          inSection: { startLine: i + 1, endLine: last + 1 },
          firstLine: (all[a - 1] ?? '').trim().slice(0, 120),
        });
      }
    } else {
      unrecognised.push({ file, startLine: i + 1, endLine: last + 1, reason: p.reason, lookedLike: kind, firstLine: line.trim().slice(0, 120) });
    }
    pending = undefined;
    i = last + 1;
  }
  flushLoose();
  return { sections, unrecognised, commands };
}
