// The local runtime's clock. `--now <instant>` starts it at that instant and lets it run in real time, so
// a newcomer can watch the policy pack switch rules at an effective date without waiting for the date.
import type { Clock } from '../../lambda/core/ports.ts';

export class OffsetClock implements Clock {
  private readonly offsetMs: number;

  /** `startAt` undefined: the machine's own time. */
  constructor(startAt?: number, realNow: () => number = Date.now) {
    this.realNow = realNow;
    this.offsetMs = startAt === undefined ? 0 : startAt - realNow();
  }

  private readonly realNow: () => number;

  now(): number {
    return this.realNow() + this.offsetMs;
  }

  get shifted(): boolean {
    return this.offsetMs !== 0;
  }
}

/** Parses `--now`; only full instants with an offset, since a bare date is read in the laptop's zone. */
export function parseInstant(value: string): number {
  const time = Date.parse(value);
  if (!/T\d{2}:\d{2}/.test(value) || !/(Z|[+-]\d{2}:?\d{2})$/.test(value) || Number.isNaN(time)) {
    throw new RangeError(
      `--now expects an ISO instant with a UTC offset, e.g. 2026-01-15T00:00:00Z (got ${value})`,
    );
  }
  return time;
}
