/**
 * A veth peer is looked up in the namespace it lives in, never by ifindex alone (recorded outputs:
 * test/fixtures/ip/netns-peer-in-router-ns-j-link.json and host-with-unrelated-ifindex2-j-link.json).
 * The target's eth0@if2 has its peer in a router namespace; the host's own ifindex 2 is ifb0, an
 * unrelated device that is down. It must not become the host side of the path (no link.down at host scope).
 */
import { describe, expect, it } from 'vitest';
import { discoverLinks } from './resolve.js';
import { parseIpLinkJson } from '../layers/link/parse-ip-link.js';
import { fixture } from '../../test/fakes/scenario.js';

const links = (file: string) => {
  const p = parseIpLinkJson(fixture(`fixtures/ip/${file}`));
  if (!p.ok) throw new Error(p.reason);
  return p.data;
};

describe('discoverLinks', () => {
  it('the peer lives in another namespace: the unrelated host device with that ifindex is not the host side', () => {
    const inside = links('netns-peer-in-router-ns-j-link.json');
    const host = links('host-with-unrelated-ifindex2-j-link.json');
    expect(inside.find((l) => l.name === 'eth0')?.peerIfindex).toBe(2);
    expect(host.find((l) => l.ifindex === 2)?.name).toBe('ifb0');
    const r = discoverLinks(inside, host);
    expect(r.interfaces).toEqual(['eth0']);
    expect(r.hostSide).toEqual([]);
    expect(r.notes).toEqual([
      "eth0's peer (ifindex 2) lives in another namespace: the host's ifindex 2 is ifb0, which is not a veth with a peer in another namespace, so it is not on this path",
    ]);
  });

  it('a peer that points back at the interface is the host side, with its bridge', () => {
    const inside = links('netns-peer-in-router-ns-j-link.json');
    // Documented edit of the host reading: ifindex 2 made a veth whose peer is ifindex 2 elsewhere, enslaved to a bridge.
    const host = links('host-with-unrelated-ifindex2-j-link.json').map((l) => (l.ifindex === 2 ? { ...l, name: 'veth-x', peerIfindex: 2, master: 'br-x' } : l));
    expect(discoverLinks(inside, host).hostSide).toEqual(['veth-x', 'br-x']);
  });
});
