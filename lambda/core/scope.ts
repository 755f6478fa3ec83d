// The scope gate: answer only the profile's intents at or above its threshold; everything else is refused
// (or, only where the policy allows it and an answerer is configured, answered in general).
import type { Posture } from './decision.ts';
import type { InboundContent } from './inbound.ts';
import type { IntentPrediction } from './ports.ts';
import type { Profile } from './profile/profile-schema.ts';

/** Used when the profile sets no threshold; the shared evaluation profiles rely on it. */
export const DEFAULT_SCOPE_THRESHOLD = 0.5;

/** What a message gives the classifier. */
export type MessageInput =
  | { readonly kind: 'text'; readonly text: string }
  /** A tap on our own menu: the row/button id is the intent id, no guessing needed. */
  | { readonly kind: 'intent_id'; readonly intent: string; readonly text?: string }
  | { readonly kind: 'non_text' }
  /** Nothing to answer: reactions, system notices, revokes. */
  | { readonly kind: 'ignore'; readonly reason: string };

/** `text`, `interactive`, …; media carry their media type, as the decision record documents. */
export function inputTypeOf(content: InboundContent): string {
  return content.type === 'media' ? content.mediaType : content.type;
}

export function readInput(content: InboundContent, intentIds: ReadonlySet<string>): MessageInput {
  switch (content.type) {
    case 'text':
      return { kind: 'text', text: content.body };
    case 'media':
      return content.caption?.trim()
        ? { kind: 'text', text: content.caption }
        : { kind: 'non_text' };
    case 'edit':
      return content.body?.trim()
        ? { kind: 'text', text: content.body }
        : { kind: 'ignore', reason: 'edit_without_text' };
    case 'interactive':
    case 'button': {
      const id = content.type === 'interactive' ? content.id : content.payload;
      const label = content.type === 'interactive' ? content.title : content.text;
      if (id !== undefined && intentIds.has(id)) {
        return { kind: 'intent_id', intent: id, ...(label === undefined ? {} : { text: label }) };
      }
      return label?.trim() ? { kind: 'text', text: label } : { kind: 'non_text' };
    }
    case 'reaction':
      return { kind: 'ignore', reason: 'reaction' };
    case 'system':
      return { kind: 'ignore', reason: 'system_message' };
    case 'revoke':
      return { kind: 'ignore', reason: 'revoke' };
    case 'location':
    case 'contacts':
    case 'order':
    case 'unsupported':
      return { kind: 'non_text' };
  }
}

export type ClassificationVerdict =
  | { readonly kind: 'none' }
  | { readonly kind: 'predicted'; readonly prediction: IntentPrediction }
  | { readonly kind: 'error'; readonly message: string };

/** The prediction for a menu tap: certain by construction. */
export function selectedIntent(intent: string, language: string): IntentPrediction {
  return { intent, confidence: 1, margin: 1, language, classifierVersion: 'menu_selection' };
}

export type ScopeVerdict =
  | { readonly kind: 'answer'; readonly intent: string }
  | { readonly kind: 'handoff'; readonly intent: string }
  | { readonly kind: 'general' }
  | {
      readonly kind: 'refuse';
      readonly reason:
        | 'no_intent'
        | 'assistant_task'
        | 'below_threshold'
        | 'not_in_allow_list'
        | 'classifier_error'
        | 'policy_error';
    }
  | { readonly kind: 'non_text' }
  | { readonly kind: 'ignore'; readonly reason: string };

export interface ScopeQuery {
  readonly input: MessageInput;
  readonly classification: ClassificationVerdict;
  /** undefined when the policy could not be evaluated: fail closed. */
  readonly posture: Posture | undefined;
  readonly hasGeneralAnswerer: boolean;
}

export function evaluateScope(profile: Profile, query: ScopeQuery): ScopeVerdict {
  const { input, classification } = query;
  if (input.kind === 'ignore') return { kind: 'ignore', reason: input.reason };
  if (input.kind === 'non_text') return { kind: 'non_text' };
  if (query.posture === undefined) return { kind: 'refuse', reason: 'policy_error' };
  if (classification.kind !== 'predicted') return { kind: 'refuse', reason: 'classifier_error' };
  const { prediction } = classification;
  const threshold = profile.threshold ?? DEFAULT_SCOPE_THRESHOLD;
  const intent = profile.intents.find((candidate) => candidate.id === prediction.intent);
  if (intent !== undefined && prediction.confidence >= threshold) {
    return intent.handoff === true
      ? { kind: 'handoff', intent: intent.id }
      : { kind: 'answer', intent: intent.id };
  }
  // Only here, out of scope, may the policy's posture matter: scoped intents are answered regardless.
  if (query.posture === 'general_allowed' && query.hasGeneralAnswerer) return { kind: 'general' };
  const reason =
    prediction.rule === 'assistant_task'
      ? 'assistant_task'
      : prediction.intent === null
        ? 'no_intent'
        : intent === undefined
          ? 'not_in_allow_list'
          : 'below_threshold';
  return { kind: 'refuse', reason };
}

/**
 * The language of a menu tap: the tapped row shows the intent's title in the language the menu was sent
 * in, so the title names the language to answer in. Unknown titles fall back to the profile default.
 */
export function languageOfMenuTitle(
  profile: Profile,
  intent: string,
  title: string | undefined,
): string {
  const titles = profile.intents.find((candidate) => candidate.id === intent)?.title ?? {};
  const match = Object.entries(titles).find(([, text]) => text === title?.trim());
  return resolveLanguage(profile, match?.[0]);
}

/**
 * The reply language of a classified message: the one it was written in, or, when the text did not
 * tell ("ok", "👍", "2"), the language the conversation was in, so that an Indonesian chat is not
 * answered in the profile's default English. Always one the profile speaks.
 */
export function replyLanguage(
  profile: Profile,
  prediction: Pick<IntentPrediction, 'language' | 'languageDetected'>,
  lastLanguage: string | undefined,
): string {
  if (prediction.languageDetected === false && lastLanguage !== undefined)
    return resolveLanguage(profile, lastLanguage);
  return resolveLanguage(profile, prediction.language);
}

/** The classifier's language when the profile speaks it, else the profile's default. */
export function resolveLanguage(profile: Profile, candidate: string | undefined): string {
  return candidate !== undefined && profile.languages.includes(candidate)
    ? candidate
    : profile.defaultLanguage;
}
