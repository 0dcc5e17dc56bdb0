/** Messages of src/diagnose (see ../catalog-types.ts). Keys start with `diagnose.`. */
import type { Area } from '../catalog-types.js';

export const diagnose = {
} as const satisfies Area;
