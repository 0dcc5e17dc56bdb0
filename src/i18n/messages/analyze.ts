/** Messages of src/analyze (see ../catalog-types.ts). Keys start with `analyze.`. */
import type { Area } from '../catalog-types.js';

export const analyze = {
  // Lines not understood inside a section (detect.ts); the report prints "looked like KIND, but REASON".
  'analyze.reason.inside-section': {
    en: 'this text sits inside it and was not understood (the lines around it were read)',
    zh: '这段文字夹在其中，未能识别（其前后的行已读取）',
  },
  'analyze.reason.trim-mark': {
    en: 'a trim mark: lines were removed here by hand',
    zh: '这是删节标记：此处有行被手工删去',
  },
  'analyze.reason.no-counters': {
    en: 'not in the input: {output} holds none of its counters',
    zh: '输入中没有：{output} 不含这一层的任何计数器',
  },
  // A layer whose section was read only in part (analyze.ts): its verdict is "partly read", never pass.
  'analyze.step.partly-read': {
    en: '{title} — partly read',
    zh: '{title}——仅部分读取',
  },
  'analyze.partly-read.title': {
    en: 'The {kind} output ({where}) was only partly read: line(s) {lines} not understood',
    zh: '{kind} 输出（{where}）仅部分读取：第 {lines} 行未能识别',
  },
  'analyze.partly-read.title-trimmed': {
    en: 'The {kind} output ({where}) was trimmed by hand and only partly read: line(s) {lines} not understood',
    zh: '{kind} 输出（{where}）被手工删节，仅部分读取：第 {lines} 行未能识别',
  },
  'analyze.partly-read.title-filtered': {
    en: 'The {kind} output ({where}) went through `{filter}`: only the lines it let through were read',
    zh: '{kind} 输出（{where}）经过了 `{filter}` 过滤：只读取了过滤后留下的行',
  },
  'analyze.partly-read.title-filtered-lines': {
    en: 'The {kind} output ({where}) went through `{filter}`: only the lines it let through were read, and line(s) {lines} not understood',
    zh: '{kind} 输出（{where}）经过了 `{filter}` 过滤：只读取了过滤后留下的行，且第 {lines} 行未能识别',
  },
  'analyze.partly-read.explanation-filtered': {
    en: 'A filtered output shows only the counters the filter kept; the others, which may be the ones rising, were never pasted. So this layer is not reported healthy: its verdict is "partly read".',
    zh: '过滤后的输出只包含过滤条件留下的计数器；其余计数器（可能正是在增长的那些）根本没有贴出来。因此这一层不报告为正常，结论是“仅部分读取”。',
  },
  'analyze.partly-read.evidence-filter': {
    en: 'filter',
    zh: '过滤条件',
  },
  'analyze.partly-read.explanation': {
    en: 'pktdrop read the rest of this output and judged it, but what was on those lines (or what was cut out there) is unknown to it and may be exactly what drops the packets. So this layer is not reported healthy: its verdict is "partly read".',
    zh: 'pktdrop 读取并判断了这段输出的其余部分，但这些行上的内容（或在此处被删去的内容）它无从得知，而丢包的原因可能恰恰就在其中。因此这一层不报告为正常，结论是“仅部分读取”。',
  },
  'analyze.partly-read.evidence': {
    en: 'lines not understood',
    zh: '未能识别的行',
  },
  'analyze.partly-read.action': {
    en: 'run `{command}` again and paste its whole output unchanged (as a file, or in a code block, not quoted or wrapped), then pktdrop analyze it',
    zh: '重新运行 `{command}`，把完整输出原样贴出（作为文件，或放在代码块中，不要引用或折行），再用 pktdrop analyze 分析',
  },
} as const satisfies Area;
