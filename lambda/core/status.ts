// Delivery statuses of our replies: which ones update their decision record.
import type { StatusUpdate } from './inbound.ts';

/** Failures always (they explain a reply that never arrived); the rest only when delivery is tracked. */
export function shouldApplyStatus(status: StatusUpdate, trackDelivery: boolean): boolean {
  if (status.callbackData === undefined) return false;
  return status.status === 'failed' || trackDelivery;
}

export function statusUpdateOf(status: StatusUpdate): {
  readonly status: StatusUpdate['status'];
  readonly at: number;
  readonly errorCode?: number;
} {
  const errorCode = status.errors[0]?.code;
  return {
    status: status.status,
    at: status.timestamp * 1000,
    ...(errorCode === undefined ? {} : { errorCode }),
  };
}
