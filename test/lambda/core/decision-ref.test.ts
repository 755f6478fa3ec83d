import { describe, expect, it } from 'vitest';
import {
  decisionKeyOf,
  decodeDecisionRef,
  encodeDecisionRef,
} from '../../../lambda/core/decision-ref.ts';

const ref = {
  userHash: '0123456789abcdef0123456789abcdef',
  timestamp: 1_772_445_600,
  wamid: 'wamid.HBgM|x#y',
};

describe('decision refs', () => {
  it('builds the table key of docs/design.md', () => {
    expect(decisionKeyOf(ref)).toEqual({
      pk: 'U#0123456789abcdef0123456789abcdef',
      sk: 'M#1772445600#wamid.HBgM|x#y',
    });
    expect(decisionKeyOf({ ...ref, timestamp: 42 }).sk).toBe('M#0000000042#wamid.HBgM|x#y');
  });

  it('round-trips through the callback data, even with separators in the wamid', () => {
    const encoded = encodeDecisionRef(ref);
    expect(encoded).toBe('U#0123456789abcdef0123456789abcdef|M#1772445600#wamid.HBgM|x#y');
    expect(decodeDecisionRef(encoded)).toEqual(ref);
  });

  it.each(['', 'hello', 'U#abc|M#12#w', 'U#ABC|M#0000000012#w', 'U#abc|M#0000000012#'])(
    'rejects callback data it did not write: %j',
    (encoded) => {
      expect(decodeDecisionRef(encoded)).toBeUndefined();
    },
  );
});
