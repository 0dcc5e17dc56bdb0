/**
 * Inventories: the built-in INI subset, `ansible-inventory --list` JSON (recorded here with
 * ansible-core from Debian 12, test/fixtures/ansible), ssh-config Host names, host lists, --limit.
 * Hostile entries are refused with their line, before anything runs.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applyLimit, expandRange, looksLikeYaml, parseAnsibleListJson, parseHostList, parseIniInventory, parseSshConfigHosts, type InventoryResult } from './inventory.js';

const fixture = (name: string) => readFileSync(new URL(`../../test/fixtures/ansible/${name}`, import.meta.url), 'utf8');

const hostsOf = (r: InventoryResult) => {
  if (!r.ok) throw new Error(r.errors.join('; '));
  return r.hosts;
};

const INI = `# web tier
[web]
web[01:03].example.org
web-canary.example.org ansible_host=10.0.0.9 ansible_port=2222 ansible_user=ops

[db]
db-01 ansible_host=10.0.1.1  ; the primary

[db:vars]
ansible_user=dba
ansible_ssh_common_args='-o ProxyJump=bastion'

[prod:children]
web
db
`;

describe('the INI subset', () => {
  it('reads groups, ranges, host vars, group vars and children', () => {
    const r = parseIniInventory(INI);
    const hosts = hostsOf(r);
    expect(hosts.map((h) => h.name)).toEqual(['web01.example.org', 'web02.example.org', 'web03.example.org', 'web-canary.example.org', 'db-01']);
    expect(hosts[3]?.dest).toEqual({ label: 'web-canary.example.org', host: '10.0.0.9', user: 'ops', port: 2222 });
    expect(hosts[4]?.dest).toEqual({ label: 'db-01', host: '10.0.1.1', user: 'dba' });
    expect(hosts[4]?.groups).toEqual(['all', 'prod', 'db']);
    expect(r.ok && r.notes).toEqual([expect.stringMatching(/ansible_ssh_common_args is ignored: put ssh options in ~\/.ssh\/config/)]);
  });

  it('refuses hostile entries with their line, and every one of them', () => {
    const r = parseIniInventory('[web]\nok-host\n-oProxyCommand=touch_/tmp/x\n$(reboot)\nh ansible_host=-oProxyCommand=x\n');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([
      expect.stringMatching(/^line 3: .*starts with "-"/),
      expect.stringMatching(/^line 4: .*not a valid host name/),
      expect.stringMatching(/^host h: .*starts with "-"/),
    ]);
  });

  it('expands ranges with their width; refuses a backwards one', () => {
    expect(expandRange('web[8:10]')).toEqual(['web8', 'web9', 'web10']);
    expect(expandRange('web[08:10]')).toEqual(['web08', 'web09', 'web10']);
    expect(expandRange('r[a:c]-[1:2]')).toEqual(['ra-1', 'ra-2', 'rb-1', 'rb-2', 'rc-1', 'rc-2']);
    expect(expandRange('x[5:1]')).toMatch(/empty or too large/);
  });

  it('YAML is told apart (it needs ansible-inventory)', () => {
    expect(looksLikeYaml(fixture('hosts.yml'))).toBe(true);
    expect(looksLikeYaml(INI)).toBe(false);
  });
});

describe('ansible-inventory --list JSON (recorded)', () => {
  it('reads hosts, groups and the vars pktdrop uses; notes the ssh vars it ignores', () => {
    const r = parseAnsibleListJson(fixture('ansible-inventory-list.json'));
    const hosts = hostsOf(r);
    expect(hosts.map((h) => h.name)).toEqual(['web01.example.org', 'web02.example.org', 'web-canary.example.org', 'db-01']);
    expect(hosts.find((h) => h.name === 'web-canary.example.org')?.dest).toEqual({ label: 'web-canary.example.org', host: '10.0.0.9', user: 'ops', port: 2222 });
    expect(hosts.find((h) => h.name === 'db-01')?.dest).toEqual({ label: 'db-01', host: '10.0.1.1', user: 'dba' });
    expect(hosts.find((h) => h.name === 'db-01')?.groups).toEqual(expect.arrayContaining(['all', 'prod', 'db']));
    expect(r.ok && r.notes.length).toBe(1);
  });

  it('refuses a hostile ansible_host in JSON too', () => {
    const r = parseAnsibleListJson('{"_meta":{"hostvars":{"h":{"ansible_host":"$(reboot)"}}},"all":{"children":["ungrouped"]},"ungrouped":{"hosts":["h"]}}');
    expect(r.ok).toBe(false);
  });
});

describe('ssh config and host lists', () => {
  it('takes the literal Host names and skips patterns', () => {
    const r = parseSshConfigHosts('Host web-01 web-02\n  HostName 10.0.0.1\nHost *.internal !x\nHost bastion # jump\nHost web-01\n');
    expect(hostsOf(r).map((h) => h.name)).toEqual(['web-01', 'web-02', 'bastion']);
  });

  it('reads [user@]host[:port] lists; a hostile word refuses the list', () => {
    expect(hostsOf(parseHostList('web-01 ops@10.0.0.7:2222\n# comment\n[fd00::1]:22')).map((h) => h.dest)).toEqual([
      { label: 'web-01', host: 'web-01' },
      { label: 'ops@10.0.0.7:2222', host: '10.0.0.7', user: 'ops', port: 2222 },
      { label: '[fd00::1]:22', host: 'fd00::1', port: 22 },
    ]);
    const bad = parseHostList('web-01 -oProxyCommand=x');
    expect(bad.ok).toBe(false);
  });
});

describe('--limit', () => {
  const hosts = hostsOf(parseIniInventory(INI));
  const names = (limit: string) => applyLimit(hosts, limit).map((h) => h.name);
  it('matches names, groups and globs; ! excludes; & intersects', () => {
    expect(names('db')).toEqual(['db-01']);
    expect(names('web0*')).toEqual(['web01.example.org', 'web02.example.org', 'web03.example.org']);
    expect(names('web,!web02*')).toEqual(['web01.example.org', 'web03.example.org', 'web-canary.example.org']);
    expect(names('prod,&db')).toEqual(['db-01']);
    expect(names('nothing-like-this')).toEqual([]);
  });
});
