/** Messages of src/probe (see ../catalog-types.ts). Keys start with `probe.`. */
import type { Area } from '../catalog-types.js';

export const probe = {
  // An invalid probe spec.
  'probe.invalid.host': { en: 'invalid probe host {host}: expected an IP address or a hostname', zh: '探测主机 {host} 无效：应为 IP 地址或主机名' },
  'probe.invalid.port': { en: 'invalid probe port {port}: expected 1..65535', zh: '探测端口 {port} 无效：应为 1..65535' },
  'probe.invalid.count': { en: 'invalid probe count {count}: expected 1..{max}', zh: '探测次数 {count} 无效：应为 1..{max}' },
  'probe.invalid.interval': {
    en: 'invalid probe interval {interval} ms: expected {min}..{max}',
    zh: '探测间隔 {interval} ms 无效：应为 {min}..{max}',
  },
  'probe.invalid.timeout': { en: 'invalid probe timeout {timeout} ms: expected 1..{max}', zh: '探测超时 {timeout} ms 无效：应为 1..{max}' },
  'probe.invalid.max-count': {
    en: 'invalid adaptive maxCount {maxCount}: expected {min}..{max}',
    zh: '自适应探测的 maxCount {maxCount} 无效：应为 {min}..{max}',
  },
  'probe.invalid.threshold': {
    en: 'invalid adaptive threshold {threshold}%: expected between 0 and 100',
    zh: '自适应探测的阈值 {threshold}% 无效：应在 0 到 100 之间',
  },

  // hping3 and the built-in probe.
  'probe.hping3.needs-root': { en: 'hping3 needs root to open a raw socket', zh: 'hping3 需要 root 权限才能打开原始套接字（raw socket）' },
  'probe.hping3.failed': { en: '{command}: {why}', zh: '{command}：{why}' },
  'probe.hping3.sent-nothing': { en: '{command} sent no packets', zh: '{command} 一个包也没有发出' },
  'probe.hping3.printed-nothing': { en: 'hping3 printed nothing', zh: 'hping3 没有任何输出' },
  'probe.hping3.no-summary': {
    en: 'hping3 printed no statistics summary (first line: {line})',
    zh: 'hping3 没有输出统计摘要（第一行：{line}）',
  },
  'probe.hping3.no-rtt': {
    en: 'hping3 summary has no round-trip line (truncated output)',
    zh: 'hping3 的摘要里没有 round-trip 一行（输出被截断）',
  },
  'probe.hping3.version-failed': { en: 'hping3 --version failed', zh: 'hping3 --version 执行失败' },
  'probe.connect.description': {
    en: 'pktdrop built-in TCP connect probe: {count} connect() to {address}:{port}, one every {interval} ms, {timeout} ms timeout each',
    zh: 'pktdrop 内置 TCP 连接探测：向 {address}:{port} 发起 {count} 次 connect()，每 {interval} ms 一次，每次超时 {timeout} ms',
  },
  'probe.connect.unknown-error': { en: 'unknown error', zh: '未知错误' },
  'probe.runs.repeated': { en: '{text} (×{n})', zh: '{text}（×{n}）' },
  'probe.runs.then': { en: '{a}; then {b}', zh: '{a}；然后 {b}' },

  // Why a method was chosen, or fell back.
  'probe.method.ipv6-hping3': {
    en: 'hping3 cannot probe IPv6 addresses; use the connect method',
    zh: 'hping3 不能探测 IPv6 地址；请改用 connect 方式',
  },
  'probe.note.ipv6': {
    en: 'hping3 has no IPv6 support: used the built-in TCP connect probe',
    zh: 'hping3 不支持 IPv6：改用内置的 TCP 连接探测',
  },
  'probe.note.not-installed': {
    en: 'hping3 is not installed: used the built-in TCP connect probe',
    zh: '未安装 hping3：改用内置的 TCP 连接探测',
  },
  'probe.note.not-usable': {
    en: 'hping3 is not usable ({hint}): used the built-in TCP connect probe',
    zh: 'hping3 无法使用（{hint}）：改用内置的 TCP 连接探测',
  },
  'probe.note.not-root': {
    en: 'hping3 needs root to send raw SYNs: used the built-in TCP connect probe',
    zh: 'hping3 需要 root 权限才能发送原始 SYN：改用内置的 TCP 连接探测',
  },
  'probe.note.eperm': {
    en: '{n} connect attempt(s) failed with EPERM: a netfilter rule on this host dropped the SYN (counted as lost)',
    zh: '{n} 次 connect 尝试因 EPERM 失败：本机的一条 netfilter 规则丢弃了 SYN（计为丢失）',
  },
  'probe.note.local-error': {
    en: '{n} connect attempt(s) failed with {code} (counted as lost)',
    zh: '{n} 次 connect 尝试因 {code} 失败（计为丢失）',
  },

  // Why a probe could not measure anything.
  'probe.fail.resolve': { en: 'cannot resolve {host}: {error}', zh: '无法解析 {host}：{error}' },
  'probe.fail.interrupted': { en: 'probe interrupted', zh: '探测被中断' },
  'probe.fail.local-only': {
    en: 'no probe left this host ({summary}): check the address and the routes',
    zh: '没有一个探测包离开本机（{summary}）：请检查地址和路由',
  },

  // The pinned probe: the route a probe would take, checked before it is sent.
  'probe.route.unreadable': { en: '{command} printed no route pktdrop could read', zh: '{command} 的输出里没有 pktdrop 能读懂的路由' },
  'probe.route.on-link': { en: "the target's link ({devs})", zh: '目标的链路（{devs}）' },
  'probe.route.type': {
    en: 'the route to {dst} is of type {type} (dev {dev}), not by {on}',
    zh: '到 {dst} 的路由类型是 {type}（dev {dev}），不经过{on}',
  },
  'probe.route.gateway': {
    en: 'the route to {dst} goes via the gateway {gateway} on {dev}, not by {on}: a probe would leave by {dev} toward whatever answers for that address there',
    zh: '到 {dst} 的路由经由 {dev} 上的网关 {gateway}，不经过{on}：探测包会从 {dev} 发出，发往那边应答该地址的任何主机',
  },
  'probe.route.other-dev': {
    en: 'the route to {dst} leaves by {dev}, not by {on}',
    zh: '到 {dst} 的路由从 {dev} 出去，不经过{on}',
  },
  'probe.route.linkdown': {
    en: "the route to {dst} leaves by {dev}, which has no carrier (linkdown): the target's end of the link is down",
    zh: '到 {dst} 的路由从 {dev} 出去，但该网卡没有载波（linkdown）：链路在目标那一端已断开',
  },
  'probe.route.none-failed': { en: '{command}: failed: there is no route to the target', zh: '{command}：执行失败：没有到目标的路由' },
  'probe.route.none': { en: '{command}: {why}: there is no route to the target', zh: '{command}：{why}：没有到目标的路由' },
  'probe.route.title': {
    en: 'The route to {dst} does not lead to the target: no probe was sent',
    zh: '到 {dst} 的路由通不到目标：未发送任何探测',
  },
  'probe.route.title-none': {
    en: 'There is no route to the target: no probe was sent',
    zh: '没有到目标的路由：未发送任何探测',
  },
  'probe.route.explanation': {
    en: '{reason}. The path to the target is broken (its link is down or its route is missing), so pktdrop sent no probe: it would have run {command}, and those packets would not have reached the target.',
    zh: '{reason}。到目标的路径已断（链路断开或路由缺失），所以 pktdrop 没有发送探测：它本会运行 {command}，而这些包到不了目标。',
  },
  'probe.route.action-dev': {
    en: "ip -br link show dev {dev} (is the target's link up?); ip route show; then rerun pktdrop",
    zh: 'ip -br link show dev {dev}（目标的链路是否 up？）；ip route show；然后重新运行 pktdrop',
  },
  'probe.route.action': {
    en: "ip -br link show (is the target's link up?); ip route show; then rerun pktdrop",
    zh: 'ip -br link show（目标的链路是否 up？）；ip route show；然后重新运行 pktdrop',
  },
} as const satisfies Area;
