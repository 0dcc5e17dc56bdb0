import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseEthtoolRings } from './parse-ethtool-rings.js';
import { binaryGarbage, findBadNumber, mutations } from '../../../test/support/parse-mutations.js';

// Fixtures: test/fixtures/ethtool/g-*-published.txt (published outputs, URLs in each .source.txt) and
// netns-g-veth.txt (recorded on this VM: a veth has no rings).
const fixture = (p: string): string => readFileSync(new URL(`../../../test/fixtures/${p}`, import.meta.url), 'utf8');

describe('parseEthtoolRings', () => {
  it('reads the published ethtool -g output (tabs, n/a for absent rings)', () => {
    expect(parseEthtoolRings(fixture('ethtool/g-enp7s0-published.txt'))).toEqual({
      ok: true,
      data: { dev: 'enp7s0', max: { rx: 4096, tx: 4096 }, current: { rx: 256, tx: 256 } },
    });
  });

  it('reads the netlink layout and ignores the lines after the rings', () => {
    expect(parseEthtoolRings(fixture('ethtool/g-netlink-enp9s0u2u1u2-published.txt'))).toEqual({
      ok: true,
      data: { dev: 'enp9s0u2u1u2', max: { rx: 4096 }, current: { rx: 100 } },
    });
  });

  it('reads the older layout (spaces, 0 for absent rings)', () => {
    expect(parseEthtoolRings(fixture('ethtool/g-eth0-serverfault-published.txt'))).toEqual({
      ok: true,
      data: { dev: 'eth0', max: { rx: 4096, rxMini: 0, rxJumbo: 0, tx: 4096 }, current: { rx: 256, rxMini: 0, rxJumbo: 0, tx: 256 } },
    });
  });

  it('explains the recorded veth answer (no rings) instead of inventing sizes', () => {
    const r = parseEthtoolRings(fixture('ethtool/netns-g-veth.txt'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/Operation not supported.*veth/);
  });

  it('refuses other outputs, such as ethtool -l (channels) and garbage', () => {
    const channels = 'Channel parameters for eth0:\nPre-set maximums:\nRX:\t\tn/a\nTX:\t\tn/a\nOther:\t\t1\nCombined:\t12\nCurrent hardware settings:\nRX:\t\tn/a\nTX:\t\tn/a\nOther:\t\t1\nCombined:\t12\n';
    expect(parseEthtoolRings(channels)).toMatchObject({ ok: false });
    expect(parseEthtoolRings('')).toMatchObject({ ok: false });
    expect(parseEthtoolRings(binaryGarbage())).toMatchObject({ ok: false });
  });

  it('survives truncated and damaged input without throwing or a bad number', () => {
    for (const name of ['ethtool/g-enp7s0-published.txt', 'ethtool/g-netlink-enp9s0u2u1u2-published.txt', 'ethtool/g-eth0-serverfault-published.txt']) {
      const whole = parseEthtoolRings(fixture(name));
      for (const m of mutations(fixture(name))) {
        const r = parseEthtoolRings(m.text);
        if (r.ok) {
          expect(findBadNumber(r.data), `${name} ${m.name}`).toBeUndefined();
          // A cut never yields a current RX the whole output does not have.
          if (whole.ok && !m.name.startsWith('huge') && !m.name.startsWith('all zeros')) expect(r.data.current.rx, `${name} ${m.name}`).toBe(whole.data.current.rx);
        } else {
          expect(r.reason, `${name} ${m.name}`).toMatch(/not ethtool -g|could not read/);
        }
      }
    }
  });
});
