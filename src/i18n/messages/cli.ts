/** Messages of src/cli (see ../catalog-types.ts). Keys start with `cli.`. */
import type { Area } from '../catalog-types.js';

export const cli = {
  // --- Help: commander's own words -------------------------------------------------------------
  'cli.help.title.usage': { en: 'Usage:', zh: '用法：' },
  'cli.help.title.options': { en: 'Options:', zh: '选项：' },
  'cli.help.title.commands': { en: 'Commands:', zh: '命令：' },
  'cli.help.title.arguments': { en: 'Arguments:', zh: '参数：' },
  'cli.help.title.global-options': { en: 'Global Options:', zh: '全局选项：' },
  'cli.help.choices': { en: 'choices: {choices}', zh: '可选值：{choices}' },
  'cli.help.default': { en: 'default: {value}', zh: '默认值：{value}' },
  'cli.help.help-option': { en: 'display help for command', zh: '显示命令帮助' },
  'cli.help.help-command': { en: 'display help for command', zh: '显示指定命令的帮助' },
  'cli.help.version': { en: 'output the version number', zh: '显示版本号' },
  'cli.help.after-error': { en: '(pktdrop --help for usage)', zh: '（用法见 pktdrop --help）' },

  // --- Help: the program and options shared by several commands --------------------------------
  'cli.help.program': {
    en: 'Find where a Linux host or container drops packets, explain it, fix it with consent, and prove the fix.',
    zh: '找出 Linux 主机或容器在哪里丢包，解释原因，经你同意后修复，并用重新测量证明修复有效。',
  },
  'cli.help.lang': {
    en: 'language of the report: en or zh (Simplified Chinese); default from LC_ALL, LC_MESSAGES, LANG. --json is always English',
    zh: '报告的语言：en 或 zh（简体中文）；默认取自 LC_ALL、LC_MESSAGES、LANG。--json 始终是英文',
  },
  'cli.help.lang-any': {
    en: 'language of help, messages and reports: en or zh (Simplified Chinese); default from LC_ALL, LC_MESSAGES, LANG. --json is always English',
    zh: '帮助、提示和报告的语言：en 或 zh（简体中文）；默认取自 LC_ALL、LC_MESSAGES、LANG。--json 始终是英文',
  },
  'cli.help.runtime': { en: 'container runtime', zh: '容器运行时' },
  'cli.help.count': { en: 'probes per measurement', zh: '每次测量发送的探测包数' },
  'cli.help.interval': { en: 'milliseconds between probes', zh: '两个探测包之间的间隔（毫秒）' },
  'cli.help.timeout': { en: 'how long one probe waits for its answer', zh: '单个探测包等待应答的时间（毫秒）' },
  'cli.help.method': { en: 'probe method', zh: '探测方式' },
  'cli.help.report': { en: 'also write a Markdown handoff for a ticket', zh: '另写一份 Markdown 交接报告，可直接贴进工单' },
  'cli.help.no-color': { en: 'no colour in the report', zh: '报告不使用颜色' },
  'cli.help.with-host.ssh-config-file': { en: 'with --host: the ssh config file (ssh -F)', zh: '配合 --host：使用的 ssh 配置文件（ssh -F）' },
  'cli.help.with-host.connect-timeout': {
    en: 'with --host: ssh ConnectTimeout when your ssh config sets none',
    zh: '配合 --host：ssh 配置里没有设置时使用的 ssh ConnectTimeout（秒）',
  },
  'cli.help.lab': { en: 'build the seed case on this host to practise on (pktdrop lab --help)', zh: '在本机搭建种子案例的实验环境，用来练手（pktdrop lab --help）' },

  // --- Help: diagnose ------------------------------------------------------------------------------
  'cli.help.diagnose': {
    en: 'walk the drop map bottom-up (link, qdisc, ip, tcp, udp, conntrack, netfilter), name the cause, fix it, verify',
    zh: '按丢包地图自底向上逐层检查（link、qdisc、ip、tcp、udp、conntrack、netfilter），指出原因，修复并验证',
  },
  'cli.help.diagnose.container': { en: 'diagnose a container (and the host side of its path)', zh: '诊断一个容器（以及它的路径在主机一侧的部分）' },
  'cli.help.diagnose.netns': { en: 'diagnose a named network namespace (ip netns)', zh: '诊断一个具名网络命名空间（ip netns）' },
  'cli.help.diagnose.target': {
    en: 'the service to probe (default for a container or netns: its address and listening port)',
    zh: '要探测的服务（容器或命名空间默认取其地址和监听端口）',
  },
  'cli.help.diagnose.yes': { en: 'apply every proposed fix without asking', zh: '不逐条询问，直接执行所有提出的修复' },
  'cli.help.diagnose.dry-run': { en: 'change nothing; print the exact commands that would run', zh: '不做任何改动；只打印将要执行的确切命令' },
  'cli.help.diagnose.json': { en: 'write exactly one JSON document on stdout and nothing else there', zh: '在 stdout 上只输出一个 JSON 文档，不输出其他内容' },
  'cli.help.diagnose.no-probe': { en: 'do not send probe traffic; judge from counters over an idle window', zh: '不发送探测流量；根据一段空闲窗口内计数器的变化来判断' },
  'cli.help.diagnose.window': {
    en: 'with --no-probe, how long to watch the counters between the two samples (0: back to back)',
    zh: '配合 --no-probe：两次采样之间观察计数器的时长（0：两次采样紧挨着）',
  },
  'cli.help.diagnose.no-trace': { en: 'do not record kernel drop reasons (skb:kfree_skb) during the window', zh: '窗口期间不记录内核丢包原因（skb:kfree_skb）' },
  'cli.help.diagnose.save': {
    en: 'write everything collected (commands, outputs, timings, target, capabilities) to a bundle for pktdrop analyze',
    zh: '把采集到的全部内容（命令、输出、耗时、目标、本机能力）写成一个数据包，供 pktdrop analyze 使用',
  },
  'cli.help.diagnose.redact': {
    en: "replace addresses, MACs, host names and the target's own names (container name and id, namespace) in every output: what is printed, --save and --report",
    zh: '在所有输出中替换地址、MAC、主机名以及目标自己的名字（容器名和 id、命名空间）：屏幕输出、--save 和 --report 都一样',
  },
  'cli.help.diagnose.confirm-timeout': {
    en: 'with --yes: after fixing, roll everything back unless Enter is pressed within this many seconds (for remote sessions)',
    zh: '配合 --yes：修复后若在这么多秒内没有按回车，就全部回滚（用于远程会话）',
  },
  'cli.help.diagnose.verbose': { en: 'show every note and the capability report', zh: '显示所有备注和本机能力报告' },
  'cli.help.diagnose.host': {
    en: 'diagnose a remote host over your own ssh (its config, keys, agent, known_hosts); --container/--netns are on that host',
    zh: '通过你自己的 ssh（沿用它的配置、密钥、agent、known_hosts）诊断远程主机；--container/--netns 指的是那台主机上的',
  },
  'cli.help.diagnose.probe-from': {
    en: 'with --host: where the probe runs: here (default), on the diagnosed host, or on another host over ssh',
    zh: '配合 --host：探测从哪里发出：本机（默认）、被诊断的主机，或经 ssh 连接的另一台主机',
  },
  'cli.help.diagnose.accept-new-host-keys': {
    en: 'with --host: trust a host key seen for the first time (StrictHostKeyChecking=accept-new; a changed key still fails)',
    zh: '配合 --host：信任第一次见到的主机密钥（StrictHostKeyChecking=accept-new；密钥变了仍然失败）',
  },
  'cli.help.diagnose.become': {
    en: 'with --host: run the remote program with sudo -n even when the ssh user is root',
    zh: '配合 --host：即使 ssh 用户是 root，也用 sudo -n 运行远程程序',
  },
  'cli.help.diagnose.after': {
    en: `Examples:
  pktdrop diagnose --host web-03 --target web-03:80    # a remote host over ssh, probed from here
  sudo pktdrop diagnose                                 # the host; no probe unless --target
  sudo pktdrop diagnose --target 127.0.0.1:80           # the host, probing a local service
  sudo pktdrop diagnose --container nginx               # a Docker container and its host side
  sudo pktdrop diagnose --container nginx --yes         # ... and apply every fix unattended
  sudo pktdrop diagnose --container nginx --dry-run     # print the fixes, change nothing
  sudo pktdrop diagnose --netns lab --json              # a network namespace, JSON report

Exit status: 0 no cause found, or every cause fixed and verified; 1 causes remain;
2 usage or target error (unknown or stopped container, Docker not running, not root, unwritable state dir);
3 the target was lost mid-run (container stopped, namespace deleted: readings after that are void);
70 internal error (a bug: please report it); 130 interrupted (pktdrop undo reverses what was applied).`,
    zh: `示例：
  pktdrop diagnose --host web-03 --target web-03:80    # 经 ssh 诊断远程主机，从本机探测
  sudo pktdrop diagnose                                 # 诊断本机；不加 --target 就不探测
  sudo pktdrop diagnose --target 127.0.0.1:80           # 诊断本机，探测本地的一个服务
  sudo pktdrop diagnose --container nginx               # 诊断 Docker 容器及其主机一侧
  sudo pktdrop diagnose --container nginx --yes         # ……并且不经询问执行所有修复
  sudo pktdrop diagnose --container nginx --dry-run     # 只打印修复命令，不做改动
  sudo pktdrop diagnose --netns lab --json              # 诊断网络命名空间，输出 JSON 报告

退出码：0 未发现原因，或所有原因都已修复并验证；1 仍有原因未解决；
2 用法或目标错误（容器不存在或已停止、Docker 未运行、不是 root、状态目录不可写）；
3 运行中目标丢失（容器停止、命名空间被删除：此后的读数作废）；
70 内部错误（程序缺陷：请报告）；130 被中断（已执行的改动可用 pktdrop undo 撤销）。`,
  },

  // --- Help: analyze -------------------------------------------------------------------------------
  'cli.help.analyze': {
    en: 'read pasted outputs (netstat -s, tc -s qdisc, iptables -nvL, nft, ...) or a --save bundle, and judge them; runs nothing',
    zh: '读取粘贴来的命令输出（netstat -s、tc -s qdisc、iptables -nvL、nft 等）或 --save 数据包并作出判断；不执行任何命令',
  },
  'cli.help.analyze.files': { en: 'files to read; stdin when none or "-"', zh: '要读取的文件；不给或给 "-" 时读 stdin' },
  'cli.help.analyze.json': { en: 'write exactly one JSON document on stdout', zh: '在 stdout 上只输出一个 JSON 文档' },
  'cli.help.analyze.redact': { en: 'replace addresses, MACs and host names in the output', zh: '在输出中替换地址、MAC 和主机名' },
  'cli.help.analyze.verbose': { en: 'show every note', zh: '显示所有备注' },
  'cli.help.analyze.after': {
    en: `Examples:
  pktdrop analyze ticket.txt                 # outputs pasted into a ticket, prompts and prose included
  netstat -s | pktdrop analyze               # one command's output on stdin
  pktdrop analyze bundle.json --report r.md  # a bundle written by diagnose --save on another machine

Exit status: 0 nothing convicted; 1 findings, nothing recognised, or an output read only in part; 2 unreadable input.`,
    zh: `示例：
  pktdrop analyze ticket.txt                 # 贴在工单里的输出，夹着提示符和文字也可以
  netstat -s | pktdrop analyze               # 从 stdin 读一条命令的输出
  pktdrop analyze bundle.json --report r.md  # 另一台机器上 diagnose --save 写出的数据包

退出码：0 没有定论的问题；1 有发现、什么也没识别出、或有输出只读懂了一部分；2 输入无法读取。`,
  },

  // --- Help: undo ----------------------------------------------------------------------------------
  'cli.help.undo': { en: "undo the changes of pktdrop's last run on a target, from its journal", zh: '根据日志撤销 pktdrop 上一次运行对目标所做的改动' },
  'cli.help.undo.container': { en: 'the container whose changes to undo', zh: '要撤销哪个容器上的改动' },
  'cli.help.undo.netns': { en: 'the network namespace whose changes to undo', zh: '要撤销哪个网络命名空间里的改动' },
  'cli.help.undo.all': { en: 'undo every journaled run, newest first, not only the last', zh: '撤销日志里的每一次运行（从最新的开始），而不只是最后一次' },
  'cli.help.undo.json': { en: 'write one JSON document on stdout', zh: '在 stdout 上输出一个 JSON 文档' },
  'cli.help.undo.host': { en: 'undo on a remote host over ssh, from the journal kept on that host', zh: '经 ssh 在远程主机上撤销，依据的是那台主机上保存的日志' },
  'cli.help.undo.accept-new-host-keys': { en: 'with --host: trust a host key seen for the first time', zh: '配合 --host：信任第一次见到的主机密钥' },
  'cli.help.undo.become': { en: 'with --host: use sudo -n even when the ssh user is root', zh: '配合 --host：即使 ssh 用户是 root 也使用 sudo -n' },
  'cli.help.undo.after': {
    en: `Examples:
  sudo pktdrop undo --container nginx        # what the last diagnose changed for the container
  sudo pktdrop undo --all                    # every journaled run on the host, newest first
  pktdrop undo --host web-03                 # on a remote host, from its own journal

Exit status: 0 undone, or nothing to undo; 1 some change could not be undone (failed or refused);
2 usage or target error (unknown container, not root, locked).`,
    zh: `示例：
  sudo pktdrop undo --container nginx        # 撤销上一次 diagnose 对该容器做的改动
  sudo pktdrop undo --all                    # 撤销本机日志里的每一次运行，从最新的开始
  pktdrop undo --host web-03                 # 在远程主机上，依据它自己的日志撤销

退出码：0 已撤销，或没有需要撤销的；1 有改动未能撤销（失败或被拒绝）；
2 用法或目标错误（容器不存在、不是 root、被锁定）。`,
  },

  // --- Help: fleet ---------------------------------------------------------------------------------
  'cli.help.fleet': {
    en: 'diagnose every host of an inventory over ssh, agentless (pktdrop fleet diagnose --help)',
    zh: '经 ssh 诊断清单里的每台主机，无需安装代理（pktdrop fleet diagnose --help）',
  },
  'cli.help.fleet.diagnose': {
    en: 'run diagnose on every host of an inventory over your own OpenSSH; one table, one exit code',
    zh: '用你自己的 OpenSSH 在清单里的每台主机上运行 diagnose；汇总成一张表、一个退出码',
  },
  'cli.help.fleet.inventory': {
    en: 'an Ansible inventory (through ansible-inventory when installed; a built-in INI subset otherwise)',
    zh: 'Ansible 清单（装了 ansible-inventory 就用它读取，否则用内置的 INI 子集解析）',
  },
  'cli.help.fleet.ssh-config': { en: 'the literal Host names of your ssh config (or of -F FILE)', zh: '取 ssh 配置（或 -F FILE）里写明的 Host 名' },
  'cli.help.fleet.hosts': { en: 'hosts separated by spaces: [user@]host[:port] ...', zh: '以空格分隔的主机：[user@]host[:port] ...' },
  'cli.help.fleet.hosts-file': { en: 'a file of [user@]host[:port], one or more per line', zh: '列出 [user@]host[:port] 的文件，每行一个或多个' },
  'cli.help.fleet.limit': {
    en: 'hosts, groups or globs, comma-separated; !pat excludes, &pat intersects',
    zh: '主机、组或通配符，逗号分隔；!pat 表示排除，&pat 表示取交集',
  },
  'cli.help.fleet.forks': { en: 'hosts diagnosed at once', zh: '同时诊断的主机数' },
  'cli.help.fleet.host-timeout': { en: 'give up on a host after this long', zh: '单台主机超过这么多秒就放弃' },
  'cli.help.fleet.connect-timeout': { en: 'ssh ConnectTimeout when your ssh config sets none', zh: 'ssh 配置里没有设置时使用的 ssh ConnectTimeout（秒）' },
  'cli.help.fleet.become': { en: 'use sudo -n even when the ssh user is root', zh: '即使 ssh 用户是 root 也使用 sudo -n' },
  'cli.help.fleet.target-port': {
    en: "probe each host's own address on this TCP port from here (no probe without it)",
    zh: '从本机探测每台主机自己地址上的这个 TCP 端口（不给就不探测）',
  },
  'cli.help.fleet.window': {
    en: 'without --target-port, how long to watch the counters between the two samples',
    zh: '不给 --target-port 时，两次采样之间观察计数器的时长',
  },
  'cli.help.fleet.no-trace': {
    en: 'do not record kernel drop reasons (skb:kfree_skb) on the hosts during the window',
    zh: '窗口期间不在各主机上记录内核丢包原因（skb:kfree_skb）',
  },
  'cli.help.fleet.container': { en: 'on every host, diagnose this container', zh: '在每台主机上诊断这个容器' },
  'cli.help.fleet.netns': { en: 'on every host, diagnose this network namespace', zh: '在每台主机上诊断这个网络命名空间' },
  'cli.help.fleet.yes': {
    en: 'apply fixes, host by host, each journaled on its host and verified (never the default)',
    zh: '逐台主机执行修复，每项改动都记录在该主机的日志里并经过验证（默认不执行）',
  },
  'cli.help.fleet.confirm-timeout': {
    en: "with --yes: arm each host's rollback timer; a host keeps its fixes only if a fresh ssh connection reaches it after verification",
    zh: '配合 --yes：在每台主机上设好回滚定时器；验证之后只有新建的 ssh 连接仍能连上，该主机才保留修复',
  },
  'cli.help.fleet.probe-from': {
    en: 'where probes run: here (default), on each host itself, or on one other host over ssh',
    zh: '探测从哪里发出：本机（默认）、各主机自身，或经 ssh 连接的另一台主机',
  },
  'cli.help.fleet.json': { en: 'one JSON document on stdout: every host, its report unchanged, a summary', zh: '在 stdout 上输出一个 JSON 文档：每台主机及其原样报告，外加汇总' },
  'cli.help.fleet.json-lines': { en: 'one JSON line per host as it finishes, then a summary line', zh: '每台主机完成时输出一行 JSON，最后一行是汇总' },
  'cli.help.fleet.save-dir': { en: 'one bundle per host for pktdrop analyze', zh: '每台主机写一个数据包，供 pktdrop analyze 使用' },
  'cli.help.fleet.report': { en: 'a Markdown handoff covering every host', zh: '涵盖所有主机的 Markdown 交接报告' },
  'cli.help.fleet.redact': { en: 'with --save-dir/--report: replace addresses, MACs and host names', zh: '配合 --save-dir/--report：替换地址、MAC 和主机名' },
  'cli.help.fleet.accept-new-host-keys': {
    en: 'trust host keys seen for the first time (StrictHostKeyChecking=accept-new; a changed key still fails)',
    zh: '信任第一次见到的主机密钥（StrictHostKeyChecking=accept-new；密钥变了仍然失败）',
  },
  'cli.help.fleet.ssh-config-file': { en: 'the ssh config file (ssh -F)', zh: '使用的 ssh 配置文件（ssh -F）' },
  'cli.help.fleet.after': {
    en: `Examples:
  pktdrop fleet diagnose -i hosts.ini --limit web --target-port 80
  pktdrop fleet diagnose -H "web-01 root@10.0.0.7:2222" --json
  pktdrop fleet diagnose --ssh-config --limit 'web*,!web-07' --json-lines

Exit status: 0 every host diagnosed, healthy or fixed; 1 some host has causes remaining (every host
diagnosed); 4 some host not diagnosed (unreachable, auth, hostkey, sudo, timeout, error), no causes on
the rest; 5 both; 2 usage (bad inventory, hostile host name, no host matched); 130 interrupted.`,
    zh: `示例：
  pktdrop fleet diagnose -i hosts.ini --limit web --target-port 80
  pktdrop fleet diagnose -H "web-01 root@10.0.0.7:2222" --json
  pktdrop fleet diagnose --ssh-config --limit 'web*,!web-07' --json-lines

退出码：0 每台主机都已诊断，健康或已修复；1 有主机仍有原因未解决（所有主机都已诊断）；
4 有主机未能诊断（unreachable、auth、hostkey、sudo、timeout、error），其余主机没有原因；
5 两者都有；2 用法错误（清单有误、主机名可疑、没有匹配的主机）；130 被中断。`,
  },

  // --- Commander's error lines (Chinese only; English is commander's own) --------------------------
  'cli.commander.unknown-option': { en: "error: unknown option '{flag}'", zh: "错误：未知选项 '{flag}'" },
  'cli.commander.did-you-mean': { en: '(Did you mean {what}?)', zh: '（是不是想用 {what}？）' },
  'cli.commander.argument-missing': { en: "error: option '{flags}' argument missing", zh: "错误：选项 '{flags}' 缺少取值" },
  'cli.commander.invalid-choice': {
    en: "error: option '{flags}' argument '{value}' is invalid. Allowed choices are {choices}.",
    zh: "错误：选项 '{flags}' 的取值 '{value}' 无效。可选值：{choices}。",
  },
  'cli.commander.unknown-command': { en: "error: unknown command '{name}'", zh: "错误：未知命令 '{name}'" },
  'cli.commander.too-many': {
    en: 'error: too many arguments. Expected {expected} arguments but got {got}.',
    zh: '错误：参数过多：应为 {expected} 个，实际给了 {got} 个。',
  },
  'cli.commander.missing-argument': { en: "error: missing required argument '{name}'", zh: "错误：缺少必需的参数 '{name}'" },

  // --- Usage errors ---------------------------------------------------------------------------------
  'cli.usage.range': { en: '{name} must be a whole number from {min} to {max} (got "{got}")', zh: '{name} 必须是 {min} 到 {max} 之间的整数（收到的是 "{got}"）' },
  'cli.usage.target-format': {
    en: '--target must be host:port, e.g. 172.17.0.2:80 or [::1]:80 (got "{got}")',
    zh: '--target 的格式必须是 host:port，例如 172.17.0.2:80 或 [::1]:80（收到的是 "{got}"）',
  },
  'cli.usage.target-port': { en: '--target port must be 1..65535 (got {port})', zh: '--target 的端口必须在 1..65535 之间（收到的是 {port}）' },
  'cli.usage.target-dash': { en: '--target host must not start with "-" (got "{host}")', zh: '--target 的主机不能以 "-" 开头（收到的是 "{host}"）' },
  'cli.usage.target-host': {
    en: '--target host must be an IP address or a host name (letters, digits, - and .) (got "{host}")',
    zh: '--target 的主机必须是 IP 地址或主机名（字母、数字、- 和 .）（收到的是 "{host}"）',
  },
  'cli.usage.lang': { en: '--lang must be en or zh (got "{got}")', zh: '--lang 只能是 en 或 zh（收到的是 "{got}"）' },
  'cli.usage.container-netns': {
    en: '--container and --netns cannot be used together: pick one target',
    zh: '--container 和 --netns 不能同时使用：只能选一个目标',
  },
  'cli.usage.confirm-timeout-needs-yes': {
    en: '--confirm-timeout goes with --yes (it guards unattended changes)',
    zh: '--confirm-timeout 要和 --yes 一起用（它保护的是无人值守的改动）',
  },
  'cli.usage.probe-from-needs-host': {
    en: '--probe-from goes with --host (without it the probe already runs here)',
    zh: '--probe-from 要和 --host 一起用（不加 --host 时探测本来就从本机发出）',
  },
  'cli.usage.probe-from': { en: '--probe-from: {reason}', zh: '--probe-from 有误：{reason}' },
  'cli.remote.unreachable': { en: '{label}: {reason}', zh: '{label}：{reason}' },
  'cli.remote.probe-host-unreachable': { en: '--probe-from {label}: {reason}', zh: '--probe-from 指定的 {label} 连不上：{reason}' },
  'cli.internal-error': {
    en: 'internal error: {message} — please report it with the output of the same command run with PKTDROP_DEBUG=1',
    zh: '内部错误：{message}——请报告这个问题，并附上用 PKTDROP_DEBUG=1 重新运行同一命令的输出',
  },
  'cli.stdout-write': { en: 'cannot write to stdout: {message}', zh: '无法写入 stdout：{message}' },

  // --- undo -----------------------------------------------------------------------------------------
  'cli.undo.not-root': {
    en: 'undo needs root to change iptables, nftables and qdiscs: rerun it with sudo',
    zh: 'undo 需要 root 权限才能修改 iptables、nftables 和队列规则：请用 sudo 重新运行',
  },
  'cli.undo.nothing': {
    en: 'nothing to undo for {target}: no journaled change that is not already undone',
    zh: '{target} 没有需要撤销的改动：日志里的改动都已撤销',
  },
  'cli.undo.header': { en: 'undo on {target} ({journals}):', zh: '在 {target} 上撤销（{journals}）：' },
  'cli.undo.status.undone': { en: 'undone', zh: '已撤销' },
  'cli.undo.status.failed': { en: 'failed', zh: '失败' },
  'cli.undo.status.nothing-to-undo': { en: 'nothing-to-undo', zh: '无需撤销' },
  'cli.undo.status.refused': { en: 'refused', zh: '已拒绝' },
  'cli.undo.status-verified': { en: '{status}, verified', zh: '{status}，已验证' },

  // --- analyze --------------------------------------------------------------------------------------
  'cli.analyze.reading-terminal': { en: 'reading outputs from the terminal; end with Ctrl-D', zh: '正在从终端读取输出；按 Ctrl-D 结束' },
  'cli.analyze.cannot-read': { en: 'cannot read {name}: {message}', zh: '无法读取 {name}：{message}' },
  'cli.analyze.cannot-read-code': { en: 'cannot read {name} ({code}): {message}', zh: '无法读取 {name}（{code}）：{message}' },
  'cli.analyze.bad-bundle': { en: '{name} is not a usable bundle: {reason}', zh: '{name} 不是可用的数据包：{reason}' },
  'cli.report.cannot-write': { en: 'cannot write the report to {file}: {message}', zh: '无法把报告写入 {file}：{message}' },
  'cli.report.written': { en: 'Markdown report written to {file}', zh: 'Markdown 报告已写入 {file}' },

  // --- The capability report (--verbose) ------------------------------------------------------------
  'cli.caps.kernel': { en: 'kernel {kernel}; {root}', zh: '内核 {kernel}；{root}' },
  'cli.caps.unknown': { en: 'unknown', zh: '未知' },
  'cli.caps.root': { en: 'running as root', zh: '以 root 身份运行' },
  'cli.caps.not-root': { en: 'not root', zh: '不是 root' },
  'cli.caps.mounted': { en: 'mounted', zh: '已挂载' },
  'cli.caps.not-mounted': { en: 'not mounted', zh: '未挂载' },
  'cli.caps.present': { en: 'present', zh: '存在' },
  'cli.caps.absent': { en: 'absent', zh: '不存在' },
  'cli.caps.reason-absent': { en: 'absent (drop locations only)', zh: '不存在（只能看到丢包位置）' },
  'cli.caps.tracefs': {
    en: 'tracefs {mounted}; skb:kfree_skb {kfree}; drop reason field {reason}',
    zh: 'tracefs {mounted}；skb:kfree_skb {kfree}；丢包原因字段{reason}',
  },
  'cli.caps.tracefs-others': {
    en: 'tracefs {mounted}; skb:kfree_skb {kfree}; drop reason field {reason}; other tracers: {others}',
    zh: 'tracefs {mounted}；skb:kfree_skb {kfree}；丢包原因字段{reason}；其他跟踪程序：{others}',
  },
  'cli.caps.tracefs-unchecked': { en: 'tracefs not checked (--no-trace)', zh: '未检查 tracefs（--no-trace）' },
  'cli.caps.backends': { en: 'iptables backends: {backends}', zh: 'iptables 后端：{backends}' },
  'cli.caps.none': { en: 'none', zh: '无' },
  'cli.caps.tools': { en: 'tools: {tools}', zh: '工具：{tools}' },
  'cli.caps.missing': { en: '{name} (missing)', zh: '{name}（缺失）' },
  // --- The Markdown handoff (--report), src/ui/render-markdown.ts ------------------------------------
  'cli.report.created': { en: 'created {at}', zh: '生成于 {at}' },
  'cli.report.h.symptom': { en: 'Symptom', zh: '症状' },
  'cli.report.h.verdict': { en: 'Verdict', zh: '结论' },
  'cli.report.verdict-line': { en: '**{verdict}** (exit {code})', zh: '**{verdict}**（退出码 {code}）' },
  'cli.report.h.per-layer': { en: 'Verdict per layer', zh: '各层结论' },
  'cli.report.per-layer-head': { en: '| Layer | Scope | Verdict | Looked at |', zh: '| 层 | 范围 | 结论 | 查看的命令 |' },
  'cli.report.scope.target': { en: 'target', zh: '目标' },
  'cli.report.scope.host': { en: 'host', zh: '主机' },
  'cli.report.step.pass': { en: 'pass', zh: '通过' },
  'cli.report.step.skipped': { en: 'skipped: {reason}', zh: '跳过：{reason}' },
  'cli.report.step.crashed': { en: 'check crashed: {error}', zh: '检查本身出错：{error}' },
  'cli.report.step.drops': { en: '**drops**: {ids}', zh: '**丢包**：{ids}' },
  'cli.report.step.warning': { en: 'warning: {ids}', zh: '警告：{ids}' },
  'cli.report.h.findings': { en: 'Findings', zh: '发现' },
  'cli.report.no-finding': { en: 'No finding.', zh: '没有发现。' },
  'cli.report.finding-head': { en: '{subject} ({severity})', zh: '{subject}（{severity}）' },
  'cli.report.finding-head-host': { en: '{subject} ({severity}, host side)', zh: '{subject}（{severity}，主机一侧）' },
  'cli.report.severity.error': { en: 'error', zh: '错误' },
  'cli.report.severity.warning': { en: 'warning', zh: '警告' },
  'cli.report.severity.info': { en: 'info', zh: '信息' },
  'cli.report.evidence': { en: 'Evidence:', zh: '证据：' },
  'cli.report.next-step': { en: 'Next step: {action}', zh: '下一步：{action}' },
  'cli.report.h.fixes': { en: 'Fixes', zh: '修复' },
  'cli.report.no-fix': { en: 'No fix applied or proposed.', zh: '没有执行或提出任何修复。' },
  'cli.report.fix-status': {
    en: 'Status: **{status}**{verified}; risk: {risk}; scope: {scope}; for {finding} {subject}',
    zh: '状态：**{status}**{verified}；风险：{risk}；范围：{scope}；针对 {finding} {subject}',
  },
  'cli.report.with-message': { en: '{text} — {message}', zh: '{text}——{message}' },
  'cli.report.verified': { en: ', verified by a fresh measurement', zh: '，已重新测量验证' },
  'cli.report.not-verified': { en: ', NOT verified', zh: '，**未**通过验证' },
  'cli.report.status.proposed': { en: 'proposed', zh: '已提出' },
  'cli.report.status.applied': { en: 'applied', zh: '已执行' },
  'cli.report.status.skipped': { en: 'skipped', zh: '已跳过' },
  'cli.report.status.not-asked': { en: 'not asked', zh: '未询问' },
  'cli.report.status.failed': { en: 'failed', zh: '失败' },
  'cli.report.status.rolled-back': { en: 'rolled-back', zh: '已回滚' },
  'cli.report.risk.safe': { en: 'safe', zh: '安全' },
  'cli.report.risk.disruptive': { en: 'disruptive', zh: '可能中断业务' },
  'cli.report.undo': { en: 'Undo:', zh: '撤销：' },
  'cli.report.h.undo': { en: 'How to undo', zh: '如何撤销' },
  'cli.report.undo-applied': {
    en: 'Every applied change was journaled first. Undo them all with {undo}, or run the "Undo" commands above, newest first.',
    zh: '每项改动在执行前都已写入日志。用 {undo} 可全部撤销，也可以从最新的开始，逐条运行上面的“撤销”命令。',
  },
  'cli.report.undo-nothing': {
    en: 'Nothing was changed, so there is nothing to undo. Each proposed fix above lists the command that would reverse it.',
    zh: '没有做任何改动，所以无需撤销。上面每个提出的修复都列出了撤销它的命令。',
  },
  'cli.report.h.input': { en: 'Input', zh: '输入' },
  'cli.report.input-head': { en: '| File | Lines | Recognised as | Command | Judged |', zh: '| 文件 | 行 | 识别为 | 命令 | 判断依据 |' },
  'cli.report.mode.delta': { en: 'deltas between snapshots', zh: '两次快照之间的差值' },
  'cli.report.mode.snapshot': { en: 'one snapshot (totals)', zh: '单个快照（累计值）' },
  'cli.report.not-recognised': { en: 'Not recognised:', zh: '未识别：' },
  'cli.report.unrecognised': { en: '{file} lines {from}–{to}: {first}', zh: '{file} 第 {from}–{to} 行：{first}' },
  'cli.report.unrecognised-why': { en: '{file} lines {from}–{to} ({reason}): {first}', zh: '{file} 第 {from}–{to} 行（{reason}）：{first}' },
  'cli.report.probe-failed': { en: 'probe failed: {reason}', zh: '探测失败：{reason}' },
  'cli.report.probe': {
    en: '{sent} probes to {host}:{port}, {received} answered: {loss}% loss ({command})',
    zh: '向 {host}:{port} 发送 {sent} 个探测包，{received} 个有应答：丢包率 {loss}%（{command}）',
  },
  'cli.report.no-probe': { en: 'no probe ({why})', zh: '未探测（{why}）' },
  'cli.report.symptom-after': { en: '{before}; after the fixes: {after}', zh: '{before}；修复之后：{after}' },
  'cli.report.verdict.healthy': { en: 'no cause of packet loss found', zh: '未发现丢包原因' },
  'cli.report.verdict.fixed': { en: 'every cause found was fixed and verified', zh: '找到的原因均已修复，并经重新测量验证' },
  'cli.report.verdict.causes-remain': { en: 'causes of packet loss remain', zh: '仍有丢包原因未解决' },
  'cli.report.verdict.loss-unexplained': { en: 'the probe still loses packets, but no layer explains it', zh: '探测仍在丢包，但没有哪一层能解释' },
  'cli.report.verdict.incomplete': {
    en: 'no cause found in what could be read, but some steps could not be checked (see the skipped steps)',
    zh: '已读取的部分未发现原因，但有些步骤无法检查（见跳过的步骤）',
  },
  'cli.report.verdict.proposed': { en: 'causes found; fixes proposed but not applied', zh: '已找到原因；修复已提出，尚未执行' },
  'cli.report.verdict.target-lost': {
    en: 'the target was lost during the run: the readings after that point are void',
    zh: '运行中目标丢失：此后的读数全部作废',
  },
  'cli.report.pasted': {
    en: 'outputs pasted from another machine: {sections} recognised section(s), {unrecognised} unrecognised range(s)',
    zh: '从另一台机器粘贴来的输出：识别出 {sections} 段，{unrecognised} 处未识别',
  },
  'cli.report.analyze-changes-nothing': {
    en: 'analyze changes nothing: run it on the machine the outputs came from',
    zh: 'analyze 不做任何改动：请到输出所来自的那台机器上执行',
  },
  'cli.report.verdict.causes-found': { en: '{n} cause(s) of packet loss found', zh: '找到 {n} 个丢包原因' },
  'cli.report.verdict.only-warnings': { en: 'only history or warnings: nothing convicted', zh: '只有历史累计或警告：没有可定论的原因' },
  'cli.report.verdict.none-in-input': { en: 'no cause of packet loss found in the input', zh: '输入中未发现丢包原因' },

  // --- analyze's text report, src/ui/render-analyze.ts -----------------------------------------------
  'cli.analyze.bundle': {
    en: 'bundle from {target}, {tool}, {created}: {commands} command outputs, window {ms} ms',
    zh: '数据包来自 {target}，{tool}，{created}：{commands} 条命令输出，窗口 {ms} ms',
  },
  'cli.analyze.bundle-redacted': {
    en: 'bundle from {target}, {tool}, {created}: {commands} command outputs, window {ms} ms (redacted)',
    zh: '数据包来自 {target}，{tool}，{created}：{commands} 条命令输出，窗口 {ms} ms（已脱敏）',
  },
  'cli.analyze.recognised': { en: 'Recognised', zh: '已识别' },
  'cli.analyze.deltas': { en: '(deltas)', zh: '（差值）' },
  'cli.analyze.snapshot': { en: '(one snapshot: totals)', zh: '（单个快照：累计值）' },
  'cli.analyze.nothing-known': { en: 'nothing: no known command output in the input', zh: '没有：输入里没有认得的命令输出' },
  'cli.analyze.not-recognised': { en: 'Not recognised', zh: '未识别' },
  'cli.analyze.looked-like': { en: 'looked like {kind}, but {reason}', zh: '看起来像 {kind}，但{reason}' },
  'cli.analyze.walk': { en: 'The walk, bottom-up', zh: '逐层检查（自底向上）' },
  'cli.analyze.skipped-layers': { en: '({n} layer(s) not in the input; --verbose lists them)', zh: '（输入里没有 {n} 层的数据；--verbose 会列出）' },
  'cli.analyze.fixes': { en: 'Fixes to run on that machine', zh: '要在那台机器上执行的修复' },
  'cli.analyze.undo': { en: 'undo: {command}', zh: '撤销：{command}' },
  'cli.analyze.partly-read': {
    en: 'nothing convicted, but {layers} could be read only in part (see the lines not understood): not healthy',
    zh: '没有可定论的原因，但 {layers} 只读懂了一部分（见未能理解的行）：不能算正常',
  },
  'cli.analyze.nothing-judged': {
    en: 'nothing recognised: the input holds no command output pktdrop knows, so nothing was judged',
    zh: '什么也没识别出：输入里没有 pktdrop 认得的命令输出，所以没有作任何判断',
  },
  'cli.analyze.verdict': { en: 'Verdict', zh: '结论' },
  'cli.analyze.verdict-exit': { en: '{verdict} (exit {code})', zh: '{verdict}（退出码 {code}）' },
} as const satisfies Area;
