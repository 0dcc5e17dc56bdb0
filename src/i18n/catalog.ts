/** The whole message catalogue: one area file per part of src/, merged. */
import { analyze } from './messages/analyze.js';
import { bridge } from './messages/bridge.js';
import { cli } from './messages/cli.js';
import { core } from './messages/core.js';
import { conntrack } from './messages/conntrack.js';
import { diagnose } from './messages/diagnose.js';
import { fleet } from './messages/fleet.js';
import { lab } from './messages/lab.js';
import { link } from './messages/link.js';
import { neigh } from './messages/neigh.js';
import { netfilter } from './messages/netfilter.js';
import { probe } from './messages/probe.js';
import { qdisc } from './messages/qdisc.js';
import { remediation } from './messages/remediation.js';
import { snmp } from './messages/snmp.js';
import { softnet } from './messages/softnet.js';
import { targets } from './messages/targets.js';
import { trace } from './messages/trace.js';
import { ui } from './messages/ui.js';
import type { Entry } from './catalog-types.js';

export const AREAS = { analyze, bridge, cli, conntrack, core, diagnose, fleet, lab, link, neigh, netfilter, probe, qdisc, remediation, snmp, softnet, targets, trace, ui } as const;

export const CATALOG = {
  ...analyze,
  ...bridge,
  ...cli,
  ...conntrack,
  ...core,
  ...diagnose,
  ...fleet,
  ...lab,
  ...link,
  ...neigh,
  ...netfilter,
  ...probe,
  ...qdisc,
  ...remediation,
  ...snmp,
  ...softnet,
  ...targets,
  ...trace,
  ...ui,
} as const;

export type MessageKey = keyof typeof CATALOG;

export const entryOf = (key: string): Entry | undefined => (CATALOG as Readonly<Record<string, Entry>>)[key];
