// The project's shared folder (eval data, reference notes) sits beside the repository, wherever it is cloned.
import { resolve } from 'node:path';

export const SHARED_DIR = resolve(import.meta.dirname, '..', '..', '..', 'shared');
