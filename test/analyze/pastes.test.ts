/**
 * pktdrop analyze on real pastes as people post them in issues (test/fixtures/pastes/, each with its
 * .source.txt): fences, `> ` quotes, prose and commands in the middle of an output, outputs trimmed by
 * hand (`[...]`) or filtered through grep, kernel messages hard-wrapped. Two files are derived from real
 * ones by wrapping (and quoting) them as a mail client does; their source files say how.
 *
 * For each: what is recognised (kind, lines, command), which input lines are reported not understood,
 * the findings (id, subject), the verdict of each layer and the exit code.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeTexts, type AnalyzeReport } from '../../src/analyze/analyze.js';
import { commandOf, detectSections, filterOf } from '../../src/analyze/detect.js';
import { cleanLines, inlineCommand, isTrimMark, lineList, looksWrapped } from '../../src/analyze/resync.js';
import { tr } from '../../src/i18n/index.js';
import { analyzeReportJson, analyzeTextLines } from '../../src/ui/render-analyze.js';

const paste = (name: string): string => readFileSync(new URL(`../fixtures/pastes/${name}`, import.meta.url), 'utf8');
const run = (name: string): AnalyzeReport => analyzeTexts([{ name, text: paste(name) }]);
const sections = (r: AnalyzeReport) => r.sections.map((s) => [s.kind, s.startLine, s.endLine, s.command]);
const findings = (r: AnalyzeReport) => r.findings.map((f) => [f.id, f.subject]);
/** Each layer's verdict as the report gives it: status, and whether its title says "partly read". */
const verdicts = (r: AnalyzeReport) =>
  r.steps.filter((s) => s.outcome.status !== 'skipped').map((s) => [s.layer, s.outcome.status, s.title.endsWith('— partly read')]);
const CJK = /[\u3400-\u9fff]/;

/** Wrap a line as a mail client does: break at the last space within `width`, drop the blanks there. */
function wrapAt(line: string, width: number): string[] {
  const out: string[] = [];
  let rest = line;
  while (rest.length > width) {
    const at = rest.lastIndexOf(' ', width);
    if (at <= rest.length - rest.trimStart().length) break;
    out.push(rest.slice(0, at).trimEnd());
    rest = rest.slice(at).trimStart();
  }
  return [...out, rest];
}

describe('a netstat -s with the command typed inside it (hiboma/hiboma#4)', () => {
  const r = run('netstat-s-prompt-inside-hiboma.txt');

  it('reads the TcpExt section through the typed `netstat -s` and the four-backtick fence, and says line 6 was not understood', () => {
    expect(sections(r)).toEqual([['netstat-s', 5, 28, undefined]]);
    expect(r.sections[0]?.notUnderstood).toEqual([6]);
    expect(r.unrecognised.filter((u) => u.inSection)).toEqual([
      expect.objectContaining({ startLine: 6, endLine: 6, lookedLike: 'netstat-s', firstLine: 'netstat -s', inSection: { startLine: 5, endLine: 28 } }),
    ]);
  });

  it('judges the counters around it (6350 listen queue overflows, since boot) but the TCP layer is "partly read", never pass; exit 1', () => {
    expect(findings(r)).toEqual([
      ['tcp.listen-overflow', 'listen queues'],
      ['analyze.partly-read', 'netstat-s netstat-s-prompt-inside-hiboma.txt:5-28'],
    ]);
    // Only TcpExt was pasted: IP and UDP are not in the input (not "pass").
    expect(verdicts(r)).toEqual([['tcp', 'findings', true]]);
    expect(r.steps.find((s) => s.layer === 'ip')?.outcome).toEqual({ status: 'skipped', reason: 'not in the input: netstat-s holds none of its counters' });
    expect(r.partlyRead).toEqual([{ layer: 'tcp', title: 'TCP: handshakes, listen queues, retransmits (netstat-s) — partly read', sections: ['netstat-s-prompt-inside-hiboma.txt:5-28'] }]);
    expect(r.exitCode).toBe(1);
  });

  it('says which line in the finding, in English and in Chinese', () => {
    const f = r.findings.find((x) => x.id === 'analyze.partly-read');
    expect(f?.title).toBe('The netstat-s output (netstat-s-prompt-inside-hiboma.txt:5-28) was only partly read: line(s) 6 not understood');
    expect(f?.severity).toBe('warning');
    expect(f?.evidence).toEqual([{ kind: 'state', name: 'lines not understood', subject: 'netstat-s-prompt-inside-hiboma.txt:5-28', value: '6', source: 'netstat -s' }]);
    expect(tr('zh', f?.title ?? '')).toBe('netstat-s 输出（netstat-s-prompt-inside-hiboma.txt:5-28）仅部分读取：第 6 行未能识别');
    expect(tr('zh', f?.explanation ?? '')).toMatch(CJK);
    expect(tr('zh', r.steps.find((s) => s.layer === 'tcp')?.title ?? '')).toMatch(/——仅部分读取$/);
  });

  it('the text report shows the step as partly read and the line, the JSON carries notUnderstood', () => {
    const text = analyzeTextLines({ ...r, bundles: [] }, false, false).join('\n');
    expect(text).toContain('TCP: handshakes, listen queues, retransmits (netstat-s) — partly read');
    expect(text).toContain('analyze.partly-read  The netstat-s output (netstat-s-prompt-inside-hiboma.txt:5-28) was only partly read: line(s) 6 not understood');
    expect(text).toMatch(/netstat-s-prompt-inside-hiboma\.txt:6-6 {2}looked like netstat-s, but this text sits inside it and was not understood/);
    const json = analyzeReportJson({ ...r, bundles: [] }, { version: 'test' }) as { sections: { notUnderstood?: number[] }[] };
    expect(json.sections[0]?.notUnderstood).toEqual([6]);
  });
});

describe('an iptables-save trimmed by hand with [...] (kbknapp/iptables_exporter#11)', () => {
  const r = run('iptables-save-trimmed-exporter.txt');

  it('takes the command from the prompt inside the fence, reads the chain headers, reports the trim mark on line 14', () => {
    expect(sections(r)).toEqual([['iptables-save', 9, 14, 'iptables-save --counter']]);
    expect(r.sections[0]).toMatchObject({ notUnderstood: [14], trimmed: [14] });
    // The exporter's metrics in the first fence are no known output.
    expect(r.unrecognised.map((u) => [u.startLine, u.endLine, u.reason])).toEqual([
      [1, 6, undefined],
      [14, 14, 'a trim mark: lines were removed here by hand'],
    ]);
  });

  it('judges what is there (INPUT policy DROP, 8 packets since boot) and calls the netfilter layer trimmed and partly read; exit 1', () => {
    expect(findings(r)).toEqual([
      ['netfilter.drop-policy', 'iptables filter/INPUT policy'],
      ['analyze.partly-read', 'iptables-save iptables-save-trimmed-exporter.txt:9-14'],
    ]);
    expect(r.findings[1]?.title).toBe('The iptables-save output (iptables-save-trimmed-exporter.txt:9-14) was trimmed by hand and only partly read: line(s) 14 not understood');
    expect(r.findings[1]?.action).toBe('run `iptables-save --counter` again and paste its whole output unchanged (as a file, or in a code block, not quoted or wrapped), then pktdrop analyze it');
    expect(verdicts(r)).toEqual([['netfilter', 'findings', true]]);
    expect(r.exitCode).toBe(1);
  });
});

describe('a tc -s qdisc after a [user@host ~]# prompt (tohojo/sqm-scripts#37), and the same hard-wrapped at 72 columns', () => {
  const real = run('tc-qdisc-prompt-sqm.txt');
  const wrapped = run('tc-qdisc-wrapped-sqm.txt');

  it('the real paste: one section with the prompt\'s command, the htb root and the fq_codel leaf dropping 213 each', () => {
    expect(sections(real)).toEqual([['tc-qdisc', 5, 17, 'tc -s qdisc show']]);
    expect(real.sections[0]?.notUnderstood).toBeUndefined();
    expect(findings(real)).toEqual([
      ['qdisc.drops', 'qdisc htb 1: dev eth0.2 root'],
      ['qdisc.drops', 'qdisc fq_codel 120: dev eth0.2 parent 1:12'],
    ]);
    expect(real.exitCode).toBe(0);
  });

  it('wrapped: the five tails (lines 6, 8, 11, 17 and the Sent line\'s) are joined back, nothing is lost, the same qdiscs are read', () => {
    expect(sections(wrapped)).toEqual([['tc-qdisc', 5, 21, 'tc -s qdisc show']]);
    expect(wrapped.sections[0]?.unwrapped).toEqual([6, 8, 11, 17]);
    expect(wrapped.sections[0]?.notUnderstood).toBeUndefined();
    expect(findings(wrapped)).toEqual(findings(real));
    const parsed = (name: string) => detectSections(paste(name), name).sections.map((s) => s.parsed);
    expect(parsed('tc-qdisc-wrapped-sqm.txt')).toEqual(parsed('tc-qdisc-prompt-sqm.txt'));
    expect(wrapped.exitCode).toBe(0);
  });
});

describe('an iptables -nvL under a Markdown "**Command:**" (moby/moby#15945), and the same quoted and wrapped as a mail reply', () => {
  const real = run('iptables-nvL-markdown-moby.txt');
  const quoted = run('iptables-nvL-quoted-wrapped-moby.txt');

  it('takes the command from the inline code, reads both chains, nothing convicted: exit 0', () => {
    expect(sections(real)).toEqual([['iptables-list', 6, 19, 'sudo iptables -nvL']]);
    expect(real.findings).toEqual([]);
    expect(verdicts(real)).toEqual([['netfilter', 'pass', false]]);
    expect(real.exitCode).toBe(0);
  });

  it('quoted with "> " and wrapped at 70: the quote markers are read through, each broken rule and header joined back, the same 9 rules', () => {
    expect(sections(quoted)).toEqual([['iptables-list', 6, 30, 'sudo iptables -nvL']]);
    expect(quoted.sections[0]?.unwrapped).toEqual([8, 10, 12, 14, 16, 18, 20, 22, 26, 28, 30]);
    expect(quoted.sections[0]?.notUnderstood).toBeUndefined();
    const parsed = (name: string) => detectSections(paste(name), name).sections.map((s) => s.parsed);
    expect(parsed('iptables-nvL-quoted-wrapped-moby.txt')).toEqual(parsed('iptables-nvL-markdown-moby.txt'));
    expect(verdicts(quoted)).toEqual([['netfilter', 'pass', false]]);
    expect(quoted.exitCode).toBe(0);
  });
});

describe('an iptables --line-numbers listing after an empty "> " quote (trick77/nftables-blacklist#82)', () => {
  const r = run('iptables-quoted-blacklist.txt');

  it('reads INPUT (policy DROP, 8 rules), the quote line is markup, nothing convicted: exit 0', () => {
    expect(sections(r)).toEqual([['iptables-list', 2, 11, undefined]]);
    expect(r.unrecognised).toEqual([]);
    expect(r.findings).toEqual([]);
    expect(r.exitCode).toBe(0);
  });
});

describe('two snapshots of iptables -vnL DOCKER-USER with the warning iptables prints, in Chinese prose (chaifeng/ufw-docker#153)', () => {
  const r = run('iptables-vnL-two-snapshots-ufw-docker.txt');

  it('pairs the two listings (same rules) and convicts the DROP ctstate INVALID rule that rose 71 → 77: exit 1', () => {
    expect(sections(r)).toEqual([
      ['iptables-list', 8, 12, 'iptables -vnL DOCKER-USER --line-numbers'],
      ['iptables-list', 16, 20, 'iptables -vnL DOCKER-USER --line-numbers'],
    ]);
    expect(r.sections.map((s) => s.mode)).toEqual(['delta', 'delta']);
    expect(findings(r)).toEqual([['netfilter.drop-rule', 'iptables filter/DOCKER-USER#3']]);
    expect(r.findings[0]?.severity).toBe('error');
    expect(r.exitCode).toBe(1);
  });

  it('the iptables warning lines are reported as not recognised, outside the sections', () => {
    expect(r.unrecognised.filter((u) => u.firstLine.startsWith('# Warning')).map((u) => [u.startLine, u.inSection])).toEqual([
      [7, undefined],
      [15, undefined],
    ]);
  });
});

describe('kernel messages hard-wrapped after "table full," in a fence (wballard/starphleet#352)', () => {
  const r = run('kernel-log-wrapped-starphleet.txt');

  it('joins each message back: five "table full, dropping packet", a warning from history; exit 0', () => {
    expect(sections(r)).toEqual([['kernel-log', 4, 12, undefined]]);
    expect(findings(r)).toEqual([['conntrack.table-full', 'nf_conntrack']]);
    expect(r.findings[0]?.title).toBe('The kernel logged "nf_conntrack: table full, dropping packet" 5 time(s)');
    expect(r.exitCode).toBe(0);
  });
});

describe('netstat -s BEFORE, among prose and links (adobe-platform/porter#124)', () => {
  const r = run('netstat-s-prose-porter.txt');

  it('names the output by "`netstat -s` BEFORE", reads all of TcpExt; only TCP is in the input', () => {
    expect(sections(r)).toEqual([['netstat-s', 12, 31, 'netstat -s']]);
    expect(r.sections[0]?.notUnderstood).toBeUndefined();
    expect(findings(r)).toEqual([['tcp.timewait-overflow', 'time-wait buckets']]);
    expect(verdicts(r)).toEqual([['tcp', 'findings', false]]);
    expect(r.exitCode).toBe(0);
  });
});

describe('netstat -s and nstat filtered through grep, bare commands before them (netdata/netdata#6998)', () => {
  const r = run('netstat-s-grep-netdata.txt');

  it('reads the headerless lines as what the command says they are', () => {
    expect(sections(r)).toEqual([
      ['netstat-s', 8, 8, 'netstat -s | grep -i listen'],
      ['nstat', 11, 11, 'nstat -a | grep -i listen'],
    ]);
    expect(r.sections.map((s) => s.filtered)).toEqual(['grep -i listen', 'grep -i listen']);
  });

  it('15 ListenDrops without overflows is tcp.listen-drops; both outputs are filtered, so TCP is "partly read": exit 1', () => {
    expect(findings(r)).toEqual([
      ['tcp.listen-drops', 'listen sockets'],
      ['analyze.partly-read', 'netstat-s netstat-s-grep-netdata.txt:8-8'],
      ['analyze.partly-read', 'nstat netstat-s-grep-netdata.txt:11-11'],
    ]);
    expect(r.findings[1]?.title).toBe('The netstat-s output (netstat-s-grep-netdata.txt:8-8) went through `grep -i listen`: only the lines it let through were read');
    expect(r.findings[1]?.action).toContain('run `netstat -s` again');
    expect(verdicts(r)).toEqual([
      ['tcp', 'findings', true],
      ['tcp', 'findings', true],
    ]);
    expect(r.exitCode).toBe(1);
  });
});

describe('conntrack -S after a $ prompt in a fence (influxdata/telegraf#8955)', () => {
  const r = run('conntrack-S-telegraf.txt');

  it('reads the eight CPUs (trailing blanks and padding as posted): one drop and insert failure, INVALID packets, since boot; exit 0', () => {
    expect(sections(r)).toEqual([['conntrack-S', 5, 12, 'conntrack -S']]);
    expect(r.sections[0]?.notUnderstood).toBeUndefined();
    expect(findings(r)).toEqual([
      ['conntrack.drops', 'nf_conntrack'],
      ['conntrack.invalid-dropped', 'nf_conntrack'],
    ]);
    expect(r.findings.every((f) => f.basis === 'history' && f.severity === 'warning')).toBe(true);
    expect(r.exitCode).toBe(0);
  });
});

describe('conntrack -S lines under a table header of VyOS\'s own (vyos/vyos-1x#1489)', () => {
  const r = run('conntrack-S-table-vyos.txt');

  it('reads the cpu= lines; the header and the dashes are not recognised, outside the section; nothing dropped: exit 0', () => {
    expect(sections(r)).toEqual([['conntrack-S', 6, 9, 'show conntrack statistics']]);
    expect(r.unrecognised.map((u) => [u.startLine, u.endLine])).toEqual([
      [1, 1],
      [4, 5],
      [10, 10],
    ]);
    expect(verdicts(r)).toEqual([['conntrack', 'pass', false]]);
    expect(r.exitCode).toBe(0);
  });
});

describe('resynchronisation, line by line', () => {
  it('fences and quote markers are stripped line for line, so line numbers still point at the input', () => {
    const c = cleanLines(['> ```', '> > Chain INPUT (policy ACCEPT)', '~~~text', 'plain']);
    expect(c.lines).toEqual(['', 'Chain INPUT (policy ACCEPT)', '', 'plain']);
    expect([...c.fences]).toEqual([0, 2]);
    // A slide's bullets; iptables-save's own `*filter` and `-A` are no markers.
    expect(cleanLines(['•Chain INPUT (policy ACCEPT 25042 packets, 4019K bytes)', '*filter', '-A INPUT -j DROP']).lines).toEqual([
      'Chain INPUT (policy ACCEPT 25042 packets, 4019K bytes)',
      '*filter',
      '-A INPUT -j DROP',
    ]);
  });

  it('trim marks as people write them', () => {
    for (const m of ['...', '[...]', '[ ... ]', '[snip]', '<snip>', '(output truncated)', '-- snip --', '…', '(12 lines omitted)']) expect(isTrimMark(m), m).toBe(true);
    for (const m of ['Chain INPUT (policy DROP)', 'packets dropped...', '    0     0 DROP all -- * * 0.0.0.0/0 0.0.0.0/0']) expect(isTrimMark(m), m).toBe(false);
  });

  it('a wrap is seen only in a paste that shows a width, on a line that fills it, for a tail at column 0 that is no sentence', () => {
    const head = 'qdisc htb 1: dev eth0.2 root refcnt 2 r2q 10 default 12';
    expect(looksWrapped(head, 'direct_packets_stat 0 direct_qlen 2', 72)).toBe(true);
    expect(looksWrapped(head, 'direct_packets_stat 0 direct_qlen 2', undefined)).toBe(false);
    expect(looksWrapped('qdisc noqueue 0: dev lo root', 'direct_qlen 2', 72)).toBe(false);
    expect(looksWrapped(head, ' Sent 0 bytes 0 pkt', 72)).toBe(false);
    expect(looksWrapped(head, 'Does this mean the shaper drops packets?', 72)).toBe(false);
  });

  it('a trimmed tc output: the qdiscs after [snip] are read, the mark is reported, the layer is partly read (synthetic, from the sqm paste)', () => {
    const lines = paste('tc-qdisc-prompt-sqm.txt').split('\n');
    const text = [...lines.slice(0, 8), '[snip]', ...lines.slice(8)].join('\n');
    const r = analyzeTexts([{ name: 'trimmed', text }]);
    expect(sections(r)).toEqual([['tc-qdisc', 5, 18, 'tc -s qdisc show']]);
    expect(r.sections[0]).toMatchObject({ notUnderstood: [9], trimmed: [9] });
    expect(findings(r)).toEqual([
      ['qdisc.drops', 'qdisc htb 1: dev eth0.2 root'],
      ['qdisc.drops', 'qdisc fq_codel 120: dev eth0.2 parent 1:12'],
      ['analyze.partly-read', 'tc-qdisc trimmed:5-18'],
    ]);
    expect(r.exitCode).toBe(1);
  });

  it('a line of prose inside an iptables listing (synthetic, from the moby paste): read around, reported, never pass', () => {
    const lines = paste('iptables-nvL-markdown-moby.txt').split('\n');
    const text = [...lines.slice(0, 9), 'here are the rest of the rules, same as before', ...lines.slice(9)].join('\n');
    const r = analyzeTexts([{ name: 'prose', text }]);
    expect(sections(r)).toEqual([['iptables-list', 6, 20, 'sudo iptables -nvL']]);
    expect(r.sections[0]?.notUnderstood).toEqual([10]);
    expect(verdicts(r)).toEqual([['netfilter', 'findings', true]]);
    expect(r.exitCode).toBe(1);
  });

  it('prose between two outputs of one kind ends the first (two snapshots are never merged into one)', () => {
    const listing = paste('iptables-quoted-blacklist.txt').split('\n').slice(1, 11).join('\n');
    const r = analyzeTexts([{ name: 'two', text: `${listing}\nand a minute later:\n${listing}` }]);
    expect(sections(r)).toEqual([
      ['iptables-list', 1, 10, undefined],
      ['iptables-list', 12, 21, undefined],
    ]);
    expect(r.sections.every((s) => s.notUnderstood === undefined)).toBe(true);
  });

  it('a tc output cut in two by prose is two parts of one snapshot, never a before and an after (synthetic, from the sqm paste)', () => {
    const lines = paste('tc-qdisc-prompt-sqm.txt').split('\n');
    const text = [...lines.slice(0, 7), 'and its fq_codel leaves:', ...lines.slice(7)].join('\n');
    const r = analyzeTexts([{ name: 'cut', text }]);
    expect(sections(r)).toEqual([
      ['tc-qdisc', 5, 7, 'tc -s qdisc show'],
      ['tc-qdisc', 9, 18, undefined],
    ]);
    expect(r.sections.map((s) => s.mode)).toEqual(['snapshot', 'snapshot']);
    expect(findings(r)).toEqual(findings(run('tc-qdisc-prompt-sqm.txt')));
  });

  it('a command written inline in prose names the output below it, unless it changes something', () => {
    expect(inlineCommand('**Command:** `sudo iptables -nvL`', commandOf)).toBe('sudo iptables -nvL');
    expect(inlineCommand('`netstat -s` BEFORE dropped packets', commandOf)).toBe('netstat -s');
    expect(inlineCommand('I ran `tc qdisc add dev eth0 root netem loss 30%` first', commandOf)).toBeUndefined();
    expect(inlineCommand('then `iptables -t nat -A POSTROUTING -j MASQUERADE`', commandOf)).toBeUndefined();
    expect(inlineCommand('see the `README` for more', commandOf)).toBeUndefined();
  });

  it('netstat -s wrapped at 60 columns (derived here from the porter paste): each counter joined back only where the joined line is one netstat -s says', () => {
    const original = paste('netstat-s-prose-porter.txt');
    const wrapped = original.split('\n').flatMap((l) => wrapAt(l, 60)).join('\n');
    const a = detectSections(original, 'a').sections;
    const b = detectSections(wrapped, 'b').sections;
    expect(b.map((s) => [s.kind, s.notUnderstood])).toEqual([['netstat-s', undefined]]);
    expect(b[0]?.unwrapped?.length).toBe(2);
    expect(b.map((s) => s.parsed)).toEqual(a.map((s) => s.parsed));
  });

  it('kernel messages wrapped anywhere at 64 columns (derived here from the cuberite log): joined back, the same findings', () => {
    const original = readFileSync(new URL('../fixtures/analyze/kernel-log-syn-flooding-cuberite.txt', import.meta.url), 'utf8');
    const wrapped = original.split('\n').flatMap((l) => wrapAt(l, 64)).join('\n');
    expect(wrapped.split('\n').length).toBeGreaterThan(original.split('\n').length);
    const a = analyzeTexts([{ name: 'a', text: original }]);
    const b = analyzeTexts([{ name: 'b', text: wrapped }]);
    expect(b.sections.map((s) => [s.kind, s.notUnderstood])).toEqual([['kernel-log', undefined]]);
    expect(findings(b)).toEqual(findings(a));
    expect(b.findings.map((f) => f.title)).toEqual(a.findings.map((f) => f.title));
  });

  it('a filter is what drops lines (grep, head, tail, awk, sed, cut, uniq); a pager is not', () => {
    expect(filterOf('netstat -s | grep -i listen')).toBe('grep -i listen');
    expect(filterOf('sudo iptables -nvL | egrep "DROP|REJECT"')).toBe('egrep "DROP|REJECT"');
    expect(filterOf('dmesg | tail -20')).toBe('tail -20');
    expect(filterOf('ip -s link | less')).toBeUndefined();
    expect(filterOf('tc -s qdisc show dev eth0')).toBeUndefined();
  });

  it('copied from a web page (no-break spaces, a BOM) or with CRLF line ends: the same sections and data (derived here from the moby paste)', () => {
    const original = paste('iptables-nvL-markdown-moby.txt');
    const web = `\ufeff${original.replace(/ {2}/g, '\u00a0 ')}`;
    const crlf = original.replace(/\n/g, '\r\n');
    const parsed = (text: string) => detectSections(text, 'x').sections.map((s) => [s.kind, s.startLine, s.endLine, s.notUnderstood, s.parsed]);
    expect(parsed(web)).toEqual(parsed(original));
    expect(parsed(crlf)).toEqual(parsed(original));
  });

  it('line lists read as a person writes them', () => {
    expect(lineList([14, 6, 7, 8, 10])).toBe('6-8, 10, 14');
  });
});
