/**
 * Bundles, --redact, the Markdown report and the analyze command.
 * The bundle's command outputs are real recordings (test/fixtures/proc, tc, iptables — each with its
 * .source.txt: this Debian 12 VM, kernel 6.18): a host target's two samples are collected through the
 * engine's own collectSnapshot from a runner that answers with those files (the pairing of files into
 * "before"/"after", and appending the published systemd netem line to a recorded tc output, are synthetic), then written, read back and replayed.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyzeTexts } from '../../src/analyze/analyze.js';
import { analyzeBundle, buildBundle, readBundle, writeBundle } from '../../src/analyze/bundle.js';
import { createRedactor } from '../../src/analyze/redact.js';
import { runAnalyze } from '../../src/cli/analyze-command.js';
import type { CliIo } from '../../src/cli/main.js';
import { analyse, findingsOf } from '../../src/core/judge.js';
import { collectSnapshot } from '../../src/diagnose/collect.js';
import { LAYERS } from '../../src/layers/index.js';
import { FakeRunner } from '../fakes/fake-runner.js';
import type { ResolvedTarget } from '../../src/core/target.js';
import { markdownFromAnalyze, renderMarkdown } from '../../src/ui/render-markdown.js';

const fx = (p: string): string => readFileSync(new URL(`../fixtures/${p}`, import.meta.url), 'utf8');
/** The seed case's outputs pasted with prompts and prose (examples/README.md says which line is what). */
const SEED_PATH = fileURLToPath(new URL('../../examples/seed-case-paste.txt', import.meta.url));
const SEED = readFileSync(SEED_PATH, 'utf8');

/**
 * The strict fake answering the host's reads with recorded outputs, once each; every other read the
 * collector makes is a tool this host lacks, answered "not found" by name. Anything else throws.
 */
function recordedRunner(outputs: Record<string, string>): FakeRunner {
  const runner = new FakeRunner();
  for (const [line, out] of Object.entries(outputs)) runner.on(line.split(' '), out);
  for (const argv of ABSENT) runner.on(argv, { notFound: true });
  return runner;
}
const ABSENT: readonly (readonly string[])[] = [
  ['ip', '-j', '-s', '-s', 'link', 'show'], // so the link layer reads the recorded /proc/net/dev
  ['ss', '-H', '-tn', 'state', 'syn-recv'],
  ['cat', '/proc/sys/net/netfilter/nf_conntrack_count'], ['cat', '/proc/sys/net/netfilter/nf_conntrack_max'], ['cat', '/proc/net/stat/nf_conntrack'],
  ['iptables-nft-save', '-c'], ['iptables-legacy-save', '-c'], ['ip6tables-nft-save', '-c'], ['ip6tables-legacy-save', '-c'], ['nft', '-a', 'list', 'ruleset'],
  // The drop map's reads (issue 14): softnet knobs, /proc/sys settings, snmp6, bridging.
  ['grep', '-H', '-r', '', '/proc/sys/net/core/netdev_max_backlog', '/proc/sys/net/core/netdev_budget', '/proc/sys/net/core/netdev_budget_usecs'],
  ['cat', '/proc/net/snmp6'],
  ['grep', '-H', '-r', '--include=rp_filter', '--include=forwarding', '', '/proc/sys/net/ipv4/conf', '/proc/sys/net/ipv6/conf'],
  ['grep', '-H', '-r', '', '/proc/sys/net/bridge', '/proc/sys/net/ipv4/ip_forward'],
  ['ip', '-j', '-d', 'link', 'show'], ['grep', '^Ip:', '/proc/net/snmp'],
  // Part B: the listener knobs and conntrack's be_liberal.
  ['cat', '/proc/sys/net/ipv4/tcp_syncookies', '/proc/sys/net/ipv4/tcp_max_syn_backlog', '/proc/sys/net/core/somaxconn'],
  ['cat', '/proc/sys/net/netfilter/nf_conntrack_tcp_be_liberal'],
  ['cat', '/proc/net/stat/arp_cache'], ['cat', '/proc/net/stat/ndisc_cache'],
  ['grep', '-H', '-r', '', '/proc/sys/net/ipv4/neigh/default/gc_thresh1', '/proc/sys/net/ipv4/neigh/default/gc_thresh2', '/proc/sys/net/ipv4/neigh/default/gc_thresh3', '/proc/sys/net/ipv6/neigh/default/gc_thresh3'],
];

const HOST: ResolvedTarget = { spec: { kind: 'host' }, label: 'host', access: { via: 'host' }, addresses: [], listeningPorts: [], interfaces: [], notes: [] };
const common = {
  'cat /proc/net/dev': fx('proc/host-net-dev.txt'),
  'cat /proc/net/netstat': fx('proc/host-net-netstat.txt'),
  'iptables-save -c': fx('iptables/netns-legacy-save-c.txt'),
  'cat /proc/net/softnet_stat': fx('softnet/host-softnet-stat-before.txt'),
};

async function snapshots() {
  const before = await collectSnapshot(recordedRunner({ ...common, 'cat /proc/net/snmp': fx('proc/host-net-snmp.txt'), 'tc -s qdisc show': fx('tc/host-s-qdisc-show.txt') }), HOST, LAYERS, { keepOutput: true });
  const after = await collectSnapshot(recordedRunner({ ...common, 'cat /proc/net/snmp': fx('proc/host-net-snmp.txt'), 'tc -s qdisc show': `${fx('tc/netns-tbf-s-qdisc-show.txt')}${fx('tc/netem-systemd-delay-jitter-loss.txt')}` }), HOST, LAYERS, { keepOutput: true });
  return { before: { ...before, takenAt: 1_000 }, after: { ...after, takenAt: 3_500 } };
}

describe('bundles', () => {
  it('round trip: write → read → replay gives the findings the engine gave', async () => {
    const { before, after } = await snapshots();
    const direct = findingsOf(analyse(HOST, LAYERS, before, after, { method: 'none', sent: 0, received: 0, synAckNoise: 0 }));
    expect(direct.map((f) => f.id)).toContain('qdisc.netem');
    const bundle = buildBundle({ target: HOST, before, after, version: '0.1.0', createdAt: new Date(0) });
    expect(bundle.samples.map((s) => s.label)).toEqual(['before', 'after']);
    expect(bundle.samples[0]?.commands.find((c) => c.argv.join(' ') === 'tc -s qdisc show')?.stdout).toBe(fx('tc/host-s-qdisc-show.txt'));
    const read = readBundle(writeBundle(bundle));
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.data).toEqual(bundle);
    const replayed = await analyzeBundle(read.data, 'b.json');
    expect(replayed.findings).toEqual(direct);
    expect(replayed.bundle.windowMs).toBe(2_500);
    expect(replayed.steps.map((s) => [s.layer, s.outcome.status])).toEqual(
      analyse(HOST, LAYERS, before, after, { method: 'none', sent: 0, received: 0, synAckNoise: 0 }).map((s) => [s.layer, s.outcome.status]),
    );
  });

  it('refuses what is not a bundle', () => {
    expect(readBundle('{}').ok).toBe(false);
    expect(readBundle('not json').ok).toBe(false);
    expect(readBundle(JSON.stringify({ kind: 'pktdrop-bundle', schemaVersion: 2 }))).toMatchObject({ ok: false });
  });

  it('a redacted bundle hides addresses and still replays to the same finding ids', async () => {
    const { before, after } = await snapshots();
    const bundle = buildBundle({ target: HOST, before, after, version: '0.1.0', createdAt: new Date(0) });
    const text = writeBundle(bundle, { redact: true });
    const read = readBundle(text);
    expect(read.ok && read.data.redacted).toBe(true);
    if (!read.ok) return;
    const ids = (await analyzeBundle(bundle)).findings.map((f) => f.id);
    expect((await analyzeBundle(read.data)).findings.map((f) => f.id)).toEqual(ids);
    const addresses = JSON.stringify(bundle).match(/\b(?:\d{1,3}\.){3}\d{1,3}\b/g) ?? [];
    for (const a of addresses.filter((x) => x !== '0.0.0.0' && !x.startsWith('127.') && !x.startsWith('255.'))) expect(text).not.toContain(a);
  });
});

describe('--redact', () => {
  it('the same input gets the same placeholder; reserved addresses stay', () => {
    const r = createRedactor();
    expect(r.redact('10.1.2.3 and 10.1.2.3 then 10.9.9.9')).toBe('192.0.2.1 and 192.0.2.1 then 192.0.2.2');
    expect(r.redact('0.0.0.0/0 127.0.0.1 ::1')).toBe('0.0.0.0/0 127.0.0.1 ::1');
    expect(r.redact('fe80::42:acff:fe11:2 aa:bb:cc:dd:ee:ff')).toBe('2001:db8::1 02:00:00:00:00:01');
    expect(r.redact('qdisc netem 8001: dev eth0 12:34:56')).toBe('qdisc netem 8001: dev eth0 12:34:56');
  });

  it('the analyze report of real outputs contains none of their addresses, MACs or hostnames', async () => {
    const ifconfig = fx('jc/centos-7.7/ifconfig.out');
    const nv = fx('jc/centos-7.7/iptables-filter-nv.out');
    const input = `${SEED}\nroot@db-7.corp:/# ifconfig\n${ifconfig}\n$ iptables -nvL\n${nv}`;
    let out = '';
    const io: CliIo = { stdout: (s) => { out += s; }, stderr: () => {}, stdoutIsTty: false, stderrIsTty: false, stdinIsTty: false, env: {}, isRoot: false };
    const dir = mkdtempSync(join(tmpdir(), 'pktdrop-analyze-'));
    for (const json of [false, true]) {
      out = '';
      const md = join(dir, `r${json}.md`);
      await runAnalyze(['-'], { color: false, redact: true, json, report: md, verbose: true }, io, () => input);
      const all = out + readFileSync(md, 'utf8');
      const v4 = (input.match(/\b(?:\d{1,3}\.){3}\d{1,3}\b/g) ?? []).filter((a) => a !== '0.0.0.0' && !a.startsWith('127.') && !a.startsWith('255.'));
      const macs = input.match(/\b[0-9a-f]{2}(?::[0-9a-f]{2}){5}\b/gi) ?? [];
      expect(v4.length + macs.length).toBeGreaterThan(3);
      for (const a of [...v4, ...macs, 'nginx', 'db-7.corp']) expect(all, a).not.toContain(a);
    }
  });
});

describe('Markdown report', () => {
  it('has the handoff sections and every finding id (seed case)', () => {
    const md = renderMarkdown(markdownFromAnalyze(analyzeTexts([{ name: 'seed-case-paste.txt', text: SEED }])));
    const headings = md.split('\n').filter((l) => l.startsWith('#'));
    expect(headings.slice(0, 7)).toEqual([
      '# pktdrop analyze — seed-case-paste.txt', '## Symptom', '## Verdict', '## Verdict per layer', '## Findings',
      '### `tcp.listen-drops` — listen sockets (warning)', '### `tcp.handshake-failures` — handshakes (warning)',
    ]);
    expect(headings).toContain('### `netfilter.drop-rule` — iptables filter/INPUT#1 (error)');
    expect(headings).toContain('### `netfilter.drop-rule` — iptables filter/OUTPUT#1 (error)');
    expect(headings).toEqual(expect.arrayContaining(['## Fixes', '## How to undo', '## Input']));
    expect(md).toContain('iptables -t filter -I INPUT 1 -m statistic --mode random --probability 0.29999999981 -j DROP');
    expect(md).toContain('| Queueing: tc qdiscs | target | skipped: not in the input |');
    expect(md).toContain('| seed-case-paste.txt | 72–79 | iptables-list | `iptables -t filter -nvL` | one snapshot (totals) |');
  });
});

describe('pktdrop analyze (command)', () => {
  const io = (sink: { out: string; err: string }): CliIo => ({
    stdout: (s) => { sink.out += s; }, stderr: (s) => { sink.err += s; }, stdoutIsTty: false, stderrIsTty: false, stdinIsTty: false, env: {}, isRoot: false,
  });

  it('exit 1 on the seed case, one JSON document with --json', async () => {
    const sink = { out: '', err: '' };
    expect(await runAnalyze([SEED_PATH], { color: false, json: true }, io(sink))).toBe(1);
    const doc: unknown = JSON.parse(sink.out);
    expect(doc).toMatchObject({ schemaVersion: 1, command: 'analyze', verdict: { exitCode: 1, errors: 2 } });
  });

  it('exit 0 when nothing is convicted, 2 for an unreadable file', async () => {
    const sink = { out: '', err: '' };
    expect(await runAnalyze([], { color: false }, io(sink), () => fx('analyze/ss-ltn-host.txt'))).toBe(0);
    expect(sink.out).toContain('ss-ltn');
    expect(await runAnalyze(['/nonexistent/pktdrop.txt'], { color: false }, io(sink))).toBe(2);
    expect(sink.err).toMatch(/cannot read \/nonexistent\/pktdrop\.txt \(ENOENT\)/);
  });
});
