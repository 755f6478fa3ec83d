// A clock and timers that move only when a test says so: visibility timeouts and dedup windows are
// minutes long, and a test must neither wait for them nor depend on the machine's speed.
import type { Clock } from '../../../lambda/core/ports.ts';
import type { Timers } from '../../../local/runtime/in-process-fifo-queue.ts';

export class ManualTime implements Clock, Timers {
  private current: number;
  private pending: { at: number; fn: () => void; id: number }[] = [];
  private nextId = 0;

  constructor(start = Date.parse('2026-03-01T10:00:00Z')) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  set(fn: () => void, ms: number): () => void {
    const id = this.nextId++;
    this.pending.push({ at: this.current + ms, fn, id });
    return () => {
      this.pending = this.pending.filter((timer) => timer.id !== id);
    };
  }

  /** Moves time forward and fires the timers that fall due, in order. */
  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      const due = this.pending
        .filter((timer) => timer.at <= target)
        .sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.pending = this.pending.filter((timer) => timer.id !== due.id);
      this.current = Math.max(this.current, due.at);
      due.fn();
    }
    this.current = target;
  }
}
