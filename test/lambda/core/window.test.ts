import { describe, expect, it } from 'vitest';
import { evaluateWindow, SERVICE_WINDOW_MS } from '../../../lambda/core/window.ts';

const SENT = 1_772_445_600; // 2026-03-02T10:00:00Z, Unix seconds
const SENT_MS = SENT * 1000;

describe('evaluateWindow', () => {
  it.each([
    ['just after the message', SENT_MS + 1_000, true],
    ['24 h − 1 s after', SENT_MS + SERVICE_WINDOW_MS - 1_000, true],
    ['exactly 24 h after', SENT_MS + SERVICE_WINDOW_MS, false],
    ['a week later (a late redelivery)', SENT_MS + 7 * SERVICE_WINDOW_MS, false],
  ])('%s', (_, now, open) => {
    expect(evaluateWindow(SENT, {}, now)).toEqual({ open, lastInboundAt: SENT_MS });
  });

  it('is extended by a later message already seen', () => {
    const later = SENT + 3_600;
    const now = SENT_MS + SERVICE_WINDOW_MS + 1_000;
    expect(evaluateWindow(SENT, { lastInboundAt: later }, now)).toEqual({
      open: true,
      lastInboundAt: later * 1000,
    });
  });

  it('is not shortened by an older message in the state', () => {
    expect(evaluateWindow(SENT, { lastInboundAt: SENT - 90_000 }, SENT_MS + 1_000).open).toBe(true);
  });
});
