// AWS End User Messaging Social relays Meta's webhook through SNS: the SNS message is JSON whose
// `whatsAppWebhookEntry` is itself a JSON *string* holding one element of Meta's `entry[]`.
// zod/mini: the same parsing as the classic API at a fraction of its bundle size (stack notes §5).
import * as z from 'zod/mini';

const eumEventSchema = z.object({
  // A string as documented; an already-decoded object is accepted too, in case the relay changes.
  whatsAppWebhookEntry: z.union([z.string(), z.record(z.string(), z.unknown())]),
});

export type EumEntryResult =
  | { readonly ok: true; readonly entry: unknown }
  | { readonly ok: false; readonly reason: string };

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** The one webhook entry inside an SNS message from End User Messaging Social. */
export function eumEntryOf(snsMessage: string): EumEntryResult {
  const outer = parseJson(snsMessage);
  if (!outer.ok) return { ok: false, reason: 'SNS message is not JSON' };
  const event = eumEventSchema.safeParse(outer.value);
  if (!event.success) return { ok: false, reason: 'no whatsAppWebhookEntry' };
  const raw = event.data.whatsAppWebhookEntry;
  if (typeof raw !== 'string') return { ok: true, entry: raw };
  const entry = parseJson(raw);
  if (!entry.ok) return { ok: false, reason: 'whatsAppWebhookEntry is not JSON' };
  return { ok: true, entry: entry.value };
}
