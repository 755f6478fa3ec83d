import { describe, expect, it } from 'vitest';
import { OffsetClock, parseInstant } from '../../local/runtime/local-clock.ts';

describe('Class: OffsetClock', () => {
  it('starts at the --now instant and advances in real time', () => {
    // Prepare
    let real = 1_000_000;
    const clock = new OffsetClock(Date.parse('2026-01-14T23:59:50Z'), () => real);

    // Act
    const first = clock.now();
    real += 15_000;
    const later = clock.now();

    // Assess
    expect(new Date(first).toISOString()).toBe('2026-01-14T23:59:50.000Z');
    expect(new Date(later).toISOString()).toBe('2026-01-15T00:00:05.000Z');
    expect(clock.shifted).toBe(true);
  });

  it('restarts at the instant when startAt is called again after a slow start', () => {
    // Prepare
    let real = 0;
    const instant = Date.parse('2026-01-14T23:59:50Z');
    const clock = new OffsetClock(instant, () => real);
    real += 20_000;

    // Act
    clock.startAt(instant);

    // Assess
    expect(clock.now()).toBe(instant);
  });

  it('reads the machine time when no instant is given', () => {
    // Act
    const clock = new OffsetClock(undefined, () => 42);

    // Assess
    expect(clock.now()).toBe(42);
    expect(clock.shifted).toBe(false);
  });
});

describe('Function: parseInstant', () => {
  it.each(['2026-01-15', '2026-01-15T00:00:00', 'tomorrow'])(
    'rejects %s (no offset or no time)',
    (value) => {
      expect(() => parseInstant(value)).toThrow(RangeError);
    },
  );

  it.each([
    ['2026-01-15T00:00:00Z', '2026-01-15T00:00:00.000Z'],
    ['2026-01-15T07:00:00+07:00', '2026-01-15T00:00:00.000Z'],
  ])('accepts %s', (value, iso) => {
    expect(new Date(parseInstant(value)).toISOString()).toBe(iso);
  });
});
