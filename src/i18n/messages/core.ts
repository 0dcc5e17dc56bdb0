/** Messages of src/core (see ../catalog-types.ts). Keys start with `core.`. */
import type { Area } from '../catalog-types.js';

export const core = {
  'core.window.measured': { en: 'during the window', zh: '在测量窗口内' },
  'core.window.snapshots': { en: 'between the two snapshots', zh: '在两次快照之间' },
  'core.window.since-boot': { en: 'since boot', zh: '自开机以来' },
  'core.step.not-collected': { en: 'not collected', zh: '未采集' },
  'core.access.host': { en: 'commands run on the host', zh: '命令在宿主机上运行' },
  'core.access.nsenter-pinned': {
    en: "the host's tools run in the container's network namespace, held open for the whole run (nsenter --net={pinned}; init pid {pid})",
    zh: '宿主机的工具在容器的网络命名空间中运行，整个运行期间保持打开（nsenter --net={pinned}；init pid {pid}）',
  },
  'core.access.nsenter': {
    en: "the host's tools run in the container's network namespace (nsenter -t {pid} -n)",
    zh: '宿主机的工具在容器的网络命名空间中运行（nsenter -t {pid} -n）',
  },
  'core.access.exec': { en: 'commands run inside the container ({runtime} exec {id})', zh: '命令在容器内运行（{runtime} exec {id}）' },
  'core.access.netns-pinned': {
    en: 'commands run in the namespace, held open for the whole run (nsenter --net={pinned}; /run/netns/{name})',
    zh: '命令在该命名空间中运行，整个运行期间保持打开（nsenter --net={pinned}；/run/netns/{name}）',
  },
  'core.access.netns': { en: 'commands run in the namespace (ip netns exec {name})', zh: '命令在该命名空间中运行（ip netns exec {name}）' },
  'core.ref.dash': {
    en: 'container name "{ref}" starts with "-"; refusing it (it would be read as an option)',
    zh: '容器名 "{ref}" 以 "-" 开头，拒绝使用（它会被当成选项）',
  },
  'core.ref.invalid': {
    en: '"{ref}" is not a valid container name or id (letters, digits, _ . - only)',
    zh: '"{ref}" 不是有效的容器名或 ID（只能含字母、数字和 _ . -）',
  },
  'core.netns.dash': {
    en: 'namespace name "{name}" starts with "-"; refusing it (it would be read as an option)',
    zh: '命名空间名 "{name}" 以 "-" 开头，拒绝使用（它会被当成选项）',
  },
  'core.netns.invalid': {
    en: '"{name}" is not a valid network namespace name (letters, digits, _ . - only)',
    zh: '"{name}" 不是有效的网络命名空间名（只能含字母、数字和 _ . -）',
  },
} as const satisfies Area;
