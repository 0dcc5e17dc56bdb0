/** Messages of src/bridge (see ../catalog-types.ts). Keys start with `bridge.`. */
import type { Area } from '../catalog-types.js';

export const bridge = {
} as const satisfies Area;
