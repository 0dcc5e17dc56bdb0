/** Messages of src/diagnose (see ../catalog-types.ts). Keys start with `diagnose.`. */
import type { Area } from '../catalog-types.js';

export const diagnose = {
  // Steps of the run (spinners; the lost-target sentence names the one under way).
  'diagnose.phase.resolve': { en: 'finding the target', zh: '查找目标' },
  'diagnose.phase.resolve-container': { en: 'finding {runtime} container {ref}', zh: '查找 {runtime} 容器 {ref}' },
  'diagnose.phase.resolve-netns': { en: 'finding network namespace {name}', zh: '查找网络命名空间 {name}' },
  'diagnose.phase.measuring': { en: 'measuring', zh: '测量' },
  'diagnose.phase.verifying': { en: 'verifying', zh: '验证' },
  'diagnose.phase.verifying-round': { en: 'verifying round {round}', zh: '验证第 {round} 轮' },
  'diagnose.phase.read': { en: '{label}: reading every layer', zh: '{label}：读取各层' },
  'diagnose.phase.read-again': { en: '{label}: reading every layer again', zh: '{label}：再次读取各层' },
  'diagnose.phase.probe': { en: '{label}: probing {host}:{port} ({count} probes)', zh: '{label}：探测 {host}:{port}（{count} 个探测包）' },
  'diagnose.phase.watch': { en: '{label}: watching for {ms} ms', zh: '{label}：观察 {ms} ms' },
  'diagnose.phase.apply': { en: 'applying: {title}', zh: '执行：{title}' },
  'diagnose.phase.rollback': { en: 'rolling back: {title}', zh: '回滚：{title}' },

  // The probe: which address and port, and why.
  'diagnose.probe.port': { en: 'port {port}, which it listens on', zh: '它监听的端口 {port}' },
  'diagnose.probe.port-others': {
    en: 'port {port}, which it listens on (also listening: {others}; pick one with --target)',
    zh: '它监听的端口 {port}（还监听：{others}；可用 --target 指定）',
  },
  'diagnose.probe.disabled': { en: 'probing disabled (--no-probe)', zh: '已关闭探测（--no-probe）' },
  'diagnose.probe.explicit': { en: '{host}:{port} as given with --target', zh: '{host}:{port}，由 --target 指定' },
  'diagnose.probe.host-none': { en: 'no probe on the host unless --target host:port is given', zh: '宿主机上不探测，除非用 --target host:port 指定' },
  'diagnose.probe.no-address': { en: '{target} has no IPv4 address to probe; give one with --target', zh: '{target} 没有可探测的 IPv4 地址；请用 --target 指定' },
  'diagnose.probe.no-port': { en: '{target} listens on no TCP port; give a service with --target', zh: '{target} 没有监听任何 TCP 端口；请用 --target 指定一个服务' },
  'diagnose.probe.auto-container': { en: "{host}:{port}: the container's address and {why}", zh: '{host}:{port}：容器的地址和{why}' },
  'diagnose.probe.auto-netns': { en: "{host}:{port}: the namespace's address and {why}", zh: '{host}:{port}：命名空间的地址和{why}' },
  'diagnose.probe.off-path': {
    en: 'no probe: {reason} (it would have been {host}:{port}: {command})',
    zh: '不探测：{reason}（本应探测 {host}:{port}：{command}）',
  },

  // The probe's path (path.ts).
  'diagnose.path.host': {
    en: 'this host OUTPUT → POSTROUTING → {host}; back: PREROUTING → INPUT (no FORWARD)',
    zh: '本机 OUTPUT → POSTROUTING → {host}；返回：PREROUTING → INPUT（不经过 FORWARD）',
  },
  'diagnose.path.through': {
    en: "host OUTPUT → POSTROUTING → {link} → {target} PREROUTING → FORWARD → POSTROUTING → {host}; back the same way ({host} is not {target}'s own address: the probe goes through it)",
    zh: '宿主机 OUTPUT → POSTROUTING → {link} → {target} PREROUTING → FORWARD → POSTROUTING → {host}；原路返回（{host} 不是 {target} 自己的地址：探测包要穿过它）',
  },
  'diagnose.path.into': {
    en: 'host OUTPUT → POSTROUTING → {link} → {target} {inside} PREROUTING → INPUT; back: {target} OUTPUT → POSTROUTING → {back} → host PREROUTING → INPUT (FORWARD is on neither side)',
    zh: '宿主机 OUTPUT → POSTROUTING → {link} → {target} {inside} PREROUTING → INPUT；返回：{target} OUTPUT → POSTROUTING → {back} → 宿主机 PREROUTING → INPUT（两边都不经过 FORWARD）',
  },
  'diagnose.path.dropped-other': { en: 'dropped {counts} packet(s) of other traffic', zh: '丢弃了其他流量的 {counts} 个包' },
  'diagnose.path.off': {
    en: "{subject}: {what}: not on the probe's path (the probe never passes {hook} here)",
    zh: '{subject}：{what}：不在探测路径上（探测包在这里不经过 {hook}）',
  },
  'diagnose.path.off-chain': {
    en: "{subject}: {what}: not on the probe's path (the probe never passes this chain here)",
    zh: '{subject}：{what}：不在探测路径上（探测包在这里不经过这条链）',
  },

  // Windows, the drop trace, reading failures.
  'diagnose.trace-failed': { en: 'drop trace failed: {error}', zh: '丢包跟踪失败：{error}' },
  'diagnose.void': { en: 'void: {why}', zh: '作废：{why}' },
  'diagnose.void-step': { en: 'void: {why}; this reading was taken after that point', zh: '作废：{why}；这次读数是在那之后取的' },
  'diagnose.layer-bug': { en: 'pktdrop could not read this layer (a bug: {error})', zh: 'pktdrop 无法读取这一层（程序缺陷：{error}）' },
  'diagnose.interrupted-walk': {
    en: 'interrupted before the walk finished: nothing was judged and nothing was changed',
    zh: '逐层检查完成前被中断：没有做任何判断，也没有做任何改动',
  },
  'diagnose.interrupted-ctrl-c': { en: 'interrupted (Ctrl-C)', zh: '被中断（Ctrl-C）' },

  // Fixes: quit, not asked, the journal.
  'diagnose.not-asked.quit': { en: 'not asked: you quit', zh: '未询问：你选择了退出' },
  'diagnose.not-asked.why': { en: 'not asked: {why}', zh: '未询问：{why}' },
  'diagnose.not-applied': { en: 'not applied', zh: '未执行' },
  'diagnose.journal-broken': {
    en: 'the journal could not be written ({error}): pktdrop stopped changing anything, because a change without its recorded inverse could not be undone',
    zh: '无法写入变更日志（{error}）：pktdrop 已停止一切改动，因为没有记录逆操作的改动将无法撤销',
  },
  'diagnose.no-confirmation': { en: 'no confirmation within {s} s', zh: '{s} 秒内未确认' },
  'diagnose.default-route.held': {
    en: "not applied unattended: {dev} carries this host's default route (your own session, if you are remote); rerun with --yes --confirm-timeout 60, which rolls the change back unless you confirm within 60 s",
    zh: '无人值守时不执行：{dev} 承载本机的默认路由（如果你是远程登录，你自己的会话也走这里）；请用 --yes --confirm-timeout 60 重新运行，60 秒内不确认就会回滚改动',
  },

  // Rounds (rounds.ts): why no further round followed.
  'diagnose.round.nothing-changed': { en: 'nothing was changed in this round', zh: '这一轮没有做任何改动' },
  'diagnose.round.no-new-cause': { en: 'the verification window shows no new cause that pktdrop can fix', zh: '验证窗口里没有 pktdrop 能修复的新原因' },
  'diagnose.round.max': { en: 'stopped after {rounds} rounds; {left} new cause(s) left for the next run', zh: '{rounds} 轮后停止；还有 {left} 个新原因留给下次运行' },
  'diagnose.round.interrupted': { en: 'interrupted', zh: '被中断' },

  // A target lost mid-run (lost.ts).
  'diagnose.lost.nothing-before': { en: 'nothing had been changed before that', zh: '在那之前没有做任何改动' },
  'diagnose.lost.changes-before': {
    en: '{n} change(s) had been made before that and are journaled (pktdrop undo reverses them)',
    zh: '在那之前已做了 {n} 处改动，均已记入变更日志（pktdrop undo 可撤销）',
  },
  'diagnose.lost.sentence': {
    en: '{why} during the run, while {during}: {before}; nothing was changed after that, and the readings after that point are void',
    zh: '运行期间 {why}，当时正在{during}：{before}；此后没有再做改动，此后的读数全部作废',
  },

  // Symptoms explained and not counted (verdict.ts).
  'diagnose.symptom.counters-rose': { en: 'counters rose', zh: '计数器上升' },
  'diagnose.symptom.carry-over': {
    en: '{id}: {counters}, but no cause is left and the probe got {received} of {sent} answers (0% loss): carry-over of {origin}',
    zh: '{id}：{counters}，但已没有剩余原因，探测收到了 {sent} 个中的 {received} 个应答（0% 丢包）：残留自{origin}',
  },
  'diagnose.symptom.origin-after-fix': {
    en: 'half-open connections left over from before the fix (their SYN-ACKs are retransmitted after 1, 3, 7 s and reset once the path is open), not new drops',
    zh: '修复前留下的半开连接（它们的 SYN-ACK 在 1、3、7 秒后重传，路径打通后被复位），不是新的丢包',
  },
  'diagnose.symptom.origin-before': {
    en: "connections older than the window or other traffic, not drops on the probe's path",
    zh: '窗口之前就有的连接或其他流量，不是探测路径上的丢包',
  },

  // The diagnose command (src/cli/diagnose-command.ts).
  'diagnose.dry-run': { en: 'dry run: nothing was changed', zh: '演练模式（dry run）：没有做任何改动' },
  'diagnose.no-tty': {
    en: 'stdin is not a terminal and --yes was not given: nothing was changed',
    zh: '标准输入不是终端，且没有给出 --yes：没有做任何改动',
  },
  'diagnose.needs-root': {
    en: 'diagnose needs root to read iptables, nftables, qdiscs and other namespaces: rerun it with sudo',
    zh: 'diagnose 需要 root 权限才能读取 iptables、nftables、队列规则和其他命名空间：请用 sudo 重新运行',
  },
  'diagnose.confirm-needs-yes': { en: '--confirm-timeout goes with --yes (it guards unattended changes)', zh: '--confirm-timeout 要和 --yes 一起用（它保护无人值守的改动）' },
  'diagnose.write-bundle-failed': { en: 'could not write the bundle {path}: {error}', zh: '无法写入诊断包 {path}：{error}' },
  'diagnose.write-report-failed': { en: 'could not write the report {path}: {error}', zh: '无法写入报告 {path}：{error}' },
} as const satisfies Area;
