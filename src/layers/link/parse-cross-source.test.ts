import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseIfconfig } from './parse-ifconfig.js';
import { parseIpLinkJson, parseIpLinkText } from './parse-ip-link.js';
import { parseNetstatI } from './parse-netstat-i.js';
import { parseProcNetDev } from './parse-proc-net-dev.js';

// One real drop, five views: test/fixtures/*/veth-peer-down-* were recorded one after the other in a netns on this VM
// where veth "va" transmitted 3 ARP requests while its peer "vb" was down (veth_xmit drops them: tx_dropped 3).
// See each *.source.txt.
const fixture = (p: string): string => readFileSync(new URL(`../../../test/fixtures/${p}`, import.meta.url), 'utf8');

describe('link parsers agree on one recorded veth drop', () => {
  it('every source names it tx_dropped = 3 on va', () => {
    const views = {
      procNetDev: parseProcNetDev(fixture('proc/veth-peer-down-net-dev.txt')),
      netstatI: parseNetstatI(fixture('netstat/veth-peer-down-netstat-i.txt')),
      ifconfig: parseIfconfig(fixture('ifconfig/veth-peer-down-ifconfig-a.txt')),
      ipText: parseIpLinkText(fixture('ip/veth-peer-down-s-s-link.txt')),
      ipJson: parseIpLinkJson(fixture('ip/veth-peer-down-j-s-s-link.json')),
    };
    for (const [source, r] of Object.entries(views)) {
      if (!r.ok) throw new Error(`${source}: ${r.reason}`);
      const va = r.data.find((i) => i.name === 'va');
      expect(va?.counters?.['tx_dropped'], source).toBe(3);
      expect(va?.counters?.['tx_packets'], source).toBe(0);
    }
  });

  it('ip link shows the state that explains it: peer down, LOWERLAYERDOWN, no peer ifindex within one netns', () => {
    const text = parseIpLinkText(fixture('ip/veth-peer-down-s-s-link.txt'));
    const json = parseIpLinkJson(fixture('ip/veth-peer-down-j-s-s-link.json'));
    for (const r of [text, json]) {
      if (!r.ok) throw new Error(r.reason);
      expect(r.data.find((l) => l.name === 'va')).toMatchObject({ operstate: 'LOWERLAYERDOWN', flags: ['NO-CARRIER', 'BROADCAST', 'MULTICAST', 'UP', 'M-DOWN'] });
      expect(r.data.find((l) => l.name === 'vb')).toMatchObject({ operstate: 'DOWN' });
      // Both ends in one namespace: "va@vb" names the peer, it is not an "@ifN" index.
      expect(r.data.every((l) => l.peerIfindex === undefined)).toBe(true);
    }
  });
});
