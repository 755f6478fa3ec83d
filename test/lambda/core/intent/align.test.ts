import { describe, expect, it } from 'vitest';
import {
  alignKey,
  confirmBack,
  DEFAULT_ALIGN_OPTIONS,
  followFamilies,
  namedIntent,
  ownTrade,
} from '../../../../lambda/core/intent/align.ts';
import type { TrainingSet } from '../../../../lambda/core/ports.ts';

const options = {
  minSimilarity: 0.3,
  minShare: 0.5,
  maxRunnerUpRatio: 0.5,
  backRatio: 0.75,
  backFloor: 0.2,
  namedRatio: 0.3,
};

describe('ownTrade', () => {
  // The closeness values are the measured ones (classifier.ts's margin 0.04 and floor 0.55).
  const domainOptions = { domainMargin: 0.04, domainFloor: 0.55 };
  const closeness = (entries: Record<string, number>) => new Map(Object.entries(entries));

  it('picks the trade clearly closest to the profile', () => {
    const bank = closeness({ banking: 0.706, retail: 0.612, common: 0.738, telecom: 0.613 });
    expect(ownTrade(bank, domainOptions)).toBe('banking');
  });

  it('picks none when another trade reads about as close, or when none is close at all', () => {
    expect(ownTrade(closeness({ banking: 0.584, retail: 0.57 }), domainOptions)).toBeUndefined();
    const tiny = closeness({ banking: 0.382, retail: 0.403, common: 0.235, appointments: 0.541 });
    expect(ownTrade(tiny, domainOptions)).toBeUndefined();
  });

  it('lets no generic domain near the closest trade leave a profile in neither', () => {
    const roaster = closeness({ retail: 0.653, hospitality: 0.616, appointments: 0.599 });
    expect(ownTrade(roaster, domainOptions)).toBe('retail');
    const clinic = closeness({ appointments: 0.644, hospitality: 0.608, banking: 0.557 });
    expect(ownTrade(clinic, domainOptions)).toBe('appointments');
    // A generic domain is the profile's own when it is the closest: a hotel's own is hospitality.
    const hotel = closeness({ hospitality: 0.671, appointments: 0.629, retail: 0.586 });
    expect(ownTrade(hotel, domainOptions)).toBe('hospitality');
    // …but a trade near a generic closest one still rivals it.
    const between = closeness({ hospitality: 0.6, retail: 0.58 });
    expect(ownTrade(between, domainOptions)).toBeUndefined();
  });
});

describe('namedIntent', () => {
  const set = (...ids: string[]): TrainingSet => ({
    languages: ['en'],
    defaultLanguage: 'en',
    intents: ids.map((id) => ({ id, examples: { en: ['x'] } })),
  });

  it('finds the one intent whose id holds every word of the key name', () => {
    const bank = set('card_not_working', 'lost_stolen_damaged_card', 'card_services');
    expect(namedIntent('banking/card_damaged', bank)).toBe(1);
    expect(namedIntent('banking/card_declined', bank)).toBe(-1);
  });

  it('names none when several intents hold the words, or the ids are codes', () => {
    expect(namedIntent('banking/pin', set('pin_reset', 'pin_change'))).toBe(-1);
    expect(namedIntent('retail/refund_status', set('i01', 'i02'))).toBe(-1);
  });
});

describe('alignKey', () => {
  it('joins the intent the id names when its phrasings gave it enough of the votes', () => {
    // 3 votes for intent 0, 1 for intent 1 (a third of the winner's): the id names intent 1.
    const rows = [
      [0.6, 0.2],
      [0.5, 0.1],
      [0.7, 0.3],
      [0.2, 0.6],
    ];
    expect(alignKey('banking/card_damaged', rows, 2, options, 1).intent).toBe(1);
    expect(alignKey('banking/card_damaged', rows, 2, options).intent).toBe(0);
    // Under the share (no vote at all for the named intent), the votes decide.
    const none = rows.slice(0, 3);
    expect(alignKey('banking/card_damaged', none, 2, options, 1).intent).toBe(0);
  });

  it('joins the intent most phrasings read closest to', () => {
    const rows = [
      [0.1, 0.6, 0.2],
      [0.2, 0.5, 0.1],
      [0.4, 0.3, 0.0],
      [0.0, 0.7, 0.3],
    ];
    expect(alignKey('retail/refund_status', rows, 3, options)).toEqual({
      key: 'retail/refund_status',
      intent: 1,
      share: 0.75,
      voted: 1,
    });
  });

  it('stays out when no phrasing is similar enough to vote', () => {
    const rows = [
      [0.1, 0.29, 0.2],
      [0.2, 0.25, 0.1],
    ];
    expect(alignKey('banking/loan', rows, 3, options).intent).toBe(-1);
  });

  it('stays out when the votes split between two intents', () => {
    const rows = [
      [0.6, 0.1],
      [0.5, 0.2],
      [0.1, 0.6],
      [0.2, 0.5],
    ];
    const a = alignKey('banking/transfer_fee', rows, 2, options);
    expect(a.intent).toBe(-1);
    expect(a.share).toBe(0.5);
  });

  it('stays out when too few phrasings vote at all', () => {
    const rows = [
      [0.9, 0.1],
      [0.1, 0.1],
      [0.0, 0.2],
      [0.2, 0.0],
    ];
    expect(alignKey('common/goodbye', rows, 2, options).intent).toBe(-1);
  });

  it('stays out for a key without phrasings', () => {
    expect(alignKey('common/thanks', [], 2, DEFAULT_ALIGN_OPTIONS)).toEqual({
      key: 'common/thanks',
      intent: -1,
      share: 0,
      voted: -1,
    });
  });
});

describe('confirmBack', () => {
  const joined = (key: string, intent: number) => ({ key, intent, share: 0.8 });

  it('keeps a key the intent’s own examples read close to, and drops one they do not', () => {
    // Prepare: intent 0's examples read 0.6 close to key 0, 0.3 to key 1; both keys chose intent 0.
    const back = [[0.6, 0.3]];
    // Act
    const confirmed = confirmBack(
      [joined('retail/stock', 0), joined('common/greeting', 0)],
      back,
      0.75,
    );
    // Assess
    expect(confirmed.map((a) => a.intent)).toEqual([0, -1]);
  });

  it('drops a key the examples read closest to when they read far from every key', () => {
    // Prepare: a clinic's toothache intent, with only the common keys to compare: "goodbye" is its
    // closest key (0.151 against 0.177), so the ratio alone keeps it.
    const back = [[0.151, 0.177]];
    const keys = [joined('common/goodbye', 0), joined('common/talk_to_human', 0)];
    // Act & Assess
    expect(confirmBack(keys, back, 0.75).map((a) => a.intent)).toEqual([0, 0]);
    expect(confirmBack(keys, back, 0.75, 0.2).map((a) => a.intent)).toEqual([-1, -1]);
    expect(confirmBack(keys, [[0.25, 0.3]], 0.75, 0.2).map((a) => a.intent)).toEqual([0, 0]);
  });

  it('leaves keys that joined nothing alone', () => {
    const none = { key: 'banking/loan', intent: -1, share: 0 };
    expect(confirmBack([none], [[0.9]], 0.75)).toEqual([none]);
  });
});

describe('followFamilies', () => {
  const families = [['common/greeting', 'common/thanks', 'common/goodbye', 'common/how_are_you']];
  const a = (key: string, intent: number) => ({ key, intent, share: 0.5 });

  it('lets a key that joined nothing follow two or more members of its family', () => {
    const result = followFamilies(
      [
        a('common/greeting', 3),
        a('common/thanks', 3),
        a('common/goodbye', -1),
        a('common/how_are_you', -1),
      ],
      families,
    );
    expect(result.map((x) => x.intent)).toEqual([3, 3, 3, 3]);
  });

  it('follows a single member when its own phrasings voted for that intent', () => {
    // Prepare: "hello" voted for intent 3 but failed the back-check; only "goodbye" joined 3.
    const alignments = [
      { key: 'common/greeting', intent: -1, share: 0.8, voted: 3 },
      { key: 'common/goodbye', intent: 3, share: 0.7, voted: 3 },
      { key: 'common/thanks', intent: -1, share: 0.8, voted: 2 },
    ];

    // Act
    const result = followFamilies(alignments, families);

    // Assess: thanks voted elsewhere, so one member is not enough for it.
    expect(result.map((x) => x.intent)).toEqual([3, 3, -1]);
  });

  it('does not follow a single member, a tie, or outside any family', () => {
    // A single member
    expect(
      followFamilies([a('common/greeting', 3), a('common/how_are_you', -1)], families)[1]?.intent,
    ).toBe(-1);
    // Two members each way
    const wide = [
      ['common/greeting', 'common/thanks', 'common/goodbye', 'x/y', 'common/how_are_you'],
    ];
    const tie = [
      a('common/greeting', 3),
      a('common/thanks', 3),
      a('common/goodbye', 4),
      a('x/y', 4),
    ];
    expect(followFamilies([...tie, a('common/how_are_you', -1)], wide)[4]?.intent).toBe(-1);
    // The majority wins when it is clear
    const clear = [a('common/greeting', 3), a('common/thanks', 3), a('common/goodbye', 4)];
    expect(followFamilies([...clear, a('common/how_are_you', -1)], families)[3]?.intent).toBe(3);
    // No family
    expect(followFamilies([a('banking/loan', -1)], families)[0]?.intent).toBe(-1);
  });
});
