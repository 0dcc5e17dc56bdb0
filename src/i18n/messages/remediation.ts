/** Messages of src/remediation (see ../catalog-types.ts). Keys start with `remediation.`. */
import type { Area } from '../catalog-types.js';

export const remediation = {
  /** Several failures said one after another (`a; b; c`), each translated on its own. */
  'remediation.list': { en: '{a}; {b}', zh: '{a}；{b}' },
  'remediation.command-failed-bare': { en: '{command}: failed', zh: '{command}：执行失败' },
  'remediation.unknown-error': { en: 'unknown error', zh: '未知错误' },
  'remediation.command-failure': { en: '{command}: {hint}', zh: '{command}：{hint}' },

  // Applying a fix.
  'remediation.apply.target-lost': {
    en: 'not applied: {why}; pktdrop changes nothing after that',
    zh: '未执行：{why}；此后 pktdrop 不再做任何更改',
  },
  'remediation.apply.not-as-measured': {
    en: 'not applied: {subject} is no longer as it was measured ({command} does not show "{marker}"): nothing was changed',
    zh: '未执行：{subject} 已不是测量时的状态（{command} 的输出里没有 "{marker}"）：未做任何更改',
  },
  'remediation.apply.command-failed': { en: '{command} failed: {hint}', zh: '{command} 执行失败：{hint}' },
  'remediation.apply.rollback-failed': {
    en: '{message}; rolling back the first {count} command(s) failed too',
    zh: '{message}；回滚前 {count} 条命令也失败了',
  },

  // Confirm-or-revert.
  'remediation.revert.journal-failed': {
    en: 'rolled back, but the journal could not be updated: {error}',
    zh: '已回滚，但无法更新变更日志：{error}',
  },

  // The lock and the state directory.
  'remediation.state.read-only': { en: 'is on a read-only file system', zh: '位于只读文件系统上' },
  'remediation.state.not-writable': { en: 'is not writable', zh: '不可写' },
  'remediation.state.not-dir': { en: 'is not a directory', zh: '不是目录' },
  'remediation.state.cannot-write': { en: 'cannot be written ({code})', zh: '无法写入（{code}）' },
  'remediation.state.dir': {
    en: 'the state directory {dir} {what}: nothing was changed (journals and locks live there); set PKTDROP_STATE_DIR to a writable directory',
    zh: '状态目录 {dir} {what}：未做任何更改（变更日志和锁都放在这里）；请把 PKTDROP_STATE_DIR 设为一个可写的目录',
  },
  'remediation.lock.held': {
    en: 'another pktdrop (pid {pid}, "{command}", since {since}) is changing this target; wait for it to finish or stop it',
    zh: '另一个 pktdrop（pid {pid}，"{command}"，始于 {since}）正在修改这个目标；请等它结束，或停止它',
  },

  // Undo.
  'remediation.undo.no-identity': {
    en: 'the journal does not say which instance of {name} it changed (it was written by an older pktdrop): pktdrop cannot tell whether {name} is still that one',
    zh: '变更日志没有记录它修改的是 {name} 的哪个实例（由旧版 pktdrop 写入）：pktdrop 无法判断 {name} 是否仍是那个实例',
  },
  'remediation.undo.refused-instance': {
    en: 'refused: {why}. Nothing was run in {target}',
    zh: '已拒绝：{why}。未在 {target} 中运行任何命令',
  },
  'remediation.undo.refused-invalid': {
    en: 'refused: this journal entry is not one pktdrop writes ({why}); it was edited by hand, so none of it was run. Check {path}',
    zh: '已拒绝：这条变更日志记录不是 pktdrop 写的（{why}）；它被手工改过，所以其中的命令一条都没有运行。请检查 {path}',
  },
  'remediation.undo.refused-lost': {
    en: 'refused: {why} during undo; nothing more was run',
    zh: '已拒绝：撤销过程中{why}；此后未再运行任何命令',
  },
  'remediation.undo.never-took-effect': {
    en: 'the change never took effect: nothing to undo',
    zh: '这项更改从未生效：无需撤销',
  },
  'remediation.undo.not-restored': {
    en: 're-reading the state does not show it restored',
    zh: '重新读取状态后，未见它已恢复',
  },

  // Journal entries checked like user input before undo runs any of them.
  'remediation.validate.not-iptables': { en: '"{program}" is not an iptables binary', zh: '"{program}" 不是 iptables 程序' },
  'remediation.validate.table': { en: 'expected -t TABLE with a known table', zh: '应为 -t TABLE，且表名是已知的表' },
  'remediation.validate.only-insert': { en: 'only -I (insert a rule back) is undone, not {option}', zh: '只撤销 -I（把规则插回去），不撤销 {option}' },
  'remediation.validate.only-insert-none': { en: 'only -I (insert a rule back) is undone, not nothing', zh: '只撤销 -I（把规则插回去），这里却没有命令' },
  'remediation.validate.chain-name': { en: 'the chain name is not a plain name', zh: '链名不是普通名称' },
  'remediation.validate.position': { en: 'the rule position is not a number', zh: '规则位置不是数字' },
  'remediation.validate.empty-rule': { en: 'the rule is empty', zh: '规则为空' },
  'remediation.validate.iptables-command': { en: 'the rule contains the iptables command {option}', zh: '规则里含有 iptables 命令 {option}' },
  'remediation.validate.at-file': { en: 'a word starts with @ (a file to read)', zh: '有一个词以 @ 开头（表示要读取的文件）' },
  'remediation.validate.nft-verb': { en: 'only "nft add rule" or "nft insert rule" is undone', zh: '只撤销 "nft add rule" 或 "nft insert rule"' },
  'remediation.validate.nft-family': { en: 'unknown nft family', zh: '未知的 nft 协议族' },
  'remediation.validate.nft-names': { en: 'the table or chain name is not a plain name', zh: '表名或链名不是普通名称' },
  'remediation.validate.nft-handle': { en: 'the position is not a handle number', zh: 'position 后面不是 handle 编号' },
  'remediation.validate.nft-second-command': {
    en: 'the rule contains ";", "#" or a line break (a second nft command)',
    zh: '规则里含有 ";"、"#" 或换行（会成为第二条 nft 命令）',
  },
  'remediation.validate.nft-option': { en: 'a rule word starts with "-" (an nft option)', zh: '规则里有一个词以 "-" 开头（nft 选项）' },
  'remediation.validate.tc-verb': { en: 'only "tc qdisc add" is undone', zh: '只撤销 "tc qdisc add"' },
  'remediation.validate.tc-dev': { en: 'expected dev IFNAME with a valid interface name', zh: '应为 dev IFNAME，且网卡名有效' },
  'remediation.validate.tc-parent': { en: 'expected root or parent X:Y', zh: '应为 root 或 parent X:Y' },
  'remediation.validate.tc-handle': { en: 'the handle is not a qdisc handle (H:)', zh: 'handle 不是队列规则的 handle（H:）' },
  'remediation.validate.tc-kind': {
    en: '"{kind}" is not a queueing discipline pktdrop removes',
    zh: '"{kind}" 不是 pktdrop 会删除的队列规则（qdisc）',
  },
  'remediation.validate.tc-option': { en: 'the option "{option}" is not a tc option word', zh: '选项 "{option}" 不是 tc 的选项词' },
  'remediation.validate.sysctl-form': { en: 'only "sysctl -w KEY=VALUE" is undone', zh: '只撤销 "sysctl -w KEY=VALUE"' },
  'remediation.validate.sysctl-value': { en: 'the setting is not a net.* key with a number', zh: '该设置不是取值为数字的 net.* 参数' },
  'remediation.validate.empty-command': { en: 'an empty command', zh: '空命令' },
  'remediation.validate.control-char-line': {
    en: 'a word contains a control character or a line break',
    zh: '有一个词含有控制字符或换行',
  },
  'remediation.validate.program': {
    en: '"{program}" is not a program pktdrop\'s undo runs (iptables, nft, tc, sysctl)',
    zh: '"{program}" 不是 pktdrop 撤销时会运行的程序（iptables、nft、tc、sysctl）',
  },
  'remediation.validate.control-char': { en: 'a word contains a control character', zh: '有一个词含有控制字符' },
  'remediation.validate.presence': { en: 'the state check "{command}" is not one pktdrop writes', zh: '状态检查 "{command}" 不是 pktdrop 写的' },
  'remediation.validate.scope': { en: 'unknown scope "{scope}"', zh: '未知的范围 "{scope}"' },
  'remediation.validate.no-inverse': { en: 'it has no inverse', zh: '它没有逆操作' },
  'remediation.validate.in': { en: '{why} (in: {command})', zh: '{why}（出现在：{command}）' },
} as const satisfies Area;
