/**
 * Fleet inventories, parsed without running anything: the Ansible INI subset (groups, children,
 * `key=value` host vars, `web[01:20].x` ranges, comments), the JSON that `ansible-inventory --list`
 * prints (when Ansible is installed, the CLI runs it through the runner and hands the text here), the
 * literal `Host` names of an ssh config, and plain host lists (`[user@]host[:port]`, the pssh format).
 * Then `--limit` patterns. Every host name is validated (src/targets/ssh.ts) before any process starts.
 */
import { arr, isRecord, parseJson } from '../core/json.js';
import { t } from '../i18n/index.js';
import { invalidHostName, parseSshDestination, type SshDestination } from '../targets/ssh.js';

/** One host of an inventory: its inventory name, where ssh goes, and its groups. */
export interface InventoryHost {
  /** The inventory name (what `--limit` matches and the table shows). */
  readonly name: string;
  readonly dest: SshDestination;
  readonly groups: readonly string[];
}

/** An inventory read: hosts in order, or the reasons it is refused (every bad entry, by line). */
export type InventoryResult =
  | { readonly ok: true; readonly hosts: readonly InventoryHost[]; readonly notes: readonly string[] }
  | { readonly ok: false; readonly errors: readonly string[] };

/** Expand `web[01:03].x` → web01.x, web02.x, web03.x (also `[a:c]`); at most 10 000 names. */
export function expandRange(pattern: string): string[] | string {
  const m = /^(.*?)\[([0-9]+|[a-z]):([0-9]+|[a-z])\](.*)$/.exec(pattern);
  if (!m) return [pattern];
  const [, head = '', from = '', to = '', tail = ''] = m;
  const out: string[] = [];
  const rest = expandRange(tail);
  if (typeof rest === 'string') return rest;
  if (/^\d+$/.test(from) && /^\d+$/.test(to)) {
    const a = Number(from);
    const b = Number(to);
    if (b < a || b - a > 10_000) return t('fleet.range.too-large', { from, to, pattern });
    const width = from.length > 1 && from.startsWith('0') ? from.length : 0;
    for (let i = a; i <= b; i++) for (const r of rest) out.push(`${head}${String(i).padStart(width, '0')}${r}`);
  } else if (/^[a-z]$/.test(from) && /^[a-z]$/.test(to)) {
    for (let c = from.charCodeAt(0); c <= to.charCodeAt(0); c++) for (const r of rest) out.push(`${head}${String.fromCharCode(c)}${r}`);
  } else return t('fleet.range.mixed', { from, to, pattern });
  return out;
}

interface Vars {
  ansible_host?: string;
  ansible_port?: string;
  ansible_user?: string;
}

function destOf(name: string, vars: Vars): SshDestination | string {
  const bad = invalidHostName(name);
  if (bad !== undefined) return bad;
  const host = vars.ansible_host ?? name;
  const text = `${vars.ansible_user !== undefined ? `${vars.ansible_user}@` : ''}${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}${vars.ansible_port !== undefined ? `:${vars.ansible_port}` : ''}`;
  return parseSshDestination(text, name);
}

const USED_VARS = new Set(['ansible_host', 'ansible_port', 'ansible_user']);
const SSH_VAR = /^ansible_(ssh_|private_key|become|connection|password)/;

/** Pure: the Ansible INI subset. */
export function parseIniInventory(text: string): InventoryResult {
  const errors: string[] = [];
  const notes = new Set<string>();
  const hostVars = new Map<string, Vars>();
  const hostGroups = new Map<string, Set<string>>();
  const children = new Map<string, Set<string>>();
  const groupVars = new Map<string, Vars>();
  const order: string[] = [];
  let section = 'ungrouped';
  let kind: 'hosts' | 'children' | 'vars' = 'hosts';
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.replace(/\s[#;].*$/, '').trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const sec = /^\[([A-Za-z0-9_.-]+)(?::(children|vars))?\]$/.exec(line);
    if (sec?.[1] !== undefined) {
      section = sec[1];
      kind = sec[2] === 'children' ? 'children' : sec[2] === 'vars' ? 'vars' : 'hosts';
      continue;
    }
    if (line.startsWith('[')) {
      errors.push(t('fleet.ini.bad-section', { line: i + 1, text: line }));
      continue;
    }
    const [first = '', ...rest] = line.split(/\s+/);
    if (kind === 'children') {
      if (!/^[A-Za-z0-9_.-]+$/.test(first)) errors.push(t('fleet.ini.bad-group', { line: i + 1, text: first }));
      else (children.get(section) ?? children.set(section, new Set()).get(section))?.add(first);
      continue;
    }
    const vars: Record<string, string> = {};
    for (const kv of kind === 'vars' ? [line] : rest) {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(kv);
      if (!m?.[1] || m[2] === undefined) {
        errors.push(t('fleet.ini.not-kv', { line: i + 1, text: kv }));
        continue;
      }
      const value = m[2].replace(/^(['"])(.*)\1$/, '$2');
      if (USED_VARS.has(m[1])) vars[m[1]] = value;
      else if (SSH_VAR.test(m[1])) notes.add(t('fleet.var-ignored', { name: m[1] }));
    }
    if (kind === 'vars') {
      groupVars.set(section, { ...groupVars.get(section), ...vars });
      continue;
    }
    const names = expandRange(first);
    if (typeof names === 'string') {
      errors.push(t('fleet.at-line', { line: i + 1, reason: names }));
      continue;
    }
    for (const name of names) {
      const bad = invalidHostName(name);
      if (bad !== undefined) {
        errors.push(t('fleet.at-line', { line: i + 1, reason: bad }));
        continue;
      }
      if (!hostVars.has(name)) order.push(name);
      hostVars.set(name, { ...hostVars.get(name), ...vars });
      (hostGroups.get(name) ?? hostGroups.set(name, new Set()).get(name))?.add(section);
    }
  }
  // Groups a host belongs to through children, transitively; group vars apply parent first.
  const parentsOf = (g: string, seen = new Set<string>()): string[] => {
    const out: string[] = [];
    for (const [parent, kids] of children) {
      if (kids.has(g) && !seen.has(parent)) {
        seen.add(parent);
        out.push(...parentsOf(parent, seen), parent);
      }
    }
    return out;
  };
  const hosts: InventoryHost[] = [];
  for (const name of order) {
    const direct = [...(hostGroups.get(name) ?? [])];
    const groups = [...new Set([...direct.flatMap((g) => parentsOf(g)), ...direct])];
    const vars: Vars = Object.assign({}, ...groups.map((g) => groupVars.get(g) ?? {}), hostVars.get(name));
    const dest = destOf(name, vars);
    if (typeof dest === 'string') errors.push(t('fleet.at-host', { name, reason: dest }));
    else hosts.push({ name, dest, groups: ['all', ...groups.filter((g) => g !== 'ungrouped'), ...(direct.includes('ungrouped') ? ['ungrouped'] : [])] });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, hosts, notes: [...notes] };
}

/** Pure: `ansible-inventory --list` JSON (its `_meta.hostvars` and group `hosts`/`children`). */
export function parseAnsibleListJson(text: string): InventoryResult {
  const doc = parseJson(text);
  if (!isRecord(doc)) return { ok: false, errors: [t('fleet.ansible-no-json')] };
  const meta = doc['_meta'];
  const hostvars = isRecord(meta) && isRecord(meta['hostvars']) ? meta['hostvars'] : {};
  const groupsOf = new Map<string, Set<string>>();
  const order: string[] = [];
  const visit = (group: string, trail: string[], seen: Set<string>) => {
    if (seen.has(group)) return;
    seen.add(group);
    const g = doc[group];
    if (!isRecord(g)) return;
    for (const h of arr(g['hosts'])) {
      if (typeof h !== 'string') continue;
      if (!groupsOf.has(h)) {
        groupsOf.set(h, new Set());
        order.push(h);
      }
      for (const t of [...trail, group]) groupsOf.get(h)?.add(t);
    }
    for (const c of arr(g['children'])) if (typeof c === 'string') visit(c, [...trail, group], seen);
  };
  visit('all', [], new Set());
  const errors: string[] = [];
  const notes = new Set<string>();
  const hosts: InventoryHost[] = [];
  for (const name of order) {
    const v = hostvars[name];
    const vars: Vars = {};
    if (isRecord(v)) {
      for (const [k, val] of Object.entries(v)) {
        if (USED_VARS.has(k) && (typeof val === 'string' || typeof val === 'number')) Object.assign(vars, { [k]: String(val) });
        else if (SSH_VAR.test(k)) notes.add(t('fleet.var-ignored', { name: k }));
      }
    }
    const dest = destOf(name, vars);
    if (typeof dest === 'string') errors.push(t('fleet.at-host', { name, reason: dest }));
    else hosts.push({ name, dest, groups: [...(groupsOf.get(name) ?? [])] });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, hosts, notes: [...notes] };
}

/** Pure: the literal `Host` names of an ssh config; patterns (`* ? !`) are skipped. */
export function parseSshConfigHosts(text: string): InventoryResult {
  const names: string[] = [];
  const errors: string[] = [];
  for (const [i, raw] of text.split('\n').entries()) {
    const m = /^\s*Host\s+(.*)$/i.exec(raw.replace(/#.*$/, ''));
    if (!m?.[1]) continue;
    for (const n of m[1].trim().split(/\s+/)) {
      if (/[*?!]/.test(n) || names.includes(n)) continue;
      const bad = invalidHostName(n);
      if (bad !== undefined) errors.push(t('fleet.at-line', { line: i + 1, reason: bad }));
      else names.push(n);
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, hosts: names.map((name) => ({ name, dest: { label: name, host: name }, groups: ['all'] })), notes: [] };
}

/** Pure: host list entries (`-H "a b"`, or a file with one or more per line, `#` comments). */
export function parseHostList(text: string): InventoryResult {
  const errors: string[] = [];
  const hosts: InventoryHost[] = [];
  for (const [i, raw] of text.split('\n').entries()) {
    for (const word of raw.replace(/#.*$/, '').trim().split(/\s+/)) {
      if (word === '') continue;
      const d = parseSshDestination(word);
      if (typeof d === 'string') errors.push(text.includes('\n') ? t('fleet.at-line', { line: i + 1, reason: d }) : d);
      else if (!hosts.some((h) => h.name === word)) hosts.push({ name: word, dest: d, groups: ['all'] });
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, hosts, notes: [] };
}

/** True when the text looks like YAML rather than INI (the built-in reader does INI only). */
export const looksLikeYaml = (text: string): boolean => /^\s*(---|all\s*:|[A-Za-z0-9_.-]+\s*:\s*$)/m.test(text) && !/^\s*\[/m.test(text);

const globToRegExp = (glob: string): RegExp =>
  new RegExp(`^${glob.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);

/**
 * `--limit`: comma- or colon-separated patterns; a pattern is a host name, a group name or a glob
 * (`web*`); `!pat` excludes, `&pat` keeps only hosts also matching. Hosts keep inventory order.
 */
export function applyLimit(hosts: readonly InventoryHost[], limit: string): InventoryHost[] {
  const pats = limit.split(/[,:]/).map((p) => p.trim()).filter((p) => p !== '');
  const matches = (h: InventoryHost, p: string) => {
    const re = globToRegExp(p);
    return re.test(h.name) || h.groups.some((g) => re.test(g)) || re.test(h.dest.host);
  };
  const include = pats.filter((p) => !p.startsWith('!') && !p.startsWith('&'));
  const exclude = pats.filter((p) => p.startsWith('!')).map((p) => p.slice(1));
  const intersect = pats.filter((p) => p.startsWith('&')).map((p) => p.slice(1));
  return hosts.filter((h) =>
    (include.length === 0 || include.some((p) => matches(h, p))) &&
    !exclude.some((p) => matches(h, p)) &&
    intersect.every((p) => matches(h, p)));
}
