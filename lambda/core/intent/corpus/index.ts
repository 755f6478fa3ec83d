// The built-in out-of-scope corpus: general-assistant requests and other businesses' service
// questions in id/en/es/pt, written for this project, so a profile gets rejection without negatives.
import { mergeSections } from './compose.ts';
import { en } from './en.ts';
import { es } from './es.ts';
import { everydayTraps } from './everyday-traps.ts';
import { homonymTraps } from './homonym-traps.ts';
import { id } from './id.ts';
import { otherServices } from './other-services.ts';
import { pt } from './pt.ts';

/** Category name → lines. Categories only organise the corpus; the model sees one `__out__` class. */
export type CorpusSection = Readonly<Record<string, readonly string[]>>;

export const OUT_OF_SCOPE_CORPUS: Readonly<Record<string, CorpusSection>> = {
  en: mergeSections(en, homonymTraps.en, otherServices.en, everydayTraps.en),
  id: mergeSections(id, homonymTraps.id, otherServices.id, everydayTraps.id),
  es: mergeSections(es, homonymTraps.es, otherServices.es, everydayTraps.es),
  pt: mergeSections(pt, homonymTraps.pt, otherServices.pt, everydayTraps.pt),
};

/** Every line of one language, in a stable order. */
export function corpusLines(language: string): string[] {
  const section = OUT_OF_SCOPE_CORPUS[language];
  return section ? Object.values(section).flat() : [];
}
