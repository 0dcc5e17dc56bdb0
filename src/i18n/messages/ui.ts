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
} as const satisfies Area;
