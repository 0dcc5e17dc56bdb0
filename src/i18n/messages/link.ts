/** Messages of src/link (see ../catalog-types.ts). Keys start with `link.`. */
import type { Area } from '../catalog-types.js';

export const link = {
} as const satisfies Area;
