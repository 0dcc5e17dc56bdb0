/** Messages of src/lab and `pktdrop lab` (src/cli/lab-command.ts) (see ../catalog-types.ts). Keys start with `lab.`. */
import type { Area } from '../catalog-types.js';

export const lab = {
  // --- pktdrop lab: help -------------------------------------------------------------------------
  'lab.help': {
    en: 'build the seed case on this host: nginx in a container or netns with injected packet drops',
    zh: '在本机搭建种子案例：在容器或网络命名空间里运行 nginx，并注入丢包故障',
  },
  'lab.help.examples': {
    en: `Examples:
  sudo pktdrop lab up                            # docker container "nginx", the seed's faults
  sudo pktdrop lab up --engine netns --name lab1 # no Docker: a network namespace and a veth pair
  sudo pktdrop lab up --faults listen-overflow,nft-drop
  sudo pktdrop lab up --faults none              # a healthy lab
  sudo pktdrop lab status
  sudo pktdrop lab down --all`,
    zh: `示例：
  sudo pktdrop lab up                            # docker 容器 "nginx"，注入种子案例的故障
  sudo pktdrop lab up --engine netns --name lab1 # 没有 Docker：用一个网络命名空间和一对 veth
  sudo pktdrop lab up --faults listen-overflow,nft-drop
  sudo pktdrop lab up --faults none              # 一个没有故障的实验环境
  sudo pktdrop lab status
  sudo pktdrop lab down --all`,
  },
  'lab.help.up': { en: 'create the lab and inject its faults', zh: '创建实验环境并注入故障' },
  'lab.help.up.name': { en: 'lab name (container / netns name)', zh: '实验环境名称（容器名或命名空间名）' },
  'lab.help.up.engine': { en: 'docker (default when Docker answers), netns or podman', zh: 'docker（Docker 有响应时的默认值）、netns 或 podman' },
  'lab.help.up.faults': { en: 'comma-separated: {faults}, or none (default: {seed})', zh: '用逗号分隔：{faults}，或者 none（默认：{seed}）' },
  'lab.help.up.json': { en: 'print the lab as one JSON document', zh: '把实验环境的信息输出为一个 JSON 文档' },
  'lab.help.up.after': {
    en: `The seed's netem-loss needs the sch_netem module; without it the default falls back to qdisc-drop
(a tiny tbf qdisc) and says so. An explicit --faults netem-loss fails instead.
softnet-backlog mirrors each IPv4 packet reaching eth0 1280 times into a veth's per-CPU backlog
(host-wide drops, CPU_BACKLOG). rp-filter, forwarding-off and br-nf-call need --engine netns and
one per lab: an asymmetric route with strict rp_filter; a namespace behind the lab with
ip_forward=0 in the lab; the lab as a bridge with bridge-nf-call-iptables=1 and FORWARD policy
DROP. The last two print the diagnose line to use (--target <address behind the lab>:80).
mtu-mismatch sets eth0's MTU to 1400 (its host end keeps 1500). conntrack-invalid adds an INPUT
--ctstate INVALID DROP rule with nf_conntrack_tcp_loose=0. syn-queue listens on 8081 (backlog 1)
with SYN cookies off and routes a spoofed source's SYN-ACKs into a sink inside the lab.
rx-dropped-benign runs a sender of 5 unknown-EtherType frames/s on a veth pair inside the lab.
mtu-blackhole (netns, one per lab, like the routed faults) routes for a namespace behind the lab
over a 1400-MTU link and drops the ICMP "fragmentation needed" it would send. Each prints the
bounded hping3 line that shows it; none of them changes anything outside the lab.
timewait-overflow sets tcp_max_tw_buckets=2 and frag-reasm ipfrag_time=1 in the lab.`,
    zh: `种子案例的 netem-loss 需要 sch_netem 模块；没有它时，默认故障改用 qdisc-drop（一个极小的 tbf
队列规则），并会说明。如果明确写了 --faults netem-loss，则直接失败。
softnet-backlog 把到达 eth0 的每个 IPv4 包镜像 1280 份到一个 veth 的 per-CPU 积压队列（全宿主机
范围的丢包，CPU_BACKLOG）。rp-filter、forwarding-off 和 br-nf-call 需要 --engine netns，并且每个
实验环境只能选一个：严格 rp_filter 下的非对称路由；实验环境后面再接一个命名空间，而实验环境里
ip_forward=0；把实验环境做成网桥，bridge-nf-call-iptables=1 且 FORWARD 链默认策略为 DROP。后两个会
打印应使用的 diagnose 命令（--target <实验环境后面的地址>:80）。
mtu-mismatch 把 eth0 的 MTU 设为 1400（宿主机一端仍为 1500）。conntrack-invalid 添加一条 INPUT 链上
--ctstate INVALID DROP 的规则，并设置 nf_conntrack_tcp_loose=0。syn-queue 在 8081 端口监听（backlog 1），
关闭 SYN cookies，并把伪造源地址的 SYN-ACK 路由到实验环境内部的一个黑洞。
rx-dropped-benign 在实验环境内的一对 veth 上运行一个发送程序，每秒发 5 个未知 EtherType 的帧。
mtu-blackhole（netns，每个实验环境一个，和上面的路由类故障一样）经由一条 MTU 1400 的链路为实验环境
后面的命名空间做路由，并丢弃它本该发出的 ICMP "fragmentation needed"。每种故障都会打印一条有界的
hping3 命令来复现它；它们都不会改动实验环境之外的任何东西。
timewait-overflow 在实验环境里设置 tcp_max_tw_buckets=2，frag-reasm 设置 ipfrag_time=1。`,
  },
  'lab.help.status': { en: 'show the labs that exist and whether they are healthy', zh: '列出现有的实验环境，以及它们是否正常' },
  'lab.help.status.json': { en: 'print the labs as one JSON document', zh: '把实验环境列表输出为一个 JSON 文档' },
  'lab.help.down': {
    en: 'remove what the lab created (containers, namespaces, veths, processes, the image) and nothing else',
    zh: '删除实验环境创建的东西（容器、命名空间、veth、进程、镜像），别的一概不动',
  },
  'lab.help.down.name': { en: 'the lab to remove', zh: '要删除的实验环境' },
  'lab.help.down.all': { en: 'remove every lab', zh: '删除所有实验环境' },
  'lab.help.down.json': { en: 'print what was removed as one JSON document', zh: '把删除了哪些东西输出为一个 JSON 文档' },

  // --- pktdrop lab: what it prints ---------------------------------------------------------------
  'lab.needs-root': { en: 'pktdrop lab needs root', zh: 'pktdrop lab 需要 root 权限' },
  'lab.hint.sudo': { en: 'run it with sudo', zh: '请用 sudo 运行' },
  'lab.with-hint': { en: '{message} ({hint})', zh: '{message}（{hint}）' },
  'lab.no-docker': { en: 'Docker does not answer here: using --engine netns', zh: '这里的 Docker 没有响应：改用 --engine netns' },
  'lab.unknown-engine': { en: 'unknown engine {engine}', zh: '未知的引擎 {engine}' },
  'lab.up.done': { en: 'lab {name} is up: {what}', zh: '实验环境 {name} 已启动：{what}' },
  'lab.up.note': { en: 'note: {note}', zh: '备注：{note}' },
  'lab.up.try': { en: 'Try next:', zh: '接下来可以试试：' },
  'lab.describe.container': {
    en: 'container {name} ({id}, pid {pid}): nginx on {address}:{port}; faults: {faults}',
    zh: '容器 {name}（{id}，pid {pid}）：nginx 监听 {address}:{port}；故障：{faults}',
  },
  'lab.describe.netns': {
    en: 'netns {name} (host end {veth}): nginx on {address}:{port}; faults: {faults}',
    zh: '命名空间 {name}（宿主机一端 {veth}）：nginx 监听 {address}:{port}；故障：{faults}',
  },
  'lab.faults.none': { en: 'none', zh: '无' },
  'lab.status.none': { en: 'no lab exists (pktdrop lab up creates one)', zh: '没有实验环境（用 `pktdrop lab up` 创建一个）' },
  'lab.status.up': { en: 'up', zh: '运行中' },
  'lab.status.broken': { en: 'BROKEN: {problems}', zh: '已损坏：{problems}' },
  'lab.down.removed': { en: 'removed:', zh: '已删除：' },
  'lab.down.nothing': { en: 'nothing to remove', zh: '没有需要删除的东西' },
  'lab.down.partly': { en: '{message} (removed before that: {removed})', zh: '{message}（在此之前已删除：{removed}）' },

  // --- Building a lab: the step that failed ------------------------------------------------------
  'lab.fail.command': { en: '{what}: {argv}: {detail}', zh: '{what}：{argv}：{detail}' },
  'lab.fail.failed': { en: 'failed', zh: '失败' },
  'lab.not-installed': { en: '{program} is not installed', zh: '{program} 没有安装' },
  'lab.step.missing-tool': { en: 'missing tool', zh: '缺少工具' },
  'lab.step.image': { en: 'could not build the lab image', zh: '无法构建实验环境的镜像' },
  'lab.step.container': { en: 'could not start the lab container', zh: '无法启动实验容器' },
  'lab.step.inspect': { en: 'could not inspect the lab container', zh: '无法查看实验容器的信息（inspect）' },
  'lab.step.list-netns': { en: 'could not list network namespaces', zh: '无法列出网络命名空间' },
  'lab.step.list-addresses': { en: 'could not list the host addresses', zh: '无法列出宿主机的地址' },
  'lab.step.netns': { en: 'could not create the network namespace', zh: '无法创建网络命名空间' },
  'lab.step.veth': { en: 'could not create the veth pair', zh: '无法创建 veth 对' },
  'lab.step.address-host-end': { en: 'could not address the host end', zh: '无法给宿主机一端配置地址' },
  'lab.step.host-end-up': { en: 'could not bring the host end up', zh: '无法启用宿主机一端' },
  'lab.step.address-eth0': { en: 'could not address eth0', zh: '无法给 eth0 配置地址' },
  'lab.step.eth0-up': { en: 'could not bring eth0 up', zh: '无法启用 eth0' },
  'lab.step.lo-up': { en: 'could not bring lo up', zh: '无法启用 lo' },
  'lab.step.nginx': { en: 'could not start nginx', zh: '无法启动 nginx' },
  'lab.step.nft-table': { en: 'could not add the nft table', zh: '无法添加 nft 表' },
  'lab.step.nft-chain': { en: 'could not add the nft chain', zh: '无法添加 nft 链' },
  'lab.step.nft-rule': { en: 'could not add the nft rule', zh: '无法添加 nft 规则' },
  'lab.step.random-drop-rule': { en: 'could not add the iptables random-drop rule', zh: '无法添加 iptables 随机丢包规则' },
  'lab.step.netem': { en: 'could not add the netem qdisc', zh: '无法添加 netem 队列规则' },
  'lab.step.tbf': { en: 'could not add the tbf qdisc', zh: '无法添加 tbf 队列规则' },
  'lab.step.softnet': { en: 'could not build the softnet fan-out (needs act_mirred and cls_u32)', zh: '无法搭建 softnet 扇出（需要 act_mirred 和 cls_u32）' },
  'lab.step.rp-filter': { en: 'could not set up the asymmetric route and rp_filter', zh: '无法设置非对称路由和 rp_filter' },
  'lab.step.read-eth0': { en: 'could not read eth0', zh: '无法读取 eth0' },
  'lab.step.read-mac': { en: "could not read the MAC address of the lab's eth0", zh: '无法读取实验环境 eth0 的 MAC 地址' },
  'lab.step.neighbour-entry': { en: "could not add the neighbour entry on the lab's veth", zh: '无法在实验环境的 veth 上添加邻居表项' },
  'lab.step.behind-netns': { en: 'could not create the namespace behind the lab', zh: '无法创建实验环境后面的命名空间' },
  'lab.step.link-behind': { en: 'could not link the lab to the namespace behind it', zh: '无法把实验环境连到它后面的命名空间' },
  'lab.step.setup-behind': { en: 'could not set up the namespace behind the lab', zh: '无法设置实验环境后面的命名空间' },
  'lab.step.setup-fault': { en: 'could not set up {fault}', zh: '无法设置 {fault}' },
  'lab.step.route-behind': { en: "could not route the lab's veth to the namespace behind it", zh: '无法把实验环境的 veth 路由到它后面的命名空间' },
  'lab.step.mtu': { en: 'could not lower the MTU of eth0', zh: '无法调低 eth0 的 MTU' },
  'lab.step.invalid-rule': { en: 'could not add the INVALID drop rule', zh: '无法添加丢弃 INVALID 包的规则' },
  'lab.step.syn-queue': { en: 'could not set up the SYN queue fault', zh: '无法设置 SYN 队列故障' },
  'lab.step.syn-listener': { en: 'could not start the SYN queue listener', zh: '无法启动 SYN 队列的监听程序' },
  'lab.step.timewait': { en: 'could not limit the TIME-WAIT buckets', zh: '无法限制 TIME-WAIT 桶的数量' },
  'lab.step.frag': { en: 'could not shorten the reassembly timeout', zh: '无法缩短分片重组的超时' },
  'lab.step.sender-veth': { en: 'could not add the veth pair for the frame sender', zh: '无法为帧发送程序添加 veth 对' },
  'lab.step.frame-sender': { en: 'could not start the frame sender', zh: '无法启动帧发送程序' },
  'lab.step.never-accepting': { en: 'could not start the never-accepting listener', zh: '无法启动只监听、从不 accept 的程序' },
  'lab.step.list-containers': { en: "could not list the lab's containers ({runtime} ps)", zh: '无法列出实验环境的容器（{runtime} ps）' },
  'lab.step.remove-container': { en: 'could not remove the container', zh: '无法删除容器' },
  'lab.step.delete-netns': { en: 'could not delete the network namespace', zh: '无法删除网络命名空间' },
  'lab.step.delete-veth': { en: 'could not delete the veth', zh: '无法删除 veth' },
  'lab.listener.syn-queue': { en: 'the SYN queue listener', zh: 'SYN 队列的监听程序' },
  'lab.listener.never-accepting': { en: 'the never-accepting listener', zh: '只监听、从不 accept 的程序' },

  // --- Building a lab: refusals and failures -----------------------------------------------------
  'lab.invalid-name': {
    en: "invalid lab name {name}: use 1-63 letters, digits, '_', '.' or '-', starting with a letter or digit",
    zh: "实验环境名称 {name} 无效：只能用 1 到 63 个字母、数字、'_'、'.' 或 '-'，并以字母或数字开头",
  },
  'lab.unknown-fault': { en: 'unknown fault {fault}: choose from {faults}, or none', zh: '未知的故障 {fault}：可选 {faults}，或者 none' },
  'lab.conflict.netem-qdisc': {
    en: 'netem-loss and qdisc-drop both need the root qdisc of eth0: choose one',
    zh: 'netem-loss 和 qdisc-drop 都要占用 eth0 的根队列规则：只能选一个',
  },
  'lab.conflict.topology': { en: '{faults} each build their own topology around eth0: choose one per lab', zh: '{faults} 各自要在 eth0 周围搭建自己的拓扑：每个实验环境只能选一个' },
  'lab.and': { en: '{a} and {b}', zh: '{a} 和 {b}' },
  'lab.conflict.needs-netns': {
    en: "{fault} needs --engine netns (it adds a namespace behind the lab and a route or neighbour entry on the lab's own veth)",
    zh: '{fault} 需要 --engine netns（它会在实验环境后面加一个命名空间，并在实验环境自己的 veth 上加一条路由或邻居表项）',
  },
  'lab.conflict.syn-rp': {
    en: 'syn-queue turns rp_filter off in the lab and rp-filter turns it on: choose one',
    zh: 'syn-queue 会在实验环境里关闭 rp_filter，而 rp-filter 会打开它：只能选一个',
  },
  'lab.exists': { en: 'a lab named {name} already exists', zh: '名为 {name} 的实验环境已经存在' },
  'lab.exists.hint': { en: 'pktdrop lab down --name {name}, or choose another --name', zh: '先执行 `pktdrop lab down --name {name}`，或者换一个 --name' },
  'lab.hint.other-name': { en: 'choose another --name', zh: '换一个 --name' },
  'lab.up-failed': { en: 'lab up failed: {why}', zh: 'lab up 失败：{why}' },
  'lab.engine.hint': { en: 'apt-get install {pkg}, or use --engine netns', zh: '执行 `apt-get install {pkg}`，或者改用 --engine netns' },
  'lab.docker-down': { en: 'the Docker engine does not answer (docker info failed)', zh: 'Docker 引擎没有响应（docker info 失败）' },
  'lab.docker-down.hint': { en: 'start dockerd, or use --engine netns', zh: '启动 dockerd，或者改用 --engine netns' },
  'lab.podman-down': { en: 'podman does not answer (podman info failed: {why})', zh: 'podman 没有响应（podman info 失败：{why}）' },
  'lab.podman-down.hint': { en: 'use --engine docker or --engine netns', zh: '改用 --engine docker 或 --engine netns' },
  'lab.container-exists': { en: 'a container named {name} already exists (not made by this lab)', zh: '名为 {name} 的容器已经存在（不是本实验环境创建的）' },
  'lab.netns-exists': {
    en: 'a network namespace named {name} already exists (not made by this lab)',
    zh: '名为 {name} 的网络命名空间已经存在（不是本实验环境创建的）',
  },
  'lab.iface-exists': { en: 'an interface named {name} already exists', zh: '名为 {name} 的网卡已经存在' },
  'lab.container-stopped': { en: 'the lab container stopped right after starting', zh: '实验容器刚启动就停止了' },
  'lab.container-stopped.why': { en: 'the lab container stopped right after starting: {why}', zh: '实验容器刚启动就停止了：{why}' },
  'lab.read-addr': { en: 'could not read the output of ip -j addr', zh: '无法解析 ip -j addr 的输出' },
  'lab.no-subnet': { en: 'no free /30 left in 10.251.0.0/16 for the lab', zh: '10.251.0.0/16 中已没有空闲的 /30 可以分给实验环境' },
  'lab.no-subnet.behind': {
    en: 'no free /30 left in 10.251.0.0/16 for the namespace behind the lab',
    zh: '10.251.0.0/16 中已没有空闲的 /30 可以分给实验环境后面的命名空间',
  },
  'lab.not-listening': { en: '{what} is not listening on port {port} after 10 s', zh: '等了 10 秒，{what} 仍没有在端口 {port} 上监听' },
  'lab.no-netem': { en: 'this kernel has no sch_netem: tc cannot add a netem qdisc', zh: '这个内核没有 sch_netem：tc 无法添加 netem 队列规则' },
  'lab.hint.use-faults': { en: 'use --faults {faults}', zh: '改用 --faults {faults}' },
  'lab.fill-accept': {
    en: 'could not fill the accept queue of port {port} ({connected} connects, queue {queue})',
    zh: '无法填满端口 {port} 的 accept 队列（连接了 {connected} 次，队列 {queue}）',
  },
  'lab.unknown': { en: 'unknown', zh: '未知' },
  'lab.state-kept': {
    en: "the lab's state is kept ({file}); run pktdrop lab down again once that is fixed",
    zh: '实验环境的状态文件保留在 {file}；问题解决后请再运行一次 `pktdrop lab down`',
  },

  // --- Notes on what a lab did -------------------------------------------------------------------
  'lab.note.took': { en: 'lab up took {s} s', zh: 'lab up 用时 {s} 秒' },
  'lab.note.no-netem': {
    en: 'this kernel has no sch_netem (netem qdisc unknown): used qdisc-drop (a tiny tbf qdisc) instead of netem-loss',
    zh: '这个内核没有 sch_netem（不认识 netem 队列规则）：用 qdisc-drop（一个极小的 tbf 队列规则）代替了 netem-loss',
  },
  'lab.note.softnet': {
    en: "softnet-backlog: every IPv4 packet reaching eth0 is mirrored {copies} times into pdsn1's per-CPU backlog; with netdev_max_backlog {backlog} about {dropped} of each burst are dropped (host-wide: other traffic on that CPU may lose packets for a moment)",
    zh: 'softnet-backlog：到达 eth0 的每个 IPv4 包都被镜像 {copies} 份到 pdsn1 的 per-CPU 积压队列；netdev_max_backlog 为 {backlog}，每一波约有 {dropped} 个包被丢弃（全宿主机范围：这个 CPU 上的其他流量也可能短暂丢包）',
  },
  'lab.note.softnet-none': {
    en: "softnet-backlog: every IPv4 packet reaching eth0 is mirrored {copies} times into pdsn1's per-CPU backlog; with netdev_max_backlog {backlog} (too large for the fan-out: none) of each burst are dropped (host-wide: other traffic on that CPU may lose packets for a moment)",
    zh: 'softnet-backlog：到达 eth0 的每个 IPv4 包都被镜像 {copies} 份到 pdsn1 的 per-CPU 积压队列；netdev_max_backlog 为 {backlog}，对这个扇出来说太大，每一波都不会丢包（全宿主机范围：这个 CPU 上的其他流量也可能短暂丢包）',
  },
  'lab.note.rp-filter': {
    en: "rp-filter: the route back to {host} leaves through pdrp0, not eth0, and rp_filter is strict: the host's packets are dropped on arrival",
    zh: 'rp-filter：回到 {host} 的路由走 pdrp0 而不是 eth0，且 rp_filter 为严格模式：宿主机发来的包一到就被丢弃',
  },
  'lab.note.mtu-blackhole': {
    en: 'mtu-blackhole: {lab} routes for {address} (netns {netns}) over {dev} with MTU {mtu}, and its OUTPUT chain drops ICMP "fragmentation needed": 1500-byte packets with DF set to {address} vanish (hping3 -2 -y -d 1472 -p 9 -c 3 {address})',
    zh: 'mtu-blackhole：{lab} 经由 MTU 为 {mtu} 的 {dev} 为 {address}（命名空间 {netns}）做路由，它的 OUTPUT 链丢弃 ICMP "fragmentation needed"：发往 {address}、设置了 DF 的 1500 字节包会凭空消失（hping3 -2 -y -d 1472 -p 9 -c 3 {address}）',
  },
  'lab.note.forwarding-off': {
    en: 'forwarding-off: {lab} routes for {address} (netns {netns}) but net.ipv4.ip_forward=0 there: probe {address}:80',
    zh: 'forwarding-off：{lab} 为 {address}（命名空间 {netns}）做路由，但那里 net.ipv4.ip_forward=0：请探测 {address}:80',
  },
  'lab.note.br-nf-call': {
    en: 'br-nf-call: {lab} bridges eth0 and {dev} (br0) towards {address} (netns {netns}), with bridge-nf-call-iptables=1 and FORWARD policy DROP: probe {address}:80',
    zh: 'br-nf-call：{lab} 把 eth0 和 {dev} 桥接（br0）通往 {address}（命名空间 {netns}），bridge-nf-call-iptables=1 且 FORWARD 链默认策略为 DROP：请探测 {address}:80',
  },
  'lab.note.mtu-mismatch': {
    en: 'mtu-mismatch: eth0 has MTU {mtu}, the host end of its veth 1500: frames of 1500 bytes from the host that are not GSO (UDP, ICMP) are dropped as they cross',
    zh: 'mtu-mismatch：eth0 的 MTU 为 {mtu}，它的 veth 在宿主机一端为 1500：宿主机发来的非 GSO 的 1500 字节帧（UDP、ICMP）在穿过时被丢弃',
  },
  'lab.note.conntrack-invalid': {
    en: 'conntrack-invalid: INPUT drops --ctstate INVALID and nf_conntrack_tcp_loose=0: a TCP segment of a connection conntrack never saw (hping3 -A) is marked INVALID and dropped',
    zh: 'conntrack-invalid：INPUT 链丢弃 --ctstate INVALID 的包，且 nf_conntrack_tcp_loose=0：连接跟踪从未见过的连接上的 TCP 段（hping3 -A）会被标为 INVALID 并丢弃',
  },
  'lab.note.syn-queue': {
    en: 'syn-queue: port {port} listens with backlog 1 and SYN cookies are off; SYNs from a spoofed source stay half-open, so a burst overflows its SYN queue: {burst}',
    zh: 'syn-queue：端口 {port} 以 backlog 1 监听，且关闭了 SYN cookies；来自伪造源地址的 SYN 一直处于半连接状态，所以一阵突发就会让它的 SYN 队列溢出：{burst}',
  },
  'lab.note.timewait': {
    en: 'timewait-overflow: at most 2 TIME-WAIT sockets in the lab (tcp_max_tw_buckets); nginx closes first, so a few requests overflow it',
    zh: 'timewait-overflow：实验环境里最多 2 个 TIME-WAIT 套接字（tcp_max_tw_buckets）；nginx 先关闭连接，所以几个请求就会让它溢出',
  },
  'lab.note.frag': {
    en: 'frag-reasm: fragments wait 1 s for their siblings in the lab (ipfrag_time); first fragments alone fail reassembly',
    zh: 'frag-reasm：在实验环境里，分片只等其余分片 1 秒（ipfrag_time）；单独的首个分片会重组失败',
  },
  'lab.note.rx-benign': {
    en: 'rx-dropped-benign: {sender} sends 5 frames/s of EtherType 0x88b5 (like an LLDP agent): {receiver} counts them in rx_dropped, and it is not loss',
    zh: 'rx-dropped-benign：{sender} 每秒发送 5 个 EtherType 0x88b5 的帧（类似 LLDP 代理）：{receiver} 把它们计入 rx_dropped，这不是丢包',
  },
  'lab.note.listen-overflow': {
    en: 'listen-overflow: port {port} accept queue full ({queued} queued, backlog {backlog}); further SYNs to it are dropped',
    zh: 'listen-overflow：端口 {port} 的 accept 队列已满（排队 {queued} 个，backlog {backlog}）；之后发往它的 SYN 会被丢弃',
  },

  // --- The bounded traffic that shows a fault (printed under "Try next:"; the command is data) ----
  'lab.try.mtu-mismatch': { en: '{cmd}  # 1500-byte UDP: dropped at eth0 (MTU {mtu})', zh: '{cmd}  # 1500 字节的 UDP：在 eth0 处被丢弃（MTU {mtu}）' },
  'lab.try.conntrack-invalid': { en: '{cmd}  # ACKs of no connection: INVALID, dropped', zh: '{cmd}  # 不属于任何连接的 ACK：INVALID，被丢弃' },
  'lab.try.timewait': { en: '{cmd}  # each leaves a TIME-WAIT socket in the lab', zh: '{cmd}  # 每次都在实验环境里留下一个 TIME-WAIT 套接字' },
  'lab.try.frag': {
    en: "# first fragments only, sent inside the lab (the host's conntrack would reassemble them): {cmd}",
    zh: '# 只发首个分片，在实验环境内部发送（宿主机的连接跟踪会把它们重组）：{cmd}',
  },
  'lab.try.mtu-blackhole': { en: '{cmd}  # 1500 bytes, DF: refused, and the ICMP that says so is dropped', zh: '{cmd}  # 1500 字节且设置了 DF：被拒绝，而告知这一点的 ICMP 被丢弃' },

  // --- lab status and lab down -------------------------------------------------------------------
  'lab.status.unfinished': { en: 'lab up did not finish: run pktdrop lab down', zh: 'lab up 没有完成：请运行 `pktdrop lab down`' },
  'lab.status.engine-down': { en: '{engine} does not answer ({why}): the lab cannot be checked', zh: '{engine} 没有响应（{why}）：无法检查实验环境' },
  'lab.status.inspect-failed': { en: 'container inspect failed', zh: 'container inspect 失败' },
  'lab.status.container-gone': { en: 'container is gone', zh: '容器已不存在' },
  'lab.status.container-stopped': { en: 'container is not running', zh: '容器没有在运行' },
  'lab.status.netns-gone': { en: 'netns {name} is gone', zh: '命名空间 {name} 已不存在' },
  'lab.status.veth-gone': { en: 'veth {name} is gone', zh: 'veth 网卡 {name} 已不存在' },
  'lab.status.no-listener': { en: 'nothing listens on port 80', zh: '没有程序在监听 80 端口' },
  'lab.status.unreadable': { en: 'unreadable state file {file}', zh: '状态文件 {file} 无法读取' },
  'lab.removed.container': { en: 'container {name} ({id})', zh: '容器 {name}（{id}）' },
  'lab.removed.processes': { en: 'processes {pids} in netns {netns}', zh: '命名空间 {netns} 中的进程 {pids}' },
  'lab.removed.netns': { en: 'netns {name}', zh: '命名空间 {name}' },
  'lab.removed.veth': { en: 'veth {name}', zh: 'veth 网卡 {name}' },
  'lab.removed.image': { en: '{runtime} image {image}', zh: '{runtime} 镜像 {image}' },
} as const satisfies Area;
