/** Messages of src/targets (see ../catalog-types.ts). Keys start with `targets.`. */
import type { Area } from '../catalog-types.js';

export const targets = {
} as const satisfies Area;
