/** Messages of src/analyze (see ../catalog-types.ts). Keys start with `analyze.`. */
import type { Area } from '../catalog-types.js';

export const analyze = {
} as const satisfies Area;
