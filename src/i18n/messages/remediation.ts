/** Messages of src/remediation (see ../catalog-types.ts). Keys start with `remediation.`. */
import type { Area } from '../catalog-types.js';

export const remediation = {
} as const satisfies Area;
