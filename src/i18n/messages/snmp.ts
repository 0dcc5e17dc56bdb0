/** Messages of src/snmp (see ../catalog-types.ts). Keys start with `snmp.`. */
import type { Area } from '../catalog-types.js';

export const snmp = {
} as const satisfies Area;
