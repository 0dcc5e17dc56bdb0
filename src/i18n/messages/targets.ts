/** Messages of src/targets (see ../catalog-types.ts). Keys start with `targets.`. */
import type { Area } from '../catalog-types.js';

export const targets = {
  // The runner: why a command failed, in one line a person can act on (CommandFailure.hint).
  'targets.runner.not-found': { en: '{program} not found: install it or add it to PATH', zh: '找不到 {program}：请安装它，或把它所在目录加入 PATH' },
  'targets.runner.permission': { en: '{program} could not be started: permission denied', zh: '无法启动 {program}：权限不足' },
  'targets.runner.timeout': { en: '{command} did not finish within {ms} ms and was stopped', zh: '{command} 未在 {ms} ms 内结束，已被强制终止' },
  'targets.runner.interrupted': { en: '{command} was interrupted', zh: '{command} 被中断' },
  'targets.runner.killed-by': { en: '{command} was killed by {signal}', zh: '{command} 被信号 {signal} 杀死' },
  'targets.runner.killed': { en: '{command} was killed by a signal', zh: '{command} 被信号杀死' },
  'targets.runner.spawn': { en: '{program} could not be started: {code}', zh: '无法启动 {program}：{code}' },
  'targets.runner.netns-gone': {
    en: "the target's network namespace is gone ({line}): the container stopped or the namespace was deleted",
    zh: '目标的网络命名空间已不存在（{line}）：容器已停止，或命名空间已被删除',
  },
  'targets.runner.not-found-in-target': {
    en: "{program} not found in the target: install it there, or run pktdrop as root so it can use the host's {program}",
    zh: '目标内找不到 {program}：请在目标内安装，或以 root 运行 pktdrop，让它使用宿主机的 {program}',
  },
  'targets.runner.exited': { en: '{program} exited with {code}', zh: '{program} 以退出码 {code} 退出' },
  'targets.runner.exited-said': { en: '{program} exited with {code}: {line}', zh: '{program} 以退出码 {code} 退出：{line}' },
  'targets.runner.empty': { en: 'empty command', zh: '空命令' },

  // The guard: a target lost during the run.
  'targets.guard.void': { en: 'void: {why}; {program} was not run', zh: '作废：{why}；未运行 {program}' },
  'targets.guard.step.resolving': { en: 'resolving the target', zh: '解析目标' },

  // Resolving a target.
  'targets.resolve.docker-not-found': {
    en: 'docker not found: install it (apt-get install docker.io) or use --runtime podman',
    zh: '找不到 docker：请安装（apt-get install docker.io），或使用 --runtime podman',
  },
  'targets.resolve.podman-not-found': {
    en: 'podman not found: install it (apt-get install podman) or use --runtime docker',
    zh: '找不到 podman：请安装（apt-get install podman），或使用 --runtime docker',
  },
  'targets.resolve.runtime-timeout': {
    en: '{runtime} did not answer in time: is the daemon healthy? ({runtime} info)',
    zh: '{runtime} 未及时响应：守护进程是否正常？（{runtime} info）',
  },
  'targets.resolve.no-container': {
    en: 'no container named "{ref}": {runtime} ps -a lists the containers',
    zh: '没有名为 "{ref}" 的容器：用 {runtime} ps -a 列出所有容器',
  },
  'targets.resolve.daemon-down': {
    en: 'the {runtime} daemon is not running: start it (dockerd, or systemctl start {runtime})',
    zh: '{runtime} 守护进程没有运行：请启动它（dockerd，或 systemctl start {runtime}）',
  },
  'targets.resolve.runtime-denied': {
    en: 'not allowed to talk to {runtime}: run pktdrop as root (sudo)',
    zh: '无权访问 {runtime}：请以 root 运行 pktdrop（sudo）',
  },
  'targets.resolve.inspect-failed': { en: '{runtime} container inspect {ref} failed: {hint}', zh: '{runtime} container inspect {ref} 失败：{hint}' },
  'targets.resolve.unknown-error': { en: 'unknown error', zh: '未知错误' },
  'targets.resolve.inspect-unreadable': {
    en: 'could not read {runtime} container inspect output for "{ref}"',
    zh: '无法解析 "{ref}" 的 {runtime} container inspect 输出',
  },
  'targets.resolve.not-running': {
    en: 'container "{name}" is not running (status: {status}): start it with {runtime} start {name}',
    zh: '容器 "{name}" 没有运行（状态：{status}）：用 {runtime} start {name} 启动它',
  },
  'targets.resolve.note.nsenter': {
    en: "running the host's tools in the container's network namespace (nsenter -t {pid} -n): works even when the image has no iptables, tc or netstat",
    zh: '在容器的网络命名空间中运行宿主机的工具（nsenter -t {pid} -n）：镜像里没有 iptables、tc 或 netstat 也能工作',
  },
  'targets.resolve.note.exec': {
    en: "not root: commands run inside the container with {runtime} exec and need the image's own tools",
    zh: '非 root：命令通过 {runtime} exec 在容器内运行，需要镜像自带的工具',
  },
  'targets.resolve.note.host-network': {
    en: "the container shares the host's network namespace: its layers are the host's",
    zh: '该容器共用宿主机的网络命名空间：它的各层就是宿主机的各层',
  },
  'targets.resolve.note.netns': {
    en: 'commands run in the namespace with ip netns exec {name}',
    zh: '命令通过 ip netns exec {name} 在该命名空间中运行',
  },
  'targets.resolve.ip-not-found': { en: 'ip not found: install iproute2 (apt-get install iproute2)', zh: '找不到 ip：请安装 iproute2（apt-get install iproute2）' },
  'targets.resolve.no-netns': {
    en: 'no network namespace named "{name}": ip netns list shows them',
    zh: '没有名为 "{name}" 的网络命名空间：用 ip netns list 查看已有的命名空间',
  },
  'targets.resolve.netns-enter-failed': {
    en: 'could not enter network namespace "{name}": {hint}',
    zh: '无法进入网络命名空间 "{name}"：{hint}',
  },
  'targets.resolve.note.host-links': { en: 'could not list interfaces with ip -j link show', zh: '无法用 ip -j link show 列出网卡' },
  'targets.resolve.note.target-links': {
    en: "could not list the target's interfaces (ip -j link show failed): the host side of its path is not checked",
    zh: '无法列出目标的网卡（ip -j link show 失败）：不检查其路径在宿主机一侧的部分',
  },
  'targets.resolve.note.host-side-links': {
    en: "could not list the host's interfaces: the host side of the path is not checked",
    zh: '无法列出宿主机的网卡：不检查路径在宿主机一侧的部分',
  },
  'targets.resolve.note.peer-elsewhere': {
    en: "{dev}'s peer (ifindex {ifindex}) is not in the host's namespace: it lives in another namespace (a router or sidecar), whose side of the path is not read",
    zh: '{dev} 的对端（ifindex {ifindex}）不在宿主机的命名空间中：它在另一个命名空间里（路由器或 sidecar），不读取那一侧的路径',
  },
  'targets.resolve.note.peer-not-veth': {
    en: "{dev}'s peer (ifindex {ifindex}) lives in another namespace: the host's ifindex {ifindex} is {host}, which is not a veth with a peer in another namespace, so it is not on this path",
    zh: '{dev} 的对端（ifindex {ifindex}）在另一个命名空间里：宿主机上 ifindex {ifindex} 是 {host}，它不是对端在另一命名空间的 veth，所以不在这条路径上',
  },
  'targets.resolve.note.peer-points-elsewhere': {
    en: "{dev}'s peer (ifindex {ifindex}) lives in another namespace: the host's ifindex {ifindex} is {host}, which points at ifindex {points}, not {own}, so it is not on this path",
    zh: '{dev} 的对端（ifindex {ifindex}）在另一个命名空间里：宿主机上 ifindex {ifindex} 是 {host}，它指向 ifindex {points} 而不是 {own}，所以不在这条路径上',
  },
  'targets.resolve.note.host-side': { en: 'host side of the path: {devs}', zh: '路径在宿主机一侧：{devs}' },

  // Pinning: who the target is, and why it is no longer the instance that was resolved.
  'targets.name.host': { en: 'the host', zh: '宿主机' },
  'targets.name.container': { en: 'container {ref}', zh: '容器 {ref}' },
  'targets.name.netns': { en: 'network namespace {name}', zh: '网络命名空间 {name}' },
  'targets.pin.rebooted': {
    en: 'the host has rebooted since (boot id {then} then, {now} now): what that run changed did not survive the reboot',
    zh: '宿主机此后已重启（当时 boot id {then}，现在 {now}）：那次运行所做的更改没有保留到重启之后',
  },
  'targets.pin.recreated-container': {
    en: '{name} is another container now (id {then} then, {now} now): it was removed and created again under the same name',
    zh: '{name} 现在已是另一个容器（当时 id {then}，现在 {now}）：它被删除后又以同名重新创建',
  },
  'targets.pin.recreated-netns': {
    en: '{name} is in another network namespace now (inode {then} then, {now} now): it was deleted and created again',
    zh: '{name} 现在处于另一个网络命名空间（当时 inode {then}，现在 {now}）：它被删除后又重新创建',
  },
  'targets.pin.restarted': {
    en: '{name} was restarted (init pid {then} then, {now} now): its network namespace is not the one that was changed',
    zh: '{name} 已重启（当时 init pid {then}，现在 {now}）：它的网络命名空间不是当初被修改的那个',
  },
  'targets.pin.stopped-resolving': {
    en: '{name} stopped while it was being resolved: nothing was read or changed',
    zh: '{name} 在解析过程中停止：未读取也未修改任何东西',
  },
  'targets.pin.open-failed': {
    en: "could not open {path} to hold {name}'s network namespace ({code}): run pktdrop as root",
    zh: '无法打开 {path} 来持有 {name} 的网络命名空间（{code}）：请以 root 运行 pktdrop',
  },
  'targets.pin.init-gone': { en: '{name} stopped (its init, pid {pid}, is gone)', zh: '{name} 已停止（它的 init 进程 pid {pid} 已不存在）' },
  'targets.pin.pid-reused': {
    en: '{name} stopped (its init pid {pid} now belongs to another process)',
    zh: '{name} 已停止（它的 init pid {pid} 现在属于另一个进程）',
  },
  'targets.pin.init-moved': {
    en: "{name}'s init (pid {pid}) is in another network namespace now",
    zh: '{name} 的 init 进程（pid {pid}）现在处于另一个网络命名空间',
  },
  'targets.pin.netns-deleted': { en: '{name} was deleted', zh: '{name} 已被删除' },
  'targets.pin.netns-recreated': {
    en: '{name} was deleted and created again (another namespace under the same name)',
    zh: '{name} 被删除后又重新创建（同名的另一个命名空间）',
  },

  // Batched reads: one process per scope.
  'targets.batch.not-found-host': {
    en: "{program} not found: install it on the host (pktdrop runs the host's {program} in this scope)",
    zh: '找不到 {program}：请在宿主机上安装（在这个范围内 pktdrop 运行的是宿主机的 {program}）',
  },
  'targets.batch.failed': { en: 'the batch failed', zh: '批量执行失败' },
  'targets.batch.unreadable': {
    en: 'pktdrop could not read {command} from its batch: {why}',
    zh: 'pktdrop 无法从批量执行的输出中读出 {command} 的结果：{why}',
  },
  'targets.batch.stopped-early': { en: 'it stopped early', zh: '它提前结束了' },
  'targets.batch.cut': { en: '{command} did not finish: {why}', zh: '{command} 没有执行完：{why}' },
  'targets.batch.ended-early': { en: 'the batch ended early', zh: '批量执行提前结束' },
  'targets.batch.not-run': {
    en: '{command} did not run: its batch did not finish within {ms} ms',
    zh: '{command} 未运行：它所在的批量执行未在 {ms} ms 内结束',
  },
  'targets.batch.garbled.start': {
    en: 'expected the start of command {n} at byte {pos}',
    zh: '第 {pos} 字节处应是第 {n} 条命令的开始标记',
  },
  'targets.batch.garbled.status': { en: 'unreadable exit status of command {n}', zh: '第 {n} 条命令的退出码无法读取' },
  'targets.batch.garbled.trailing': { en: '{bytes} bytes after the last command', zh: '最后一条命令之后还有 {bytes} 字节' },

  // Parsers of the listening sockets: output that is not what they read.
  'targets.parse.not-proc-net-tcp': {
    en: 'not a /proc/net/tcp table (no "sl local_address rem_address st" header)',
    zh: '不是 /proc/net/tcp 表（没有 "sl local_address rem_address st" 表头）',
  },
  'targets.parse.ss-empty': { en: 'empty ss output', zh: 'ss 输出为空' },
  'targets.parse.ss-no-listen': { en: 'ss header found but no LISTEN row', zh: '有 ss 表头，但没有 LISTEN 行' },
  'targets.parse.not-ss': {
    en: 'no "State Recv-Q Send-Q" header or LISTEN row: not ss -ltn output',
    zh: '没有 "State Recv-Q Send-Q" 表头，也没有 LISTEN 行：不是 ss -ltn 的输出',
  },

  // ssh: host names, destinations, and why a host could not be reached.
  'targets.ssh.empty-host': { en: 'empty host name', zh: '主机名为空' },
  'targets.ssh.host-dash': {
    en: 'host name "{host}" starts with "-"; refusing it (ssh would read it as an option)',
    zh: '主机名 "{host}" 以 "-" 开头，拒绝使用（ssh 会把它当成选项）',
  },
  'targets.ssh.host-invalid': {
    en: '"{host}" is not a valid host name (letters, digits and . _ - : [ ] only)',
    zh: '"{host}" 不是有效的主机名（只能含字母、数字和 . _ - : [ ]）',
  },
  'targets.ssh.host-too-long': { en: 'host name "{host}…" is longer than 253 characters', zh: '主机名 "{host}…" 超过 253 个字符' },
  'targets.ssh.dest-dash': {
    en: 'host "{host}" starts with "-"; refusing it (ssh would read it as an option)',
    zh: '主机 "{host}" 以 "-" 开头，拒绝使用（ssh 会把它当成选项）',
  },
  'targets.ssh.user-invalid': {
    en: '"{user}" in "{text}" is not a valid user name (letters, digits and _ . - only)',
    zh: '"{text}" 中的 "{user}" 不是有效的用户名（只能含字母、数字和 _ . -）',
  },
  'targets.ssh.colon': {
    en: '"{text}" is not a valid host: a ":" is allowed only before a port number or in an IPv6 address (write [v6]:port)',
    zh: '"{text}" 不是有效的主机：":" 只能出现在端口号之前或 IPv6 地址中（写成 [v6]:port）',
  },
  'targets.ssh.port-range': { en: 'port {port} in "{text}" is not 1..65535', zh: '"{text}" 中的端口 {port} 不在 1..65535 范围内' },
  'targets.ssh.advice.unreachable': {
    en: 'check that {host} is up and its sshd listens (ssh -G {host} shows the address and port used)',
    zh: '检查 {host} 是否在线、sshd 是否在监听（ssh -G {host} 会显示实际使用的地址和端口）',
  },
  'targets.ssh.advice.auth': { en: 'check ssh-agent / IdentityFile for this host: ssh -G {host}', zh: '检查该主机的 ssh-agent / IdentityFile：ssh -G {host}' },
  'targets.ssh.advice.hostkey': {
    en: 'check the fingerprint with the host owner, then add it (ssh-keyscan), or pass --accept-new-host-keys for a host never seen; a changed key is never bypassed',
    zh: '先向主机负责人核对指纹，再添加它（ssh-keyscan）；从未连接过的主机可加 --accept-new-host-keys；主机密钥变了的情况永远不会放行',
  },
  'targets.ssh.advice.sudo': {
    en: 'connect as root, or allow NOPASSWD sudo for this user (note: NOPASSWD for timeout/sh is root)',
    zh: '以 root 连接，或为该用户配置 NOPASSWD sudo（注意：对 timeout/sh 免密等同于给了 root）',
  },
  'targets.ssh.advice.timeout': {
    en: 'no answer from {host} in time: check the link, or raise --host-timeout / --connect-timeout',
    zh: '{host} 未及时响应：检查链路，或调大 --host-timeout / --connect-timeout',
  },
  'targets.ssh.advice.error': { en: 'run ssh -v {host} true to see why', zh: '运行 ssh -v {host} true 查看原因' },
  'targets.ssh.exited': { en: 'ssh exited with {code}', zh: 'ssh 以退出码 {code} 退出' },
  'targets.ssh.exited-signal': { en: 'ssh exited with a signal', zh: 'ssh 因信号退出' },
  'targets.ssh.no-answer': { en: 'no answer within the deadline', zh: '在期限内没有响应' },
  'targets.ssh.failure': { en: '{status}: {line} — {advice}', zh: '{status}：{line}——{advice}' },
  'targets.ssh.g-failed': { en: 'ssh -G failed', zh: 'ssh -G 执行失败' },
  'targets.ssh.true-exited': { en: 'true exited with {code}', zh: 'true 以退出码 {code} 退出' },
  'targets.ssh.hint': { en: 'ssh {host}: {failure}', zh: '通过 ssh 连接 {host}：{failure}' },
  'targets.ssh.not-found': { en: '{program} not found on {host}: install it there', zh: '{host} 上找不到 {program}：请在该主机上安装' },
} as const satisfies Area;
