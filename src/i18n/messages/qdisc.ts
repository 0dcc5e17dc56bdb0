/** Messages of src/qdisc (see ../catalog-types.ts). Keys start with `qdisc.`. */
import type { Area } from '../catalog-types.js';

export const qdisc = {
} as const satisfies Area;
