import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkout's root and the reference data beside it (../shared), for default rule paths. */
export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const sharedRoot = resolve(projectRoot, '..', 'shared');
