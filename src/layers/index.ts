/**
 * The explicit, ordered registry of layers: the packet's path, bottom-up. Its order is the order of
 * the walk, in diagnose and in analyze. Adding a layer: README, "Adding a check".
 */
import { eraseLayer, type AnyLayer } from '../core/layer.js';
import { bridgeLayer } from './bridge/layer.js';
import { conntrackLayer } from './conntrack/layer.js';
import { linkLayer } from './link/layer.js';
import { netfilterLayer } from './netfilter/layer.js';
import { qdiscLayer } from './qdisc/layer.js';
import { neighLayer } from './neigh/layer.js';
import { softnetLayer } from './softnet/layer.js';
import { ipLayer, tcpLayer, udpLayer } from './snmp/layers.js';

export const LAYERS: readonly AnyLayer[] = [
  eraseLayer(linkLayer),
  eraseLayer(softnetLayer),
  eraseLayer(qdiscLayer),
  eraseLayer(ipLayer),
  eraseLayer(neighLayer),
  eraseLayer(tcpLayer),
  eraseLayer(udpLayer),
  eraseLayer(conntrackLayer),
  eraseLayer(netfilterLayer),
  eraseLayer(bridgeLayer),
];
