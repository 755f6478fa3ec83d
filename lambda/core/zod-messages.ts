// Error messages for the operator-facing schemas (profile, policy pack). zod/mini ships without a locale,
// so every issue would read "Invalid input"; the classic `zod` entry point installs English messages when
// it is imported. This does the same, once, for everything that imports it: the field paths and messages
// that `scoped-responder profile check`, the synth and the cold-start logs show stay as they were.

import { en } from 'zod/locales';
import * as z from 'zod/mini';

z.config(en());
