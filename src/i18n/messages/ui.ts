/** Messages of src/ui (see ../catalog-types.ts). Keys start with `ui.`. */
import type { Area } from '../catalog-types.js';

export const ui = {
  'ui.verdict.healthy': { en: 'no cause of packet loss found', zh: '未发现丢包原因' },
  'ui.verdict.fixed': { en: 'every cause found was fixed and verified', zh: '找到的原因均已修复，并经重新测量验证' },
  'ui.verdict.causes-remain': { en: 'causes of packet loss remain', zh: '仍有丢包原因未解决' },
  'ui.verdict.loss-unexplained': { en: 'the probe still loses packets, but no layer explains it', zh: '探测仍在丢包，但没有哪一层能解释' },
  'ui.verdict.incomplete': {
    en: 'no cause found in what could be read, but some steps could not be checked (see the skipped steps)',
    zh: '已读取的部分未发现原因，但有些步骤无法检查（见跳过的步骤）',
  },
  'ui.verdict.proposed': { en: 'causes found; fixes proposed but not applied', zh: '已找到原因；修复已提出，尚未执行' },
  'ui.verdict.target-lost': {
    en: 'the target was lost during the run: the readings after that point are void',
    zh: '运行中目标丢失：此后的读数全部作废',
  },

  // Lists and small words.
  'ui.list-sep': { en: ', ', zh: '、' },

  // The probe's figures.
  'ui.probe.none': { en: 'no probe', zh: '未探测' },
  'ui.probe.failed': { en: 'probe failed: {reason}', zh: '探测失败：{reason}' },
  'ui.probe.stats': { en: '{loss}% loss ({received} of {sent} probes answered)', zh: '丢包 {loss}%（{sent} 个探测收到 {received} 个应答）' },
  'ui.probe.rtt': { en: ', rtt min/avg/max {min}/{avg}/{max}\u00a0ms', zh: '，往返时延 min/avg/max {min}/{avg}/{max}\u00a0ms' },
  'ui.probe.refused': { en: '{n} refused (port closed)', zh: '{n} 个被拒绝（端口未开放）' },
  'ui.probe.duplicates': { en: '{n} duplicate replies', zh: '{n} 个重复应答' },
  'ui.probe.extra': { en: '; {extra}', zh: '；{extra}' },

  // The header and the walk.
  'ui.header.probe': { en: 'probe: {why}', zh: '探测：{why}' },
  'ui.symptom.heading': { en: 'Symptom', zh: '症状' },
  'ui.walk.path-heading': { en: "The probe's path", zh: '探测路径' },
  'ui.walk.heading': { en: 'The walk, bottom-up', zh: '逐层检查（自底向上）' },
  'ui.walk.skipped': { en: 'skipped: {reason}', zh: '跳过：{reason}' },
  'ui.walk.crashed': { en: 'check crashed: {error}', zh: '检查出错：{error}' },
  'ui.walk.scopes': { en: ' ({scopes})', zh: '（{scopes}）' },
  'ui.scope.host-side': { en: ' (host side)', zh: '（宿主机侧）' },
  'ui.scope.target': { en: ' (target)', zh: '（目标）' },
  'ui.scope.host-side-bare': { en: 'host side', zh: '宿主机侧' },
  'ui.scope.target-bare': { en: 'target', zh: '目标' },
  'ui.trace.heading': { en: 'Kernel drop reasons', zh: '内核丢包原因' },
  'ui.trace.more': { en: '({n} more lines by reason and place: --verbose)', zh: '（按原因和位置还有 {n} 行：加 --verbose 查看）' },
  'ui.trace.window': { en: '(skb:kfree_skb over the same window)', zh: '（同一窗口内的 skb:kfree_skb）' },

  // A finding.
  'ui.evidence.counter': { en: '{counter} {before} → {after} (+{delta})  {subject}  [{source}]', zh: '{counter} {before} → {after}（+{delta}）  {subject}  [{source}]' },
  'ui.evidence.counter-noise': {
    en: "{counter} {before} → {after} (+{delta}, after subtracting {noise} from pktdrop's own probes)  {subject}  [{source}]",
    zh: '{counter} {before} → {after}（+{delta}，已减去 pktdrop 自己的探测造成的 {noise}）  {subject}  [{source}]',
  },
  'ui.evidence.history': { en: '{counter} {value} since boot (history)  {subject}  [{source}]', zh: '{counter} 自开机以来 {value}（历史累计）  {subject}  [{source}]' },
  'ui.finding.history-mark': { en: ' (since boot; cannot tell if still rising)', zh: '（自开机以来的累计；无法判断是否仍在增加）' },
  'ui.finding.history-hint': {
    en: 'These are totals: take the same reading twice, a few seconds apart, to see whether it is still happening.',
    zh: '这些是累计值：隔几秒再读一次同样的数据，才能看出是否仍在发生。',
  },
  'ui.finding.see-fix': { en: 'fix {n} below', zh: '见下方修复 {n}' },

  // The answer first.
  'ui.summary.heading': { en: 'Summary', zh: '概要' },
  'ui.summary.symptom': { en: 'symptom', zh: '症状' },
  'ui.summary.no-probe': { en: 'no probe: {why}', zh: '未探测：{why}' },
  'ui.summary.host': { en: ' (host)', zh: '（宿主机）' },
  'ui.summary.brief': { en: ' ({brief})', zh: '（{brief}）' },
  'ui.summary.rise': { en: '{counter} +{delta}', zh: '{counter} +{delta}' },
  'ui.summary.since-boot': { en: '{counter} {value} since boot', zh: '{counter} 自开机以来 {value}' },
  'ui.summary.symptom-mark': { en: ' — a symptom, not a cause', zh: '——是症状，不是原因' },
  'ui.summary.warnings': { en: '{n} warnings beside the causes: {layers} (details above)', zh: '另有 {n} 个警告：{layers}（详见上文）' },
  'ui.summary.warnings-one': { en: '1 warning beside the causes: {layers} (details above)', zh: '另有 1 个警告：{layers}（详见上文）' },
  'ui.summary.no-cause': { en: 'no cause of packet loss found', zh: '未发现丢包原因' },
  'ui.summary.unread-one': { en: '1 step could not be checked (○ above)', zh: '有 1 个步骤无法检查（见上方 ○）' },
  'ui.summary.unread': { en: '{n} steps could not be checked (○ above)', zh: '有 {n} 个步骤无法检查（见上方 ○）' },
  'ui.summary.fixes-one': { en: '1 fix proposed', zh: '提出 1 项修复' },
  'ui.summary.fixes': { en: '{n} fixes proposed', zh: '提出 {n} 项修复' },
  'ui.summary.no-fix': { en: 'no fix that pktdrop can apply: see the steps above', zh: '没有 pktdrop 能执行的修复：见上面各步骤' },

  // The list of fixes and each one's outcome.
  'ui.fixes.heading': { en: 'Proposed fixes, safest first', zh: '建议的修复（安全的在前）' },
  'ui.risk.safe': { en: 'safe', zh: '安全' },
  'ui.risk.disruptive': { en: 'disruptive', zh: '有风险' },
  'ui.fix.applied': { en: 'applied', zh: '已执行' },
  'ui.fix.skipped': { en: 'skipped', zh: '已跳过' },
  'ui.fix.failed': { en: 'failed', zh: '失败' },
  'ui.fix.rolled-back': { en: 'rolled back', zh: '已回滚' },
  'ui.fix.not-applied': { en: 'not applied', zh: '未执行' },
  'ui.fix.with-why': { en: '{title}: {why}', zh: '{title}：{why}' },
  'ui.quit': { en: 'Quit: {n} fixes not applied; nothing more will be changed.', zh: '已退出：{n} 项修复未执行；不会再做任何改动。' },
  'ui.quit.one': { en: 'Quit: 1 fix not applied; nothing more will be changed.', zh: '已退出：1 项修复未执行；不会再做任何改动。' },
  'ui.status.proposed': { en: 'proposed', zh: '已提出' },
  'ui.status.applied': { en: 'applied', zh: '已执行' },
  'ui.status.skipped': { en: 'skipped', zh: '已跳过' },
  'ui.status.not-asked': { en: 'not asked', zh: '未询问' },
  'ui.status.failed': { en: 'failed', zh: '失败' },
  'ui.status.rolled-back': { en: 'rolled back', zh: '已回滚' },

  // The question (src/ui/prompter.ts). The choices keep their English word first, in every language.
  'ui.ask.header': { en: 'Fix {i}/{total} · {risk} · {id}: {title}', zh: '修复 {i}/{total} · {risk} · {id}：{title}' },
  'ui.ask.undo': { en: 'undo: ', zh: '撤销：' },
  'ui.ask.question': { en: 'Apply fix {i}/{total}?', zh: '执行修复 {i}/{total}？' },
  'ui.ask.key.navigate': { en: 'navigate', zh: '移动' },
  'ui.ask.key.select': { en: 'select', zh: '选定' },
  'ui.ask.apply': { en: 'apply', zh: 'apply（执行）' },
  'ui.ask.skip': { en: 'skip', zh: 'skip（跳过）' },
  'ui.ask.apply-all': { en: 'apply all remaining', zh: 'apply all remaining（执行其余全部）' },
  'ui.ask.quit': { en: 'quit (change nothing more)', zh: 'quit（退出，不再改动）' },

  // Rounds and verification.
  'ui.round.heading': { en: 'Round {round}', zh: '第 {round} 轮' },
  'ui.round.new-causes': {
    en: 'the verification window shows {n} new cause(s) that the first fixes had masked:',
    zh: '验证窗口显示了 {n} 个新原因，它们之前被先前的问题掩盖了：',
  },
  'ui.verify.heading': { en: 'Verification', zh: '验证' },
  'ui.verify.heading-round': { en: 'Verification, round {round}', zh: '验证，第 {round} 轮' },
  'ui.verify.gone': { en: '{title}: gone from a fresh measurement', zh: '{title}：重新测量后已消失' },
  'ui.verify.still': { en: '{title}: still convicted by a fresh measurement', zh: '{title}：重新测量后仍然存在' },
  'ui.verify.reasons': { en: 'kernel drop reasons: {changes}', zh: '内核丢包原因：{changes}' },

  // Confirm or roll back.
  'ui.confirm': { en: 'Keep these changes? Press Enter within {s} s; otherwise pktdrop rolls them back.', zh: '保留这些改动吗？请在 {s} 秒内按回车，否则 pktdrop 会回滚。' },
  'ui.confirm.kept': { en: 'Kept.', zh: '已保留。' },
  'ui.reverted': { en: 'Rolled back ({reason}):', zh: '已回滚（{reason}）：' },

  // The end of the report.
  'ui.end.loss': { en: 'Loss', zh: '丢包' },
  'ui.end.verdict': { en: 'Verdict', zh: '结论' },
  'ui.end.verdict-text': { en: '{text} (exit {code})', zh: '{text}（退出码 {code}）' },
  'ui.end.no-probe': {
    en: "no probe: the counters were compared over {ms} ms of the target's own traffic; for drops that come and go, watch longer (--window 10000) or probe",
    zh: '未探测：只比较了目标自身流量在 {ms} ms 内的计数器；时有时无的丢包，请观察更久（--window 10000）或进行探测',
  },
  'ui.end.proposed': { en: 'nothing was changed: run the commands above, or rerun with', zh: '没有做任何改动：可以手动运行上面的命令，或者这样重新运行' },
  'ui.end.proposed-why': { en: '{why}: run the commands above, or rerun with', zh: '{why}：可以手动运行上面的命令，或者这样重新运行' },
  'ui.end.not-asked': { en: '{why} ({n} fixes)', zh: '{why}（{n} 项修复）' },
  'ui.end.not-asked-one': { en: '{why} (1 fix)', zh: '{why}（1 项修复）' },
  'ui.end.journal': { en: 'changes journaled in {journal}; undo them with', zh: '改动已记入变更日志 {journal}；撤销请运行' },
  'ui.end.symptom-not-counted': { en: 'symptom not counted: {why}', zh: '未计入的症状：{why}' },
  'ui.end.rounds': { en: '{n} rounds of fix and verify', zh: '共 {n} 轮修复与验证' },
  'ui.end.rounds-stopped': { en: '{n} rounds of fix and verify; then {stopped}', zh: '共 {n} 轮修复与验证；之后{stopped}' },
  'ui.end.left.action': { en: '{id} {subject}: {action}', zh: '{id} {subject}：{action}' },
  'ui.end.left.proposed': { en: '{id} {subject}: its fix is proposed above, not applied', zh: '{id} {subject}：修复已在上面提出，尚未执行' },
  'ui.end.left.skipped': { en: '{id} {subject}: its fix was skipped', zh: '{id} {subject}：修复已跳过' },
  'ui.end.left.not-asked': { en: '{id} {subject}: its fix was not asked', zh: '{id} {subject}：修复未询问' },
  'ui.end.left.failed': { en: '{id} {subject}: its fix failed', zh: '{id} {subject}：修复失败' },
  'ui.end.left.applied': { en: '{id} {subject}: its fix was applied, but a fresh measurement still convicts it', zh: '{id} {subject}：修复已执行，但重新测量后仍然存在' },
  'ui.end.left.applied-unverified': {
    en: '{id} {subject}: its fix was applied but not verified (no fresh measurement followed)',
    zh: '{id} {subject}：修复已执行，但未经验证（之后没有重新测量）',
  },
  'ui.end.left.rolled-back': { en: '{id} {subject}: its fix was rolled back', zh: '{id} {subject}：修复已回滚' },
  'ui.end.rests-on': { en: 'What this verdict rests on', zh: '这个结论的依据' },

  // An interrupted run (Ctrl-C).
  'ui.interrupted.signal': {
    en: 'pktdrop: interrupted; finishing the change in progress (if any) and stopping',
    zh: 'pktdrop：已中断；正在完成进行中的改动（如果有）后停止',
  },
  'ui.interrupted.nothing': { en: 'pktdrop: interrupted: nothing was changed', zh: 'pktdrop：已中断：没有做任何改动' },
  'ui.interrupted.applied': {
    en: 'pktdrop: interrupted: {n} change(s) applied and journaled ({titles}); undo them with: {undo}',
    zh: 'pktdrop：已中断：已执行并记入变更日志的改动 {n} 处（{titles}）；撤销请运行：{undo}',
  },

  // Spinners (src/ui/progress.ts).
  'ui.progress.scope': { en: '{label} — {target}', zh: '{label} — {target}' },
  'ui.progress.window': { en: '{label} — {target} ({elapsed} s of about {expected} s)', zh: '{label} — {target}（{elapsed} 秒 / 约 {expected} 秒）' },
} as const satisfies Area;
