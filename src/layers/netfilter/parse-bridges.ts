import { parsed, unparsable, type ParseResult } from '../../core/types.js';
import { t } from '../../i18n/index.js';

/** A Linux bridge of the namespace and the interfaces enslaved to it. */
export interface BridgeInfo {
  readonly name: string;
  readonly ports: readonly string[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The bridges in `ip -j -d link show`: a link whose `linkinfo.info_kind` is `bridge`, and its ports
 * (links whose `master` is that bridge and whose `linkinfo.info_slave_kind` is `bridge`). A bond or
 * VRF master is not a bridge. Unreadable JSON is unparsable; never throws.
 */
export function parseBridges(text: string): ParseResult<readonly BridgeInfo[]> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return unparsable(t('netfilter.parse.links-not-json'));
  }
  if (!Array.isArray(data)) return unparsable(t('netfilter.parse.links-no-list'));
  const links = data.filter(isRecord);
  const kind = (l: Record<string, unknown>, key: string): unknown => (isRecord(l.linkinfo) ? l.linkinfo[key] : undefined);
  const bridges = links.filter((l) => kind(l, 'info_kind') === 'bridge' && typeof l.ifname === 'string');
  return parsed(bridges.map((b) => ({
    name: String(b.ifname),
    ports: links
      .filter((l) => l.master === b.ifname && kind(l, 'info_slave_kind') === 'bridge' && typeof l.ifname === 'string')
      .map((l) => String(l.ifname)),
  })));
}
