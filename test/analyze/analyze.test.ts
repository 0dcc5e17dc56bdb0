/**
 * pktdrop analyze on real text:
 * - examples/seed-case-paste.txt, the seed case's outputs (netstat -s, sysctl, iptables -nvL; see test/fixtures/seed/)
 *   pasted with prompts and prose of our own, in English and Chinese (examples/README.md says which line is what);
 * - every file of test/fixtures/jc (jc's fixtures, captured on real machines; see its SOURCE.md);
 * - test/fixtures/analyze/netns-listen-overflow-session.txt: two snapshots recorded here (source file beside it);
 * - published netem outputs in test/fixtures/tc/netem-*.txt (sources in test/fixtures/tc/*.source.txt).
 * Concatenations of recorded outputs with prompts and prose are built here and labelled synthetic.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyzeTexts } from '../../src/analyze/analyze.js';
import { commandOf, detectSections } from '../../src/analyze/detect.js';

const SEED = new URL('../../examples/seed-case-paste.txt', import.meta.url);
const CORPUS = fileURLToPath(new URL('../fixtures/jc', import.meta.url));
/** Ours, not jc's outputs: the licence and the provenance note beside the corpus. */
const CORPUS_META = new Set(['LICENSE', 'SOURCE.md']);
const fx = (p: string): string => readFileSync(new URL(`../fixtures/${p}`, import.meta.url), 'utf8');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

describe('the seed case (examples/seed-case-paste.txt)', () => {
  const text = readFileSync(SEED, 'utf8');
  const report = analyzeTexts([{ name: 'seed-case-paste.txt', text }]);

  it('recognises its four pasted outputs, with the command typed before each', () => {
    expect(report.sections.map((s) => [s.kind, s.startLine, s.endLine, s.command])).toEqual([
      ['netstat-s', 6, 63, 'netstat -s'],
      ['sysctl-conntrack', 67, 67, 'sysctl net.netfilter.nf_conntrack_max'],
      ['sysctl-conntrack', 69, 69, 'sysctl net.netfilter.nf_conntrack_count'],
      ['iptables-list', 72, 79, 'iptables -t filter -nvL'],
    ]);
    expect(report.sections.every((s) => s.mode === 'snapshot')).toBe(true);
  });

  it('reports the prose around them (English and Chinese) as unrecognised, by line range', () => {
    expect(report.unrecognised.map((u) => [u.startLine, u.endLine, u.firstLine])).toEqual([
      [1, 4, 'Hi, our nginx container loses about half of its connections.'],
      [64, 65, 'netstat -s 显示半连接重置和 SYN 重传都不少。'],
      [70, 70, 'That looks far from full. Last, the filter table, back inside the container:'],
      [80, 81, 'iptables 里有两条 DROP 规则,不是我们加的。'],
    ]);
    expect(report.unrecognised.every((u) => u.reason === undefined)).toBe(true);
  });

  it('names the two random DROP rules (INPUT and OUTPUT, 30%, pkts 6) as errors', () => {
    const rules = report.findings.filter((f) => f.id === 'netfilter.drop-rule');
    expect(rules.map((f) => [f.subject, f.severity, f.title])).toEqual([
      ['iptables filter/INPUT#1', 'error', 'INPUT rule #1 drops a random 30% of packets'],
      ['iptables filter/OUTPUT#1', 'error', 'OUTPUT rule #1 drops a random 30% of packets'],
    ]);
    for (const f of rules) {
      expect(f.evidence).toContainEqual({ kind: 'history', counter: 'pkts', subject: f.subject, value: 6, source: 'iptables -t filter -nvL' });
      expect(f.action).toMatch(/^iptables -t filter -D (INPUT|OUTPUT) -m statistic --mode random --probability 0\.29999999981 -j DROP$/);
    }
    expect(report.proposals.map((p) => p.fix.commands[0])).toEqual([
      ['iptables', '-t', 'filter', '-D', 'INPUT', '-m', 'statistic', '--mode', 'random', '--probability', '0.29999999981', '-j', 'DROP'],
      ['iptables', '-t', 'filter', '-D', 'OUTPUT', '-m', 'statistic', '--mode', 'random', '--probability', '0.29999999981', '-j', 'DROP'],
    ]);
  });

  it('finds the failing handshakes from the netstat -s figures, marked as history', () => {
    const hs = report.findings.find((f) => f.id === 'tcp.handshake-failures');
    expect(hs?.severity).toBe('warning');
    expect(hs?.basis).toBe('history');
    expect(hs?.evidence).toEqual(expect.arrayContaining([
      { kind: 'history', counter: 'TcpExtEmbryonicRsts', subject: 'stack', value: 10, source: 'netstat -s' },
      { kind: 'history', counter: 'TcpExtTCPSynRetrans', subject: 'stack', value: 5, source: 'netstat -s' },
      { kind: 'history', counter: 'TcpAttemptFails', subject: 'stack', value: 10, source: 'netstat -s' },
    ]));
    expect(hs?.evidence.every((e) => e.kind === 'history')).toBe(true);
  });

  it('clears conntrack (14 of 65536) as the seed does, and exits 1', () => {
    const ct = report.steps.find((s) => s.layer === 'conntrack');
    expect(ct?.outcome).toEqual({ status: 'pass', notes: ['nf_conntrack_count 14 of nf_conntrack_max 65536 (0%)'] });
    expect(report.findings.map((f) => f.id).sort()).toEqual(['netfilter.drop-rule', 'netfilter.drop-rule', 'tcp.handshake-failures', 'tcp.listen-drops', 'tcp.retransmits']);
    expect(report.exitCode).toBe(1);
  });
});

describe('every output of the jc corpus', () => {
  const files = walk(CORPUS).filter((f) => !CORPUS_META.has(f.slice(CORPUS.length + 1)));
  it('is all there: 180 files (90 outputs, 90 of jc\'s parses)', () => {
    expect(files.length).toBe(180);
    expect(files.filter((f) => f.endsWith('.json')).length).toBe(90);
  });
  it.each(files.map((f) => [f.slice(CORPUS.length + 1), f]))('%s: recognised and parsed, or reported unrecognised', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    const d = detectSections(text, file);
    const covered = new Set<number>();
    for (const s of d.sections) for (let l = s.startLine; l <= s.endLine; l++) covered.add(l);
    for (const u of d.unrecognised) for (let l = u.startLine; l <= u.endLine; l++) covered.add(l);
    for (const c of d.commands) covered.add(c.line);
    const lines = text.replace(/\r\n?/g, '\n').split('\n');
    const missing = lines.map((l, i) => (l.trim() !== '' && !covered.has(i + 1) ? i + 1 : 0)).filter((n) => n > 0);
    expect(missing).toEqual([]);
    expect(() => analyzeTexts([{ name: file, text }])).not.toThrow();
  });

  it('recognises the Linux outputs pktdrop reads as their kind', () => {
    const kinds = (p: string): string[] => [...new Set(detectSections(readFileSync(join(CORPUS, p), 'utf8')).sections.map((s) => s.kind))];
    expect(kinds('centos-7.7/iptables-filter-nv.out')).toEqual(['iptables-list']);
    expect(kinds('centos-7.7/iptables-filter-line-numbers.out')).toEqual(['iptables-list']);
    expect(kinds('ubuntu-18.04/iptables-nat.out')).toEqual(['iptables-list']);
    expect(kinds('centos-7.7/netstat-i.out')).toEqual(['netstat-i']);
    expect(kinds('freebsd12/netstat-i.out')).toEqual(['netstat-i']);
    expect(kinds('centos-7.7/ifconfig.out')).toEqual(['ifconfig']);
    expect(kinds('ubuntu-16.04/ifconfig.out')).toEqual(['ifconfig']);
    expect(kinds('linux-proc/net_dev')).toEqual(['proc-net-dev']);
    expect(kinds('linux-proc/net_netstat')).toEqual(['proc-netstat']);
    expect(kinds('ubuntu-18.04/ss-sudo-tulpen.out')).toEqual(['ss-ltn']);
    expect(kinds('centos-7.7/sysctl-a.out')).toEqual(['sysctl-conntrack']);
  });

  it('reports outputs pktdrop does not read (routes, ARP) as unrecognised', () => {
    for (const p of ['linux-proc/net_arp', 'linux-proc/net_route', 'centos-7.7/ip_route.out', 'centos-7.7/netstat-r.out']) {
      const d = detectSections(readFileSync(join(CORPUS, p), 'utf8'));
      expect(d.sections, p).toEqual([]);
      expect(d.unrecognised.length, p).toBeGreaterThan(0);
    }
  });

  it("judges firewalld's REJECT rules with counters as history, not as convictions", () => {
    const r = analyzeTexts([{ name: 'nv', text: `$ sudo iptables -nvL -t filter\n${readFileSync(join(CORPUS, 'centos-7.7/iptables-filter-nv.out'), 'utf8')}` }]);
    const rules = r.findings.filter((f) => f.id === 'netfilter.drop-rule');
    expect(rules.length).toBeGreaterThan(0);
    expect(rules.every((f) => f.severity === 'warning' && f.evidence.some((e) => e.kind === 'history'))).toBe(true);
    expect(r.exitCode).toBe(0);
  });
});

describe('concatenated outputs with prompts and prose (synthetic concatenation of recorded outputs)', () => {
  const paste = [
    'Hi support, the box drops packets. Here is what I ran:',
    'root@web-1:~# tc -s qdisc show dev eth0',
    fx('tc/netem-atc-several-impairments.txt').trimEnd(),
    'and the firewall:',
    '[root@web-1 ~]# iptables-save -c',
    fx('iptables/netns-nft-save-c.txt').trimEnd(),
    '$ ss -ltn',
    fx('analyze/ss-ltn-netns-overflow.txt').trimEnd(),
    '$ dmesg | tail',
    fx('analyze/kernel-log-conntrack-full-starphleet.txt').trimEnd(),
    'Thanks!',
  ].join('\n');
  const d = detectSections(paste, 'ticket');
  const r = analyzeTexts([{ name: 'ticket', text: paste }]);

  it('finds each output and the command before it, and leaves the prose unrecognised', () => {
    expect(d.sections.map((s) => [s.kind, s.command])).toEqual([
      ['tc-qdisc', 'tc -s qdisc show dev eth0'],
      ['iptables-save', 'iptables-save -c'],
      ['ss-ltn', 'ss -ltn'],
      ['kernel-log', 'dmesg | tail'],
    ]);
    expect(d.unrecognised.map((u) => u.firstLine)).toEqual(['Hi support, the box drops packets. Here is what I ran:', 'and the firewall:', 'Thanks!']);
  });

  it('uses the dev from the command line for tc output without "dev"', () => {
    const netem = r.findings.find((f) => f.id === 'qdisc.netem');
    expect(netem?.subject).toBe('qdisc netem 800b: dev eth0 parent 1:5');
    expect(netem?.details).toMatchObject({ kind: 'qdisc', netem: { lossPct: 10 } });
  });

  it('judges the accept queue and the kernel log', () => {
    expect(r.findings.filter((f) => f.id === 'tcp.listen-overflow').map((f) => [f.subject, f.severity])).toEqual([['listener 127.0.0.1:8080', 'error']]);
    const ct = r.findings.find((f) => f.id === 'conntrack.table-full');
    expect(ct?.evidence[0]).toMatchObject({ kind: 'history', value: 5 });
  });

  it('recognises command lines with and without prompts, and not comments or prose', () => {
    expect(commandOf('root@nginx:/# iptables -t filter -nvL')).toBe('iptables -t filter -nvL');
    expect(commandOf('$ sysctl net.netfilter.nf_conntrack_max')).toBe('sysctl net.netfilter.nf_conntrack_max');
    expect(commandOf('netstat -s')).toBe('netstat -s');
    expect(commandOf('# 在主机上运行')).toBeUndefined();
    expect(commandOf('# Generated by iptables-save v1.8.9 (nf_tables) on Mon')).toBeUndefined();
    expect(commandOf('iptables -nvL 可以看到每条规则的计数。')).toBeUndefined();
    expect(commandOf('netstat -s 显示半连接重置和 SYN 重传都不少。')).toBeUndefined();
  });
});

describe('two snapshots of the same command: deltas', () => {
  const text = fx('analyze/netns-listen-overflow-session.txt');
  const r = analyzeTexts([{ name: 'session', text }]);

  it('pairs the two nstat and the two /proc/net/snmp outputs as before/after', () => {
    expect(r.sections.map((s) => [s.kind, s.mode])).toEqual([
      ['nstat', 'delta'], ['proc-snmp', 'delta'], ['ss-ltn', 'snapshot'], ['nstat', 'delta'], ['proc-snmp', 'delta'],
    ]);
  });

  it('convicts the listen overflow from the deltas, with counter evidence', () => {
    const f = r.findings.find((x) => x.id === 'tcp.listen-overflow' && x.subject === 'listen queues');
    expect(f?.severity).toBe('error');
    expect(f?.basis).toBe('window');
    expect(f?.evidence).toEqual([
      { kind: 'counter', counter: 'TcpExtListenOverflows', subject: 'stack', before: 0, after: 15, delta: 15, source: expect.stringMatching(/^nstat -az/) },
      { kind: 'counter', counter: 'TcpExtListenDrops', subject: 'stack', before: 0, after: 15, delta: 15, source: expect.stringMatching(/^nstat -az/) },
    ]);
    expect(r.findings.find((x) => x.id === 'tcp.handshake-failures')?.evidence).toContainEqual(
      expect.objectContaining({ kind: 'counter', counter: 'TcpExtTCPSynRetrans', before: 0, after: 10, delta: 10 }),
    );
    expect(r.exitCode).toBe(1);
  });
});

describe('published netem outputs', () => {
  it('systemd PR #13747: qdisc.netem with loss 20%', () => {
    const r = analyzeTexts([{ name: 'pr', text: fx('tc/netem-systemd-delay-jitter-loss.txt') }]);
    const f = r.findings.find((x) => x.id === 'qdisc.netem');
    expect(f).toMatchObject({ severity: 'error', subject: 'qdisc netem 8002: dev veth99 root' });
    expect(f?.title).toContain('loss 20%');
    expect(f?.details).toMatchObject({ kind: 'qdisc', netem: { lossPct: 20, delayMs: 50, jitterMs: 10 } });
  });

  it('every netem fixture yields qdisc.netem, never a crash', () => {
    const dir = new URL('../fixtures/tc/', import.meta.url);
    for (const n of readdirSync(dir).filter((x) => /^netem-.*\.txt$/.test(x) && !x.endsWith('.source.txt'))) {
      const r = analyzeTexts([{ name: n, text: readFileSync(new URL(n, dir), 'utf8') }]);
      expect(r.findings.some((f) => f.id === 'qdisc.netem'), n).toBe(true);
    }
  });
});
