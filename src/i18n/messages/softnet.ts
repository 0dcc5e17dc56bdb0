/** Messages of src/softnet (see ../catalog-types.ts). Keys start with `softnet.`. */
import type { Area } from '../catalog-types.js';

export const softnet = {
} as const satisfies Area;
