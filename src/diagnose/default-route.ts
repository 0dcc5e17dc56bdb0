/**
 * The operator's own route. On the host, a fix on the interface that carries the default route (a
 * qdisc deleted or added on eth0) can cut the session that runs pktdrop. Unattended (`--yes`), such a
 * fix runs only under `--confirm-timeout`, which rolls every change back unless the operator confirms
 * in time; without it the fix stays proposed, with that reason. Fixes that only remove a drop (a DROP
 * rule deleted) do not touch an interface and are not held.
 */
import type { Prompter } from '../core/prompter.js';
import type { TargetSpec } from '../core/target.js';
import type { FixProposal } from '../core/types.js';
import { arr, field, parseJson, str } from '../core/json.js';
import { readCommand, type Runner } from '../targets/runner.js';
import { t } from '../i18n/index.js';

/** Interfaces of `ip -j route show default` (IPv4 and IPv6 outputs). Pure. */
export function defaultRouteDevices(...outputs: readonly string[]): string[] {
  const devs = new Set<string>();
  for (const text of outputs) {
    for (const r of arr(parseJson(text))) {
      const dev = str(field(r, 'dev'));
      if (dev) devs.add(dev);
      for (const hop of arr(field(r, 'nexthops'))) {
        const d = str(field(hop, 'dev'));
        if (d) devs.add(d);
      }
    }
  }
  return [...devs];
}

/** The interface a fix changes (`tc qdisc del dev eth0 root` → eth0), if it names one. Pure. */
export function deviceOf(fix: FixProposal): string | undefined {
  for (const argv of fix.commands) {
    const i = argv.indexOf('dev');
    if (i >= 0 && argv[i + 1] !== undefined) return argv[i + 1];
  }
  return undefined;
}

/**
 * `--yes` without `--confirm-timeout` on the host: fixes on a default-route interface are held as
 * proposals (their reason in `held`); every other fix goes to `inner`.
 */
export function holdDefaultRouteFixes(inner: Prompter, runner: Runner, spec: TargetSpec): Prompter {
  if (spec.kind !== 'host') return inner;
  const held = new Map<string, string>();
  let devices: Promise<string[]> | undefined;
  const read = async (): Promise<string[]> => {
    const [v4, v6] = await Promise.all([
      runner.run(readCommand(['ip', '-j', 'route', 'show', 'default'])),
      runner.run(readCommand(['ip', '-j', '-6', 'route', 'show', 'default'])),
    ]);
    return defaultRouteDevices(v4.ok ? v4.stdout : '[]', v6.ok ? v6.stdout : '[]');
  };
  return {
    ...inner,
    held,
    async decideFix(fix, finding, index, total) {
      const dev = fix.scope === 'target' ? deviceOf(fix) : undefined;
      if (dev !== undefined) {
        devices ??= read();
        if ((await devices).includes(dev)) {
          held.set(fix.id, t('diagnose.default-route.held', { dev }));
          return 'propose';
        }
      }
      return inner.decideFix(fix, finding, index, total);
    },
  };
}
