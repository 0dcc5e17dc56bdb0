/** Messages of src/probe (see ../catalog-types.ts). Keys start with `probe.`. */
import type { Area } from '../catalog-types.js';

export const probe = {
} as const satisfies Area;
