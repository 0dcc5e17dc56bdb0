/** Messages of src/cli (see ../catalog-types.ts). Keys start with `cli.`. */
import type { Area } from '../catalog-types.js';

export const cli = {
} as const satisfies Area;
