// The decision's table key and its string form, sent as biz_opaque_callback_data so that a status
// webhook finds the decision without an index of outbound message ids (docs/design.md, "Table").
import type { DecisionRef } from './decision.ts';

const TIMESTAMP_DIGITS = 10;

export interface DecisionKey {
  readonly pk: string;
  readonly sk: string;
}

/** `pk = U#<userHash>`, `sk = M#<timestamp, 10 digits>#<wamid>`: sorts a user's messages by their own time. */
export function decisionKeyOf(ref: DecisionRef): DecisionKey {
  return {
    pk: `U#${ref.userHash}`,
    sk: `M#${String(ref.timestamp).padStart(TIMESTAMP_DIGITS, '0')}#${ref.wamid}`,
  };
}

/** `<pk>|<sk>`; Meta caps the callback data at 512 characters, far above a wamid plus 50. */
export function encodeDecisionRef(ref: DecisionRef): string {
  const { pk, sk } = decisionKeyOf(ref);
  return `${pk}|${sk}`;
}

const ENCODED_REF = /^U#([0-9a-f]+)\|M#(\d{10})#(.+)$/s;

/** The inverse of encodeDecisionRef; undefined for anything we did not write (the echo is untrusted input). */
export function decodeDecisionRef(encoded: string): DecisionRef | undefined {
  const match = ENCODED_REF.exec(encoded);
  if (!match) return undefined;
  const [, userHash, timestamp, wamid] = match;
  if (!userHash || !timestamp || !wamid) return undefined;
  return { userHash, timestamp: Number(timestamp), wamid };
}
