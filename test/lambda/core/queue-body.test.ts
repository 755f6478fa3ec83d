import { describe, expect, it } from 'vitest';
import { parseQueueBody, QueueBodyError } from '../../../lambda/core/queue-body.ts';
import { shouldApplyStatus, statusUpdateOf } from '../../../lambda/core/status.ts';
import { statusUpdate, textMessage } from '../../support/inbound-messages.ts';

describe('parseQueueBody', () => {
  it('returns the item of a version-1 envelope', () => {
    const item = textMessage('hi');
    expect(parseQueueBody(JSON.stringify({ v: 1, item }))).toEqual(item);
  });

  it.each([
    'not json',
    '{"v":2,"item":{"kind":"message"}}',
    '{"v":1}',
    '{"v":1,"item":{"kind":"x"}}',
    'null',
  ])('rejects %j', (body) => {
    expect(() => parseQueueBody(body)).toThrow(QueueBodyError);
  });
});

describe('shouldApplyStatus', () => {
  it.each([
    ['failed', false, true],
    ['failed', true, true],
    ['sent', false, false],
    ['delivered', true, true],
    ['read', true, true],
  ] as const)('%s with trackDelivery=%s → %s', (status, track, apply) => {
    expect(
      shouldApplyStatus(statusUpdate({ status, callbackData: 'U#a|M#0000000001#w' }), track),
    ).toBe(apply);
  });

  it('skips statuses without callback data (nothing to find)', () => {
    expect(shouldApplyStatus(statusUpdate({ status: 'failed' }), true)).toBe(false);
  });

  it('reads the first error code and the time', () => {
    const status = statusUpdate({ status: 'failed', timestamp: 100, errors: [{ code: 131047 }] });
    expect(statusUpdateOf(status)).toEqual({ status: 'failed', at: 100_000, errorCode: 131047 });
  });
});
