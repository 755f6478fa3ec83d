// A classifier that answers from a table, so handler tests control intent, confidence and language.
import type { IntentClassifier, IntentPrediction } from '../../lambda/core/ports.ts';

export type Script = Readonly<
  Record<
    string,
    | Partial<Pick<IntentPrediction, 'intent' | 'confidence' | 'language' | 'languageDetected'>>
    | 'throw'
  >
>;

export function scriptedClassifier(script: Script, version = 'scripted-1'): IntentClassifier {
  return {
    version,
    classify(text: string): IntentPrediction {
      const entry = script[text];
      if (entry === 'throw') throw new Error('model exploded');
      const intent = entry?.intent ?? null;
      const confidence = entry?.confidence ?? (intent === null ? 0.1 : 0.9);
      return {
        intent,
        confidence,
        margin: confidence / 2,
        language: entry?.language ?? 'en',
        ...(entry?.languageDetected === undefined
          ? {}
          : { languageDetected: entry.languageDetected }),
        classifierVersion: version,
      };
    },
  };
}
