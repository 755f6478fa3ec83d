// Step 5, intent: what the message asks for. Text goes through the classifier; a tap on our own menu
// names its intent. A classifier failure is a verdict (the scope gate refuses), not a crash.
import type middy from '@middy/core';
import type { IntentClassifier } from '../core/ports.ts';
import type { Profile } from '../core/profile/profile-schema.ts';
import {
  languageOfMenuTitle,
  readInput,
  replyLanguage,
  resolveLanguage,
  selectedIntent,
} from '../core/scope.ts';
import { isTurnSettled } from '../core/turn.ts';
import type { ResponderContext, ResponderEvent } from '../responder-context.ts';

export interface ClassifyIntentOptions {
  readonly classifier: IntentClassifier;
  readonly profile: Profile | null;
}

export function classifyIntent(
  options: ClassifyIntentOptions,
): middy.MiddlewareObj<ResponderEvent, void, Error, ResponderContext> {
  const { profile } = options;
  const intentIds = new Set(profile?.intents.map((intent) => intent.id));
  const classifyIntentBefore: middy.MiddlewareFn<ResponderEvent, void, Error, ResponderContext> = (
    request,
  ) => {
    const state = request.context.responder;
    if (profile === null || isTurnSettled(state.verdicts)) return;
    const input = readInput(request.event.message.content, intentIds);
    state.verdicts.input = input;
    // Until the message tells its own: the conversation's language (a photo or a voice note after an
    // Indonesian chat gets the Indonesian menu), else the profile default.
    state.language = resolveLanguage(profile, state.conversation?.lastLanguage);
    if (input.kind === 'intent_id') {
      if (input.text !== undefined) state.text = input.text;
      state.language = languageOfMenuTitle(profile, input.intent, input.text);
      state.prediction = selectedIntent(input.intent, state.language);
      state.verdicts.classification = { kind: 'predicted', prediction: state.prediction };
    } else if (input.kind === 'text') {
      state.text = input.text;
      try {
        state.prediction = options.classifier.classify(input.text);
        state.language = replyLanguage(profile, state.prediction, state.conversation?.lastLanguage);
        state.verdicts.classification = { kind: 'predicted', prediction: state.prediction };
      } catch (error) {
        state.verdicts.classification = { kind: 'error', message: (error as Error).message };
      }
    } else {
      state.verdicts.classification = { kind: 'none' };
    }
  };
  return { before: classifyIntentBefore };
}
