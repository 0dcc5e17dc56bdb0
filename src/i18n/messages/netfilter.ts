/** Messages of src/netfilter (see ../catalog-types.ts). Keys start with `netfilter.`. */
import type { Area } from '../catalog-types.js';

export const netfilter = {
  // The layer, as the step header shows it.
  'netfilter.layer.title': { en: 'Netfilter: iptables and nftables rules', zh: 'Netfilter：iptables 和 nftables 规则' },
  'netfilter.layer.looked-at': {
    en: 'iptables-save -c (nf_tables and legacy, IPv4 and IPv6); nft -a list ruleset (iptables -nvL)',
    zh: '`iptables-save -c`（nf_tables 和 legacy 后端，IPv4 和 IPv6）；`nft -a list ruleset`（`iptables -nvL`）',
  },

  // Reading the rules.
  'netfilter.unknown-error': { en: 'unknown error', zh: '未知错误' },
  'netfilter.read.failed': { en: '{command} failed: {hint}', zh: '{command} 执行失败：{hint}' },
  'netfilter.read.unreadable': { en: 'could not read {command}: {reason}', zh: '无法解读 {command} 的输出：{reason}' },
  'netfilter.read.nft-not-found': {
    en: 'nft not found: nftables rules outside iptables were not read (apt-get install nftables)',
    zh: '未找到 nft：iptables 之外的 nftables 规则未读取（`apt-get install nftables`）',
  },
  'netfilter.read.no-tool': { en: 'neither iptables nor nft is installed', zh: 'iptables 和 nft 都没有安装' },
  'netfilter.read.both': { en: '{a}; {b}', zh: '{a}；{b}' },
  'netfilter.parse.save-empty': { en: 'empty iptables-save output', zh: 'iptables-save 输出为空' },
  'netfilter.parse.save-no-table': {
    en: 'no "*table" with chains or rules found: not iptables-save output',
    zh: '没有找到带链或规则的 "*table"：不是 iptables-save 的输出',
  },
  'netfilter.parse.list-empty': { en: 'empty iptables listing', zh: 'iptables 列表为空' },
  'netfilter.parse.list-no-chain': { en: 'no "Chain" line found: not an iptables -L listing', zh: '没有找到 "Chain" 行：不是 `iptables -L` 的列表' },
  'netfilter.parse.nft-empty': { en: 'empty nft output', zh: 'nft 输出为空' },
  'netfilter.parse.nft-no-table': { en: 'no "table" block found: not nft list ruleset output', zh: '没有找到 "table" 块：不是 `nft list ruleset` 的输出' },
  'netfilter.parse.links-not-json': { en: 'not the JSON of ip -j -d link show', zh: '不是 `ip -j -d link show` 的 JSON 输出' },
  'netfilter.parse.links-no-list': {
    en: 'not the JSON of ip -j -d link show (no list of links)',
    zh: '不是 `ip -j -d link show` 的 JSON 输出（没有接口列表）',
  },

  // Verbs.
  'netfilter.verb.drops': { en: 'drops', zh: '丢弃' },
  'netfilter.verb.rejects': { en: 'rejects', zh: '拒绝' },

  // iptables rules.
  'netfilter.ipt.random-idle.title': {
    en: '{chain} rule #{position} would drop a random {pct}% of what it matches (it matched nothing {window}){where}',
    zh: '{chain} 链第 {position} 条规则会随机丢弃所匹配流量的 {pct}%（{window}没有匹配到任何数据包）{where}',
  },
  'netfilter.ipt.random-idle.explanation': {
    en: 'The rule "{cmd}" is a fault injector. Its counter did not rise {window}, so it is not convicted and pktdrop will not remove it; traffic it matches would be dropped at random.',
    zh: '规则 "{cmd}" 是故障注入规则。它的计数器{window}没有增长，所以不判定为原因，pktdrop 也不会删除它；它匹配到的流量会被随机丢弃。',
  },
  'netfilter.ipt.random-idle.action': { en: 'if nobody needs it: {command}', zh: '如果没有人需要它：{command}' },
  'netfilter.ipt.idle': {
    en: '{subject} ({spec}) is a {target} rule that did not match {window} ({pkts} packets since its counters were last reset: history){where}',
    zh: '{subject}（{spec}）是一条 {target} 规则，{window}没有匹配（自计数器上次清零以来共 {pkts} 个数据包：历史数据）{where}',
  },
  'netfilter.ipt.idle-more': {
    en: '… and {n} more DROP/REJECT rules in {binary} that did not match {window}',
    zh: '……另有 {n} 条 {binary} 中的 DROP/REJECT 规则{window}没有匹配',
  },
  'netfilter.ipt.random.title': { en: '{chain} rule #{position} drops a random {pct}% of packets{where}', zh: '{chain} 链第 {position} 条规则随机丢弃 {pct}% 的数据包{where}' },
  'netfilter.ipt.matched.title': {
    en: '{chain} rule #{position} ({target}) matched {n} packet(s) {window}{where}',
    zh: '{chain} 链第 {position} 条规则（{target}）{window}匹配了 {n} 个数据包{where}',
  },
  'netfilter.ipt.random.explanation.drop': {
    en: 'The rule "{cmd}" uses the statistic module to drop a random share of everything it matches: a fault injector, not a firewall policy.',
    zh: '规则 "{cmd}" 用 statistic 模块随机丢弃它匹配到的一部分流量：这是故障注入，不是防火墙策略。',
  },
  'netfilter.ipt.random.explanation.reject': {
    en: 'The rule "{cmd}" uses the statistic module to reject a random share of everything it matches: a fault injector, not a firewall policy.',
    zh: '规则 "{cmd}" 用 statistic 模块随机拒绝它匹配到的一部分流量：这是故障注入，不是防火墙策略。',
  },
  'netfilter.ipt.matched.explanation': {
    en: 'The rule "{cmd}" {verb} the packets it matches, and its counter rose {window}.',
    zh: '规则 "{cmd}" 会{verb}它匹配到的数据包，而它的计数器{window}增长了。',
  },
  'netfilter.ipt.delete-by-position': {
    en: '{command} (its position in the listing; check it first with {check})',
    zh: '{command}（按它在列表中的位置删除；请先用 {check} 确认）',
  },
  'netfilter.ipt.policy.title': {
    en: '{table}/{chain} has policy DROP and dropped {n} packet(s) {window}',
    zh: '{table}/{chain} 的默认策略是 DROP，{window}丢弃了 {n} 个数据包',
  },
  'netfilter.ipt.policy.explanation': {
    en: "No rule in {chain} accepted these packets, so the chain's DROP policy discarded them. Either an ACCEPT rule is missing for this traffic or the traffic is unwanted.",
    zh: '{chain} 链中没有规则接受这些数据包，于是链的 DROP 默认策略丢弃了它们。要么缺少放行这类流量的 ACCEPT 规则，要么这些流量本就不该放行。',
  },
  'netfilter.ipt.policy.action': {
    en: 'add an ACCEPT rule for the service, e.g. {command} (pktdrop does not open firewalls by itself)',
    zh: '为该服务添加一条 ACCEPT 规则，例如 {command}（pktdrop 不会自行放开防火墙）',
  },
  'netfilter.ipt.policy.idle': { en: '{subject} is DROP (no packet reached it {window})', zh: '{subject} 是 DROP（{window}没有数据包到达）' },

  // User-defined chains: where a rule lies on the packet's way (issue 12).
  'netfilter.chain.reached-from': {
    en: 'Packets reach {chain} only through a jump from a built-in chain: {routes}.',
    zh: '数据包只能经由内置链的跳转到达 {chain} 链：{routes}。',
  },
  'netfilter.chain.where': { en: ' (on {routes})', zh: '（位于 {routes}）' },
  'netfilter.chain.unreachable-where': { en: ' (in {chain}, which no built-in chain reaches)', zh: '（位于 {chain} 链，没有任何内置链能到达它）' },
  'netfilter.chain.unreachable-rose': {
    en: 'No built-in chain jumps to {chain} now: the jump was removed during the window, or it comes from something pktdrop does not follow.',
    zh: '现在没有内置链跳转到 {chain} 链：跳转规则可能在测量窗口内被删除了，或者来自 pktdrop 无法跟踪的地方。',
  },
  'netfilter.chain.unreachable-random': {
    en: '{subject} ({spec}) would drop a random {pct}% of what it matches, but no built-in chain reaches {chain}: it cannot act on any packet now',
    zh: '{subject}（{spec}）会随机丢弃所匹配流量的 {pct}%，但没有内置链能到达 {chain} 链：它现在不会作用于任何数据包',
  },
  'netfilter.chain.unreachable-nft': {
    en: '{subject} ({text}) {verb} what it matches, but no base chain reaches {chain}: it cannot act on any packet now',
    zh: '{subject}（{text}）会{verb}它匹配到的数据包，但没有基础链能到达 {chain} 链：它现在不会作用于任何数据包',
  },

  // nftables rules.
  'netfilter.nft.hook-part': { en: ' (hook {hook})', zh: '（钩子 {hook}）' },
  'netfilter.nft.uncounted.title': {
    en: 'nft rule in {family} {table} {chain}{hook} {verdict}s without a counter{where}',
    zh: '{family} {table} {chain}{hook} 中的 nft 规则执行 {verdict}，但没有计数器{where}',
  },
  'netfilter.nft.uncounted-random.title': {
    en: 'nft rule in {family} {table} {chain}{hook} {verdict}s a random share of packets (numgen random) without a counter{where}',
    zh: '{family} {table} {chain}{hook} 中的 nft 规则随机对一部分数据包执行 {verdict}（numgen random），且没有计数器{where}',
  },
  'netfilter.nft.uncounted.explanation': {
    en: 'The nftables rule "{text}" {verb} what it matches, but it has no counter, so nothing shows whether it matched.',
    zh: 'nftables 规则 "{text}" 会{verb}它匹配到的数据包，但它没有计数器，所以无从得知它是否匹配过。',
  },
  'netfilter.nft.numgen.explanation': {
    en: 'numgen random makes it drop a random share of everything it matches: a fault injector, not a firewall policy.',
    zh: 'numgen random 让它随机丢弃所匹配流量的一部分：这是故障注入，不是防火墙策略。',
  },
  'netfilter.nft.prove-without-handle': {
    en: 'nft -a list chain {family} {table} {chain}, then nft replace rule ... handle <N> {text}',
    zh: '`nft -a list chain {family} {table} {chain}`，然后 `nft replace rule ... handle <N> {text}`',
  },
  'netfilter.nft.uncounted.action': {
    en: '{command} (adds a counter in place; then rerun pktdrop to see whether it matches)',
    zh: '{command}（原地加上计数器；然后重新运行 pktdrop，看它是否匹配）',
  },
  'netfilter.nft.uncounted.note': {
    en: '{subject} ({text}) {verdict}s without a counter: pktdrop cannot tell whether it matched (add "counter" to the rule to see)',
    zh: '{subject}（{text}）执行 {verdict} 但没有计数器：pktdrop 无法判断它是否匹配过（给规则加上 "counter" 才能看到）',
  },
  'netfilter.nft.idle': {
    en: '{subject} ({text}) did not match {window} ({n} packets since it was created: history){where}',
    zh: '{subject}（{text}）{window}没有匹配（自创建以来共 {n} 个数据包：历史数据）{where}',
  },
  'netfilter.nft.random-idle.title': {
    en: 'nft rule in {family} {table} {chain} {verdict}s a random share of packets (numgen random): a fault injector{where}',
    zh: '{family} {table} {chain} 中的 nft 规则随机对一部分数据包执行 {verdict}（numgen random）：这是故障注入{where}',
  },
  'netfilter.nft.matched.title': {
    en: 'nft rule in {family} {table} {chain} ({verdict}) matched {n} packet(s) {window}{where}',
    zh: '{family} {table} {chain} 中的 nft 规则（{verdict}）{window}匹配了 {n} 个数据包{where}',
  },
  'netfilter.nft.matched.explanation': {
    en: 'The nftables rule "{text}" {verb} what it matches, and its counter rose {window}.',
    zh: 'nftables 规则 "{text}" 会{verb}它匹配到的数据包，而它的计数器{window}增长了。',
  },
  'netfilter.nft.delete-by-handle': {
    en: 'nft -a list chain {family} {table} {chain}, then delete the rule by its handle',
    zh: '`nft -a list chain {family} {table} {chain}`，然后按 handle 删除该规则',
  },
  'netfilter.nft.policy-drop': {
    en: 'nft chain {family} {table} {chain} (hook {hook}) has policy drop: nftables keeps no counter for policies, so pktdrop cannot tell whether it dropped (the drop-reasons step can)',
    zh: 'nft 链 {family} {table} {chain}（钩子 {hook}）的默认策略是 drop：nftables 不为默认策略计数，所以 pktdrop 无法判断它是否丢过包（drop-reasons 步骤可以）',
  },

  // The summary note and the fixes.
  'netfilter.summary': { en: '{n} iptables rule(s) in {backends}; {nft}', zh: '{backends} 中共 {n} 条 iptables 规则；{nft}' },
  'netfilter.summary.no-backend': { en: 'no iptables backend', zh: '没有 iptables 后端' },
  'netfilter.summary.nft-rules': { en: '{n} nft rule(s)', zh: '{n} 条 nft 规则' },
  'netfilter.summary.nft-not-read': { en: 'nft not read', zh: '未读取 nft' },
  'netfilter.fix.delete-ipt': { en: 'Delete {table}/{chain} rule #{position}: {spec}', zh: '删除 {table}/{chain} 链第 {position} 条规则：{spec}' },
  'netfilter.fix.delete-nft': { en: 'Delete nft rule {family} {table} {chain} handle {handle}: {text}', zh: '删除 nft 规则 {family} {table} {chain} handle {handle}：{text}' },
} as const satisfies Area;
