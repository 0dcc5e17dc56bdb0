/** Messages of src/netfilter (see ../catalog-types.ts). Keys start with `netfilter.`. */
import type { Area } from '../catalog-types.js';

export const netfilter = {
} as const satisfies Area;
