// fast-check arbitraries for webhook bodies: payloads shaped by the webhook schema (every inbound type,
// statuses, errors, unknown fields), the same payloads after random mutations, and arbitrary bytes.
import fc from 'fast-check';

const digits = (min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });
const timestamp = fc.oneof(digits(1, 12), fc.integer({ min: 0, max: 2 ** 40 }));
const anyText = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.constant(''));
const wamid = fc.oneof(
  fc.string({ minLength: 1, maxLength: 80 }).map((s) => `wamid.${s}`),
  fc.string({ unit: 'binary', maxLength: 300 }),
);

const mediaPayload = fc.record(
  {
    id: fc.string(),
    mime_type: fc.string(),
    sha256: fc.string(),
    caption: anyText,
    filename: anyText,
    voice: fc.boolean(),
    animated: fc.boolean(),
  },
  { requiredKeys: [] },
);

const typedContent = fc.oneof(
  fc.record({ type: fc.constant('text'), text: fc.record({ body: anyText }) }),
  ...(['image', 'audio', 'video', 'document', 'sticker'] as const).map((type) =>
    fc.record({ type: fc.constant(type), [type]: mediaPayload }),
  ),
  fc.record({
    type: fc.constant('interactive'),
    interactive: fc.oneof(
      fc.record({
        type: fc.constant('list_reply'),
        list_reply: fc.record({ id: fc.string(), title: anyText, description: anyText }),
      }),
      fc.record({
        type: fc.constant('button_reply'),
        button_reply: fc.record({ id: fc.string(), title: anyText }),
      }),
      fc.record({
        type: fc.constant('nfm_reply'),
        nfm_reply: fc.record({ name: fc.string(), body: anyText, response_json: fc.json() }),
      }),
    ),
  }),
  fc.record({
    type: fc.constant('button'),
    button: fc.record({ payload: fc.string(), text: anyText }, { requiredKeys: [] }),
  }),
  fc.record({
    type: fc.constant('location'),
    location: fc.record(
      { latitude: fc.double(), longitude: fc.double(), name: anyText, address: anyText },
      { requiredKeys: [] },
    ),
  }),
  fc.record({
    type: fc.constant('reaction'),
    reaction: fc.record({ message_id: fc.string(), emoji: anyText }, { requiredKeys: [] }),
  }),
  fc.record({
    type: fc.constant('order'),
    order: fc.record({
      catalog_id: fc.string(),
      text: anyText,
      product_items: fc.array(fc.record({ quantity: fc.integer(), item_price: fc.double() })),
    }),
  }),
  fc.record({
    type: fc.constant('system'),
    system: fc.record(
      { body: anyText, type: fc.string(), wa_id: digits(0, 15) },
      { requiredKeys: [] },
    ),
  }),
  fc.record({
    type: fc.constant('unsupported'),
    unsupported: fc.record({ type: fc.string() }),
    errors: fc.array(fc.record({ code: fc.integer(), title: fc.string() })),
  }),
  fc.record({ type: fc.constant('contacts'), contacts: fc.array(fc.anything(), { maxLength: 3 }) }),
  fc.record({ type: fc.string(), extra: fc.anything() }),
);

const message = fc
  .tuple(
    fc.record(
      {
        from: digits(0, 16),
        from_user_id: fc.string(),
        id: wamid,
        timestamp,
        context: fc.record(
          { from: fc.string(), id: fc.string(), forwarded: fc.boolean() },
          { requiredKeys: [] },
        ),
      },
      { requiredKeys: ['id', 'timestamp'] },
    ),
    typedContent,
  )
  .map(([base, content]) => ({ ...base, ...content }));

const status = fc.record(
  {
    id: wamid,
    status: fc.constantFrom('sent', 'delivered', 'read', 'failed', 'played', 'deleted'),
    timestamp,
    recipient_id: digits(0, 15),
    biz_opaque_callback_data: fc.string(),
    errors: fc.array(fc.record({ code: fc.integer(), title: fc.string() })),
  },
  { requiredKeys: ['id', 'status', 'timestamp'] },
);

const value = fc.record(
  {
    messaging_product: fc.constant('whatsapp'),
    metadata: fc.record({
      display_phone_number: digits(0, 15),
      phone_number_id: fc.oneof(digits(1, 17), fc.string()),
    }),
    contacts: fc.array(
      fc.record(
        {
          wa_id: digits(0, 15),
          user_id: fc.string(),
          profile: fc.record({ name: anyText, username: fc.string() }, { requiredKeys: [] }),
        },
        { requiredKeys: [] },
      ),
      { maxLength: 3 },
    ),
    messages: fc.array(message, { maxLength: 4 }),
    statuses: fc.array(status, { maxLength: 3 }),
    errors: fc.array(fc.record({ code: fc.integer(), title: fc.string() }), { maxLength: 2 }),
  },
  { requiredKeys: ['metadata'] },
);

/** A payload as Meta would send it (every field the schema knows, optional ones present or not). */
export const webhookPayload = fc.record({
  object: fc.oneof(fc.constant('whatsapp_business_account'), fc.string()),
  entry: fc.array(
    fc.record({
      id: fc.string(),
      changes: fc.array(
        fc.record({
          field: fc.oneof(fc.constant('messages'), fc.constant('account_update'), fc.string()),
          value,
        }),
        { maxLength: 3 },
      ),
    }),
    { maxLength: 3 },
  ),
});

type Json = unknown;

/** One random edit somewhere in a JSON value: delete, replace, retype or duplicate a node. */
function mutate(root: Json, path: readonly number[], replacement: Json, op: number): Json {
  const visit = (node: Json, depth: number): Json => {
    const step = path[depth];
    const container = Array.isArray(node) || (node !== null && typeof node === 'object');
    if (!container || step === undefined) {
      switch (op % 5) {
        case 0:
          return replacement;
        case 1:
          return JSON.stringify(node) ?? null;
        case 2:
          return [node, node];
        case 3:
          return null;
        default:
          return typeof node === 'string' ? node.repeat(3) : { nested: node };
      }
    }
    if (Array.isArray(node)) {
      if (node.length === 0) return op % 2 === 0 ? [replacement] : replacement;
      const index = step % node.length;
      const copy = [...node];
      if (op % 7 === 6) copy.splice(index, 1);
      else copy[index] = visit(copy[index], depth + 1);
      return copy;
    }
    const record = node as Record<string, Json>;
    const keys = Object.keys(record);
    if (keys.length === 0) return { [String(op)]: replacement };
    const key = keys[step % keys.length] as string;
    if (op % 7 === 6) {
      const { [key]: _removed, ...rest } = record;
      return rest;
    }
    return { ...record, [key]: visit(record[key], depth + 1) };
  };
  return visit(root, 0);
}

export const mutatedPayload = fc
  .tuple(
    webhookPayload,
    fc.array(fc.array(fc.nat(), { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 4 }),
    fc.anything(),
    fc.nat(),
  )
  .map(([payload, paths, replacement, op]) =>
    paths.reduce<Json>((node, path, i) => mutate(node, path, replacement, op + i), payload),
  );

export type FuzzBody =
  | { readonly kind: 'schema' | 'mutated' | 'json'; readonly text: string }
  /** Arbitrary bytes: sent base64-encoded (as API Gateway does for binary bodies) or as latin1 text. */
  | { readonly kind: 'bytes'; readonly bytes: Uint8Array; readonly base64: boolean }
  | { readonly kind: 'text'; readonly text: string };

export const fuzzBody: fc.Arbitrary<FuzzBody> = fc.oneof(
  {
    weight: 4,
    arbitrary: webhookPayload.map((p) => ({ kind: 'schema' as const, text: JSON.stringify(p) })),
  },
  {
    weight: 4,
    arbitrary: mutatedPayload.map((p) => ({
      kind: 'mutated' as const,
      text: JSON.stringify(p) ?? 'null',
    })),
  },
  { weight: 1, arbitrary: fc.json().map((text) => ({ kind: 'json' as const, text })) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.uint8Array({ maxLength: 512 }), fc.boolean())
      .map(([bytes, base64]) => ({ kind: 'bytes' as const, bytes, base64 })),
  },
  {
    weight: 1,
    arbitrary: fc
      .string({ unit: 'grapheme', maxLength: 200 })
      .map((text) => ({ kind: 'text' as const, text })),
  },
);
