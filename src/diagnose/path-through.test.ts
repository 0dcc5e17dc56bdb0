/** The probe's path when `--target` names an address behind the target (routed or bridged through it). */
import { describe, expect, it } from 'vitest';
import { onPath, probePath } from './path.js';
import { CONTAINER_TARGET } from '../../test/fakes/scenario.js';
import type { Finding } from '../core/types.js';

const forwardPolicy: Finding = {
  id: 'netfilter.drop-policy', layer: 'netfilter', scope: 'target', severity: 'error', basis: 'window', role: 'cause',
  subject: 'iptables filter/FORWARD policy', title: 't', explanation: 'e', evidence: [], action: 'a',
};
const bridged: Finding = { ...forwardPolicy, id: 'bridge.nf-call', layer: 'bridge', subject: 'bridge br0 (net.bridge.bridge-nf-call-iptables=1)' };

describe('probePath through the target', () => {
  it('the target\'s own address: FORWARD is on neither side, a FORWARD drop is other traffic', () => {
    const p = probePath(CONTAINER_TARGET, '172.17.0.2');
    expect(p && [onPath(forwardPolicy, p), onPath(bridged, p)]).toEqual([false, false]);
  });

  it('an address behind the target: the probe passes the target\'s FORWARD chain, so its FORWARD drops are on the path', () => {
    const p = probePath(CONTAINER_TARGET, '10.251.0.6');
    expect(p?.scopes.target?.hooks).toEqual(['PREROUTING', 'FORWARD', 'POSTROUTING']);
    expect(p && [onPath(forwardPolicy, p), onPath(bridged, p), onPath({ ...forwardPolicy, scope: 'host' }, p)]).toEqual([true, true, false]);
  });
});
