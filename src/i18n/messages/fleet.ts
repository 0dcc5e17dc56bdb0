/** Messages of src/fleet (see ../catalog-types.ts). Keys start with `fleet.`. */
import type { Area } from '../catalog-types.js';

export const fleet = {
} as const satisfies Area;
