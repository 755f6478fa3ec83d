import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import {
  CODE_HASH_FILE,
  codeHashModule,
  readingCodeHash,
} from '../../../../bench/classifier-code-hash.ts';
import { TINY_SHOP } from '../../../support/training-sets.ts';

describe('the reading code hash', () => {
  it('is up to date with the code (else run `npm run classifier-hash`)', () => {
    expect(readFileSync(CODE_HASH_FILE, 'utf8')).toBe(codeHashModule(readingCodeHash()));
  });

  it('is part of the classifier version', async () => {
    // Prepare: the same training set under two code hashes.
    const versionUnder = async (hash: string) => {
      vi.resetModules();
      vi.doMock('../../../../lambda/core/intent/code-hash.ts', () => ({ READING_CODE_HASH: hash }));
      const { classifierVersion } = await import('../../../../lambda/core/intent/classifier.ts');
      return classifierVersion(TINY_SHOP);
    };
    // Act
    const before = await versionUnder('0000000000000000');
    const after = await versionUnder('0000000000000001');
    vi.doUnmock('../../../../lambda/core/intent/code-hash.ts');
    // Assess: same algorithm name, another version.
    expect(before.split('+')[0]).toBe(after.split('+')[0]);
    expect(after).not.toBe(before);
  });
});
