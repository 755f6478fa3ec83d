import { describe, expect, it } from 'vitest';
import { mergeSections } from '../../../../lambda/core/intent/corpus/compose.ts';
import { enServices } from '../../../../lambda/core/intent/corpus/en-services.ts';
import { everydayTraps } from '../../../../lambda/core/intent/corpus/everyday-traps.ts';
import { homonymTraps } from '../../../../lambda/core/intent/corpus/homonym-traps.ts';
import { corpusLines, OUT_OF_SCOPE_CORPUS } from '../../../../lambda/core/intent/corpus/index.ts';
import { otherServices } from '../../../../lambda/core/intent/corpus/other-services.ts';

describe('mergeSections', () => {
  it('keeps every line of a section named in more than one part', () => {
    expect(mergeSections({ a: ['1'], b: ['2'] }, { a: ['3'] })).toEqual({
      a: ['1', '3'],
      b: ['2'],
    });
  });
});

describe('the built-in corpus', () => {
  it('keeps every English service line, also where both English files name a section', () => {
    const en = OUT_OF_SCOPE_CORPUS.en ?? {};
    for (const [section, lines] of Object.entries(enServices)) {
      for (const line of lines) expect(en[section]).toContain(line);
    }
  });

  it('merges the homonym traps and other businesses’ lines into their sections, in every language', () => {
    for (const part of [homonymTraps, otherServices, everydayTraps]) {
      for (const [lang, sections] of Object.entries(part)) {
        for (const [section, lines] of Object.entries(sections)) {
          for (const line of lines) expect(OUT_OF_SCOPE_CORPUS[lang]?.[section]).toContain(line);
        }
      }
    }
  });

  it('has no line twice within a language', () => {
    for (const lang of ['en', 'id', 'es', 'pt']) {
      const lines = corpusLines(lang).map((l) => l.trim().toLowerCase());
      expect(lines.filter((l, i) => lines.indexOf(l) !== i)).toEqual([]);
    }
  });

  it('has lines in every language', () => {
    for (const lang of ['en', 'id', 'es', 'pt'])
      expect(corpusLines(lang).length).toBeGreaterThan(100);
  });
});
