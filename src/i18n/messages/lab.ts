/** Messages of src/lab (see ../catalog-types.ts). Keys start with `lab.`. */
import type { Area } from '../catalog-types.js';

export const lab = {
} as const satisfies Area;
