/** Messages of src/neigh (see ../catalog-types.ts). Keys start with `neigh.`. */
import type { Area } from '../catalog-types.js';

export const neigh = {
} as const satisfies Area;
