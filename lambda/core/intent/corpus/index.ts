// The built-in out-of-scope corpus: general-assistant requests and other businesses' service
// questions in id/en/es/pt, written for this project, so a profile gets rejection without negatives.
import { en } from './en.ts';
import { es } from './es.ts';
import { id } from './id.ts';
import { pt } from './pt.ts';

/** Category name → lines. Categories only organise the corpus; the model sees one `__out__` class. */
export type CorpusSection = Readonly<Record<string, readonly string[]>>;

export const OUT_OF_SCOPE_CORPUS: Readonly<Record<string, CorpusSection>> = { en, id, es, pt };

/** Every line of one language, in a stable order. */
export function corpusLines(language: string): string[] {
  const section = OUT_OF_SCOPE_CORPUS[language];
  return section ? Object.values(section).flat() : [];
}
