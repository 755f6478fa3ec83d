// The policy pack: versioned, dated rules about what the bot may answer, loaded from YAML and validated
// so that a malformed pack is caught at load (the responder then refuses: fail closed). The contract
// itself is in policy-pack-schema.ts; the deployed responder reads the JSON that lib/ writes from this
// (load-policy-json.ts), so the YAML parser stays out of its bundle.

import { parse as parseYaml } from 'yaml';
import {
  checkPolicyPackDocument,
  type PolicyPack,
  type PolicyPackDocument,
  PolicyPackError,
  toPolicyPack,
} from './policy-pack-schema.ts';

export {
  type PolicyPack,
  type PolicyPackDocument,
  PolicyPackError,
  type PolicyRule,
  policyPackSchema,
} from './policy-pack-schema.ts';

/** YAML text → the validated document (what lib/ bundles as JSON). */
export function parsePolicyPackDocument(text: string): PolicyPackDocument {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new PolicyPackError([`not YAML: ${(error as Error).message}`], { cause: error });
  }
  return checkPolicyPackDocument(raw);
}

export function parsePolicyPack(text: string): PolicyPack {
  return toPolicyPack(parsePolicyPackDocument(text));
}
