/** Messages of src/layers/qdisc (see ../catalog-types.ts). Keys start with `qdisc.`. */
import type { Area } from '../catalog-types.js';

export const qdisc = {
  'qdisc.title': { en: 'Queueing: tc qdiscs', zh: '排队：tc 队列规则（qdisc）' },
  'qdisc.list.semicolon': { en: '{a}; {b}', zh: '{a}；{b}' },
  'qdisc.no-output': { en: 'no output', zh: '没有输出' },
  'qdisc.probe.no-tc': { en: 'tc not found (install iproute2)', zh: '找不到 tc（请安装 iproute2）' },
  'qdisc.probe.failed': { en: 'tc -s qdisc show failed: {hint}', zh: '`tc -s qdisc show` 运行失败：{hint}' },
  'qdisc.probe.unreadable': { en: 'could not read tc -s qdisc show: {reason}', zh: '无法解析 `tc -s qdisc show` 的输出：{reason}' },

  'qdisc.netem.title': { en: 'netem on {dev} injects faults: {summary}', zh: '{dev} 上的 netem 在注入故障：{summary}' },
  'qdisc.netem.explanation': {
    en: 'netem is a network emulator: it drops, delays, duplicates or corrupts packets on purpose. It has no place on a production path; someone added it to simulate a bad network and left it there.',
    zh: 'netem 是网络模拟器：它故意丢弃、延迟、复制或损坏数据包。生产路径上不该有它；有人为了模拟糟糕的网络加上了它，事后没有删掉。',
  },
  'qdisc.netem.explanation-loss': { en: 'It discards {pct}% of the packets leaving {dev}.', zh: '离开 {dev} 的数据包有 {pct}% 被它丢弃。' },

  'qdisc.drops.filter-title': {
    en: '{kind} qdisc on {dev} dropped packets {window}: a filter on it dropped them',
    zh: '{dev} 上的 {kind} 队列规则{window}丢了包：是挂在它上面的过滤器丢的',
  },
  'qdisc.drops.filter-hook': {
    en: 'A {kind} qdisc has no queue to overflow: its "dropped" counter counts packets a filter\'s action dropped (a verdict, such as a policy of a network plugin), not congestion.',
    zh: '{kind} 队列规则没有会溢出的队列：它的 "dropped" 计数器统计的是过滤器动作丢弃的包（一种判决，例如网络插件的策略），而不是拥塞。',
  },
  'qdisc.drops.filter-classful': { en: 'This {kind} qdisc carries filters that steer or drop traffic.', zh: '这个 {kind} 队列规则上挂着引导或丢弃流量的过滤器。' },
  'qdisc.drops.filter-list': {
    en: 'Its filters: {filters}. Deleting the qdisc would remove every filter on it.',
    zh: '它的过滤器：{filters}。删除这个队列规则会删掉它上面的所有过滤器。',
  },
  'qdisc.drops.filter-list-cni': {
    en: 'Its filters: {filters}. Deleting the qdisc would remove every filter on it, and these belong to a network plugin (Cilium, Calico or Kubernetes): its datapath would stop.',
    zh: '它的过滤器：{filters}。删除这个队列规则会删掉它上面的所有过滤器，而这些过滤器属于网络插件（Cilium、Calico 或 Kubernetes）：它的数据路径会停止工作。',
  },
  'qdisc.drops.filter-none-read': { en: 'none could be read', zh: '一个也读不到' },
  'qdisc.drops.filter-nothing': {
    en: 'pktdrop changes nothing here: find which filter drops, and change that filter or the policy behind it.',
    zh: 'pktdrop 在这里不做任何改动：请找出是哪个过滤器在丢包，再修改那个过滤器或它背后的策略。',
  },
  'qdisc.drops.filter-action': {
    en: "{cmd}: see which filter's counters rise; pktdrop proposes no change to a qdisc that carries filters",
    zh: '{cmd}：看哪个过滤器的计数器在增长；对挂有过滤器的队列规则，pktdrop 不提出任何修改',
  },
  'qdisc.drops.filter-action-egress': {
    en: "{cmd} (and egress): see which filter's counters rise; pktdrop proposes no change to a qdisc that carries filters",
    zh: '{cmd}（以及 egress）：看哪个过滤器的计数器在增长；对挂有过滤器的队列规则，pktdrop 不提出任何修改',
  },
  'qdisc.drops.title': { en: '{kind} qdisc on {dev} dropped packets {window}', zh: '{dev} 上的 {kind} 队列规则{window}丢了包' },
  'qdisc.drops.explanation-configured': {
    en: 'The {kind} qdisc someone configured on {dev} ({options}) refused packets: its queue or rate limit is too small for this traffic.',
    zh: '有人在 {dev} 上配置的 {kind} 队列规则（{options}）拒收了数据包：它的队列或速率限制对这些流量来说太小。',
  },
  'qdisc.drops.no-options': { en: 'no options', zh: '无选项' },
  'qdisc.drops.explanation-default': {
    en: 'The default {kind} queue on {dev} overflowed: the interface could not send as fast as packets arrived.',
    zh: '{dev} 上默认的 {kind} 队列溢出了：网卡发送的速度赶不上数据包到达的速度。',
  },
  'qdisc.drops.action-configured': {
    en: '{del} (or raise its rate/limit: tc qdisc change dev {dev} ...)',
    zh: '{del}（或者调高它的速率/上限：`tc qdisc change dev {dev} ...`）',
  },
  'qdisc.drops.action-default': {
    en: 'raise the queue (ip link set dev {dev} txqueuelen 10000) or find what floods {dev}',
    zh: '调大队列（`ip link set dev {dev} txqueuelen 10000`），或者找出是什么流量灌满了 {dev}',
  },

  'qdisc.note.datapath': { en: '{subject} is part of a datapath ({why}): pktdrop never deletes it', zh: '{subject} 是数据路径的一部分（{why}）：pktdrop 从不删除它' },
  'qdisc.note.datapath-filters': {
    en: '{subject} is part of a datapath ({why}: {filters}): pktdrop never deletes it',
    zh: '{subject} 是数据路径的一部分（{why}：{filters}）：pktdrop 从不删除它',
  },
  'qdisc.datapath.cni': { en: "a network plugin's filters", zh: '网络插件的过滤器' },
  'qdisc.datapath.clsact': { en: 'a filter hook', zh: '过滤器挂载点' },
  'qdisc.datapath.filters': { en: 'it carries filters', zh: '上面挂着过滤器' },
  'qdisc.note.history': {
    en: '{subject}: dropped {n} since it was created (history: not rising {window})',
    zh: '{subject}：自创建以来共丢弃 {n} 个包（历史数据：{window}没有增长）',
  },
  'qdisc.note.count': { en: '{n} qdisc(s) read', zh: '读取了 {n} 个队列规则' },

  'qdisc.latent.title': {
    en: '{kind} on {dev} is configured far below what the path carries ({knobs})',
    zh: '{dev} 上的 {kind} 配置值远低于这条路径的流量（{knobs}）',
  },
  'qdisc.latent.explanation': {
    en: '{whys}. It dropped nothing {window}, but it will as soon as more than a trickle reaches it (another fault upstream may be dropping the traffic first, or the probe was too light to fill it).',
    zh: '{whys}。它{window}没有丢包，但只要流量稍大一点就会丢（可能是上游的另一个故障先把流量丢了，也可能是探测流量太小，填不满它）。',
  },
  'qdisc.latent.action': { en: '{changes} (or {del} if no limit is wanted)', zh: '{changes}（如果不需要限速，也可以 `{del}`）' },
  'qdisc.latent.tbf-rate': {
    en: 'tbf lets {rate} through ({bytes} bytes/s: about {frames} full-size frames a second)',
    zh: 'tbf 只放行 {rate}（每秒 {bytes} 字节：大约每秒 {frames} 个满长帧）',
  },
  'qdisc.latent.tbf-burst': {
    en: 'its burst ({burst}) is smaller than one full-size frame ({frame} bytes): such frames can never be sent',
    zh: '它的 burst（{burst}）比一个满长帧（{frame} 字节）还小：这样的帧永远发不出去',
  },
  'qdisc.latent.tbf-limit': { en: 'its queue limit ({limit}) holds less than one full-size frame', zh: '它的队列上限（{limit}）连一个满长帧都放不下' },
  'qdisc.latent.pfifo-limit': {
    en: 'its queue holds {n} packet(s): any burst longer than that is dropped',
    zh: '它的队列只能容纳 {n} 个包：超过这个长度的突发流量都会被丢弃',
  },
  'qdisc.latent.bfifo-limit': { en: 'its queue holds {limit}: less than two full-size frames', zh: '它的队列只能容纳 {limit}：不到两个满长帧' },

  'qdisc.htb.title': {
    en: 'htb class {classid} on {dev} is configured far below what the path carries (rate {rate}, ceil {ceil})',
    zh: '{dev} 上的 htb 类 {classid} 配置值远低于这条路径的流量（rate {rate}，ceil {ceil}）',
  },
  'qdisc.htb.title-above': {
    en: 'htb class {classid} on {dev} caps class {leaves} far below what the path carries ({knob} {value})',
    zh: '{dev} 上的 htb 类 {classid} 把类 {leaves} 限制在远低于这条路径流量的速率（{knob} {value}）',
  },
  'qdisc.htb.leaf-default': {
    en: 'class {leaf} is where htb {handle} sends every packet no filter classifies (default {default})',
    zh: '类 {leaf} 是 htb {handle} 接收所有未被过滤器分类的包的默认类（default {default}）',
  },
  'qdisc.htb.leaf-carried': { en: 'class {leaf} carried traffic {window} (Sent {before} → {after} pkt)', zh: '类 {leaf} {window}承载了流量（Sent {before} → {after} pkt）' },
  'qdisc.htb.leaf-both': {
    en: 'class {leaf} is where htb {handle} sends every packet no filter classifies (default {default}), and it carried traffic {window} (Sent {before} → {after} pkt)',
    zh: '类 {leaf} 是 htb {handle} 接收所有未被过滤器分类的包的默认类（default {default}），并且{window}承载了流量（Sent {before} → {after} pkt）',
  },
  'qdisc.htb.cap-self': {
    en: 'its {knob} lets at most {value} through ({bytes} bytes/s: about {frames} full-size frames a second), even when the link is idle',
    zh: '它的 {knob} 最多只放行 {value}（每秒 {bytes} 字节：大约每秒 {frames} 个满长帧），即使链路空闲也是如此',
  },
  'qdisc.htb.cap-above': {
    en: "class {limiter} above it lets at most {value} through ({knob}; {bytes} bytes/s: about {frames} full-size frames a second), and no class sends more than the classes above it",
    zh: '它上面的类 {limiter} 最多只放行 {value}（{knob}；每秒 {bytes} 字节：大约每秒 {frames} 个满长帧），而任何类的发送速率都不能超过它上面的类',
  },
  'qdisc.htb.explanation': {
    en: '{leaves}; {cap}. It dropped nothing {window}, but it will as soon as more than a trickle reaches it (another fault upstream may be dropping the traffic first, or the probe was too light to fill it).',
    zh: '{leaves}；{cap}。它{window}没有丢包，但只要流量稍大一点就会丢（可能是上游的另一个故障先把流量丢了，也可能是探测流量太小，填不满它）。',
  },
  'qdisc.htb.explanation-dropped': {
    en: '{leaves}; {cap}. It dropped {n} packet(s) {window}.',
    zh: '{leaves}；{cap}。它{window}丢弃了 {n} 个包。',
  },
  'qdisc.htb.action': {
    en: "{change} (ceil is the most the class may send, rate what it is guaranteed; or {del} if no limit is wanted)",
    zh: '{change}（ceil 是这个类最多能发送的速率，rate 是它保证能得到的速率；如果不需要限速，也可以 `{del}`）',
  },
  'qdisc.htb.unread': {
    en: '{subject}: its classes could not be read ({cmd}: {reason}), so their rates were not judged',
    zh: '{subject}：无法读取它的类（{cmd}：{reason}），因此没有检查这些类的速率',
  },
  'qdisc.htb.not-read': {
    en: '{subject}: its classes were not read ({cmd}), so their rates were not judged',
    zh: '{subject}：没有读取它的类（{cmd}），因此没有检查这些类的速率',
  },
  'qdisc.htb.classes-ok': {
    en: '{subject}: {n} class(es) read ({cmd}); none that carries traffic is capped under 1 Mbit/s',
    zh: '{subject}：读取了 {n} 个类（{cmd}）；承载流量的类都没有被限制在 1 Mbit/s 以下',
  },

  'qdisc.fix.delete-netem': { en: 'Delete the netem qdisc on {dev}', zh: '删除 {dev} 上的 netem 队列规则' },
  'qdisc.fix.delete-configured': { en: 'Delete the {kind} qdisc on {dev} (it removes its rate limit)', zh: '删除 {dev} 上的 {kind} 队列规则（会去掉它的速率限制）' },
  'qdisc.parse.class-no-output': { en: 'no tc class output', zh: '没有 tc class 的输出' },
  'qdisc.parse.class-none': { en: 'no "class" line found: not tc class output', zh: '没有找到 "class" 行：不是 tc class 的输出' },
  'qdisc.parse.filter-not-list': { en: 'not a JSON list of filters', zh: '不是过滤器的 JSON 列表' },
  'qdisc.parse.empty': { en: 'empty tc qdisc output', zh: 'tc qdisc 的输出为空' },
  'qdisc.parse.none': { en: 'no "qdisc" line found: not tc qdisc output', zh: '没有找到 "qdisc" 行：不是 tc qdisc 的输出' },
} as const satisfies Area;
