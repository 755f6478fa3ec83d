// Opt-out and opt-in keywords: recognised before anything else so that a STOP is honoured whatever it says.
import type { InboundContent } from './inbound.ts';
import type { ConversationState } from './ports.ts';

export type ConsentCommand = { readonly kind: 'opt_out' | 'opt_in'; readonly language: string };

/** Whole-message keywords; the language lets the confirmation answer in kind. PARAR is es and pt alike. */
const KEYWORDS: ReadonlyMap<string, ConsentCommand> = new Map([
  ['stop', { kind: 'opt_out', language: 'en' }],
  ['unsubscribe', { kind: 'opt_out', language: 'en' }],
  ['berhenti', { kind: 'opt_out', language: 'id' }],
  ['batal langganan', { kind: 'opt_out', language: 'id' }],
  ['parar', { kind: 'opt_out', language: 'pt' }],
  ['sair', { kind: 'opt_out', language: 'pt' }],
  ['start', { kind: 'opt_in', language: 'en' }],
  ['mulai', { kind: 'opt_in', language: 'id' }],
  ['empezar', { kind: 'opt_in', language: 'es' }],
  ['começar', { kind: 'opt_in', language: 'pt' }],
]);

/** Template quick-reply payloads/texts Meta documents for marketing opt-out buttons. */
const OPT_OUT_BUTTONS = new Set(['unsubscribe', 'stop promotions', 'stop']);

/** "Stop!", " STOP. ", "stop 🙏" all mean STOP; "stop sending me the wrong size" does not. */
function normalise(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function detectConsentCommand(content: InboundContent): ConsentCommand | undefined {
  if (content.type === 'text') return KEYWORDS.get(normalise(content.body));
  if (content.type === 'button') {
    const candidates = [content.payload, content.text].filter((v): v is string => v !== undefined);
    if (candidates.some((value) => OPT_OUT_BUTTONS.has(normalise(value)))) {
      return { kind: 'opt_out', language: 'en' };
    }
    for (const value of candidates) {
      const command = KEYWORDS.get(normalise(value));
      if (command) return command;
    }
  }
  return undefined;
}

export type ConsentVerdict =
  /** Not a consent matter and the user is opted in: the chain goes on. */
  | { readonly kind: 'pass' }
  | { readonly kind: 'opt_out'; readonly confirm: boolean; readonly language: string }
  | { readonly kind: 'opt_in'; readonly language: string }
  /** Opted out earlier and this is no START: silence. */
  | { readonly kind: 'suppressed' };

/** The opt-out is confirmed once; repeating STOP while opted out gets no further message. */
export function evaluateConsent(
  command: ConsentCommand | undefined,
  state: Pick<ConversationState, 'optedOut'>,
): ConsentVerdict {
  if (command?.kind === 'opt_out') {
    return { kind: 'opt_out', confirm: !state.optedOut, language: command.language };
  }
  if (command?.kind === 'opt_in' && state.optedOut) {
    return { kind: 'opt_in', language: command.language };
  }
  return state.optedOut ? { kind: 'suppressed' } : { kind: 'pass' };
}
