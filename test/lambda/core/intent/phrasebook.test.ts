import { describe, expect, it } from 'vitest';
import { PHRASEBOOK, phrasesByKey } from '../../../../lambda/core/intent/phrasebook/index.ts';

describe('the built-in phrasebook', () => {
  const languages = ['en', 'id', 'es', 'pt'];
  const englishKeys = Object.keys(PHRASEBOOK.en ?? {}).sort();

  it('has the same keys in every language, each in a known domain', () => {
    expect(englishKeys.length).toBeGreaterThanOrEqual(80);
    for (const lang of languages)
      expect(Object.keys(PHRASEBOOK[lang] ?? {}).sort()).toEqual(englishKeys);
    for (const key of englishKeys)
      expect(key).toMatch(/^(banking|retail|appointments|hospitality|telecom|common)\/[a-z_]+$/);
  });

  it('has several distinct, non-empty phrasings per key and language', () => {
    for (const lang of languages) {
      for (const [key, lines] of Object.entries(PHRASEBOOK[lang] ?? {})) {
        expect(lines.length, `${lang} ${key}`).toBeGreaterThanOrEqual(lang === 'en' ? 20 : 5);
        expect(new Set(lines.map((l) => l.trim().toLowerCase())).size, `${lang} ${key}`).toBe(
          lines.length,
        );
        for (const line of lines) expect(line.trim().length, `${lang} ${key}`).toBeGreaterThan(1);
      }
    }
  });

  it('gathers each key across languages, tagged with the language', () => {
    const byKey = phrasesByKey({
      en: { 'common/thanks': ['thanks'] },
      id: { 'common/thanks': ['makasih'] },
    });
    expect(byKey.get('common/thanks')).toEqual([
      { lang: 'en', text: 'thanks' },
      { lang: 'id', text: 'makasih' },
    ]);
  });
});
