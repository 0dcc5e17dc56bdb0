/** Messages of src/trace (see ../catalog-types.ts). Keys start with `trace.`. */
import type { Area } from '../catalog-types.js';

export const trace = {
} as const satisfies Area;
