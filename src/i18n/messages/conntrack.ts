/** Messages of src/conntrack (see ../catalog-types.ts). Keys start with `conntrack.`. */
import type { Area } from '../catalog-types.js';

export const conntrack = {
} as const satisfies Area;
