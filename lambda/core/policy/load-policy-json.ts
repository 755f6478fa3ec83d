// The responder's reader of the policy pack: the JSON lib/ writes at synth from the operator's YAML,
// checked again with the same schema (a hand-edited or truncated file still fails closed). JSON only, so
// the bundle carries no YAML parser.
import {
  checkPolicyPackDocument,
  type PolicyPack,
  PolicyPackError,
  toPolicyPack,
} from './policy-pack-schema.ts';

export function parsePolicyPackJson(text: string): PolicyPack {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new PolicyPackError([`not JSON: ${(error as Error).message}`], { cause: error });
  }
  return toPolicyPack(checkPolicyPackDocument(raw));
}
