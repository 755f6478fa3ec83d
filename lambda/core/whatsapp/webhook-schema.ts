// Zod schemas for what Meta sends to the webhook (and what End User Messaging Social relays).
// Lenient on purpose: unknown keys are dropped, optional decorations that are malformed become undefined,
// and lists stay `unknown[]` here so that normalise.ts can parse each item on its own: one odd message
// must not cost the others in its batch.
// zod/mini, not `zod`: the same parser with a functional API, ~35 KB of the ingress bundle instead of ~92
// (stack notes §5). Behaviour is the classic API's: unknown keys dropped, the same checks and issue codes.
import * as z from 'zod/mini';

/** An optional field that becomes undefined instead of failing its parent when it is malformed. */
function lenient<T extends z.ZodMiniType>(schema: T) {
  return z.catch(z.optional(schema), undefined);
}

const text = z.string();
const list = lenient(z.array(z.unknown()));

/** Meta sends Unix seconds as strings; numbers are accepted too. */
export const unixSecondsSchema = z.pipe(
  z.union([z.string().check(z.regex(/^\d{1,12}$/)), z.int().check(z.nonnegative())]),
  z.transform(Number),
);

export const envelopeSchema = z.object({
  object: z.literal('whatsapp_business_account'),
  entry: z.array(z.unknown()),
});

export const entrySchema = z.object({
  /** The WABA id. */
  id: lenient(text),
  changes: z.array(z.unknown()),
});

export const changeSchema = z.object({
  field: z.string(),
  value: z.unknown(),
});

export const messagesValueSchema = z.object({
  metadata: z.object({
    phone_number_id: z.string().check(z.minLength(1)),
    display_phone_number: lenient(text),
  }),
  contacts: list,
  messages: list,
  statuses: list,
  errors: list,
});

export const errorSchema = z.object({
  code: z.coerce.number().check(z.int()),
  title: lenient(text),
  message: lenient(text),
  error_data: lenient(z.object({ details: lenient(text) })),
});

export const contactSchema = z.object({
  wa_id: lenient(text),
  user_id: lenient(text),
  parent_user_id: lenient(text),
  profile: lenient(z.object({ name: lenient(text), username: lenient(text) })),
});

export const contextSchema = z.object({
  id: lenient(text),
  from: lenient(text),
  forwarded: lenient(z.boolean()),
  frequently_forwarded: lenient(z.boolean()),
  referred_product: lenient(
    z.object({ catalog_id: lenient(text), product_retailer_id: lenient(text) }),
  ),
});

export const referralSchema = z.object({
  source_url: lenient(text),
  source_id: lenient(text),
  source_type: lenient(text),
  headline: lenient(text),
  body: lenient(text),
  ctwa_clid: lenient(text),
});

/** Fields every inbound message has, whatever its type. */
export const messageBaseSchema = z.object({
  id: z.string().check(z.minLength(1)),
  timestamp: unixSecondsSchema,
  type: z.string().check(z.minLength(1)),
  from: lenient(text),
  from_user_id: lenient(text),
  from_parent_user_id: lenient(text),
  context: lenient(contextSchema),
  referral: lenient(referralSchema),
  errors: list,
});

// One schema per type, applied to `message[type]`.
export const textPayloadSchema = z.object({ body: z.string() });

export const mediaPayloadSchema = z.object({
  id: lenient(text),
  mime_type: lenient(text),
  caption: lenient(text),
  filename: lenient(text),
  voice: lenient(z.boolean()),
  animated: lenient(z.boolean()),
});

export const locationPayloadSchema = z.object({
  latitude: lenient(z.number()),
  longitude: lenient(z.number()),
  name: lenient(text),
  address: lenient(text),
});

export const contactsPayloadSchema = z.array(z.unknown());

export const interactivePayloadSchema = z.object({
  type: z.string(),
  button_reply: lenient(z.object({ id: lenient(text), title: lenient(text) })),
  list_reply: lenient(
    z.object({ id: lenient(text), title: lenient(text), description: lenient(text) }),
  ),
  nfm_reply: lenient(
    z.object({ name: lenient(text), body: lenient(text), response_json: lenient(text) }),
  ),
});

export const buttonPayloadSchema = z.object({ payload: lenient(text), text: lenient(text) });

export const reactionPayloadSchema = z.object({
  message_id: lenient(text),
  emoji: lenient(text),
});

export const orderPayloadSchema = z.object({
  catalog_id: lenient(text),
  text: lenient(text),
  product_items: list,
});

export const systemPayloadSchema = z.object({
  type: lenient(text),
  body: lenient(text),
  /** user_changed_number: the new phone number. */
  wa_id: lenient(text),
  new_wa_id: lenient(text),
  /** user_changed_user_id. */
  previous_user_id: lenient(text),
  user_id: lenient(text),
  new_user_id: lenient(text),
});

export const editPayloadSchema = z.object({
  original_message_id: lenient(text),
  message: lenient(z.object({ text: lenient(z.object({ body: lenient(text) })) })),
});

export const revokePayloadSchema = z.object({ original_message_id: lenient(text) });

export const unsupportedPayloadSchema = z.object({ type: lenient(text) });

export const statusSchema = z.object({
  id: z.string().check(z.minLength(1)),
  status: z.string(),
  timestamp: unixSecondsSchema,
  recipient_id: lenient(text),
  recipient_user_id: lenient(text),
  parent_recipient_user_id: lenient(text),
  biz_opaque_callback_data: lenient(text),
  pricing: lenient(
    z.object({ billable: lenient(z.boolean()), category: lenient(text), type: lenient(text) }),
  ),
  errors: list,
});

export type WebhookContact = z.infer<typeof contactSchema>;
export type WebhookMessageBase = z.infer<typeof messageBaseSchema>;
export type WebhookStatus = z.infer<typeof statusSchema>;
