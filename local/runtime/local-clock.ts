// The local runtime's clock. `--now <instant>` starts it at that instant and lets it run in real time, so
// a newcomer can watch the policy pack switch rules at an effective date without waiting for the date.
import type { Clock } from '../../lambda/core/ports.ts';

export class OffsetClock implements Clock {
  private offsetMs = 0;

  /** `startAt` undefined: the machine's own time. */
  constructor(
    startAt?: number,
    private readonly realNow: () => number = Date.now,
  ) {
    if (startAt !== undefined) this.startAt(startAt);
  }

  /**
   * (Re)starts the clock at an instant. `start` calls it again once everything is up, so that a slow
   * DynamoDB Local start does not eat the seconds before an effective date.
   */
  startAt(instant: number): void {
    this.offsetMs = instant - this.realNow();
  }

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
