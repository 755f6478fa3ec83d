// Renders a planned reply from the profile in the user's language, within WhatsApp's message limits.
import type { ListRow, OutboundBody } from '../ports.ts';
import type { Profile } from '../profile/profile-schema.ts';
import type { ReplyPlan } from '../turn.ts';

/** WhatsApp interactive list limits (Cloud API reference). */
export const LIST_LIMITS = {
  rows: 10,
  rowTitle: 24,
  rowDescription: 72,
  button: 20,
  body: 1024,
  sectionTitle: 24,
} as const;
export const TEXT_BODY_MAX = 4096;

type Texts = Readonly<Record<string, string>>;

const MENU_BUTTON: Texts = {
  en: 'See options',
  id: 'Lihat pilihan',
  es: 'Ver opciones',
  pt: 'Ver opções',
};
const MENU_SECTION: Texts = {
  en: 'I can help with',
  id: 'Saya bisa bantu',
  es: 'Puedo ayudar con',
  pt: 'Posso ajudar com',
};
const OPT_OUT_CONFIRMATION: Texts = {
  en: "You're unsubscribed: we won't message you here again. Reply START if you change your mind.",
  id: 'Kamu sudah berhenti berlangganan, kami tidak akan mengirim pesan lagi di sini. Balas MULAI kalau berubah pikiran.',
  es: 'Te diste de baja: no te escribiremos más por aquí. Responde EMPEZAR si cambias de opinión.',
  pt: 'Sua inscrição foi cancelada: não enviaremos mais mensagens por aqui. Responda COMEÇAR se mudar de ideia.',
};
const OPT_IN_CONFIRMATION: Texts = {
  en: "You're subscribed again and we'll reply here. Reply STOP at any time to opt out.",
  id: 'Kamu berlangganan lagi dan kami akan membalas di sini. Balas BERHENTI kapan saja untuk berhenti.',
  es: 'Vuelves a estar suscrito y te responderemos por aquí. Responde PARAR cuando quieras darte de baja.',
  pt: 'Sua inscrição foi reativada e responderemos por aqui. Responda PARAR quando quiser sair.',
};

/** The requested language, else the profile default, else any text there is. */
function pick(texts: Texts, language: string, fallback: string): string {
  return texts[language] ?? texts[fallback] ?? texts.en ?? Object.values(texts)[0] ?? '';
}

/** Cuts at a character (not UTF-16 unit) boundary and marks the cut. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** The menu's intents: the profile's choice, else the first nine plus the handoff intent (a way to a human). */
export function menuIntentIds(profile: Profile): string[] {
  if (profile.menuIntents) return profile.menuIntents.slice(0, LIST_LIMITS.rows);
  const handoff = profile.intents.filter((intent) => intent.handoff === true).slice(0, 1);
  const others = profile.intents
    .filter((intent) => intent.handoff !== true)
    .slice(0, LIST_LIMITS.rows - handoff.length);
  return [...others, ...handoff].map((intent) => intent.id);
}

function menu(profile: Profile, language: string, lead: string): OutboundBody {
  const fallback = profile.defaultLanguage;
  const rows: ListRow[] = menuIntentIds(profile).flatMap((id) => {
    const intent = profile.intents.find((candidate) => candidate.id === id);
    return intent
      ? [{ id, title: truncate(pick(intent.title, language, fallback), LIST_LIMITS.rowTitle) }]
      : [];
  });
  const escalation = pick(profile.escalation, language, fallback);
  return {
    type: 'list',
    body: truncate(`${lead}\n\n${escalation}`, LIST_LIMITS.body),
    button: truncate(pick(MENU_BUTTON, language, 'en'), LIST_LIMITS.button),
    sections: [
      { title: truncate(pick(MENU_SECTION, language, 'en'), LIST_LIMITS.sectionTitle), rows },
    ],
  };
}

function text(body: string): OutboundBody {
  return { type: 'text', text: truncate(body, TEXT_BODY_MAX) };
}

/**
 * `generalAnswer` is the text a GeneralAnswerer produced, for plans of kind `general_answer`. Throws on a
 * plan the profile cannot render (an unknown intent, a template without `windowTemplate`): a bug.
 */
export function composeReply(
  profile: Profile,
  plan: ReplyPlan,
  generalAnswer?: string,
): OutboundBody {
  const fallback = profile.defaultLanguage;
  // The business speaks its profile's languages only (a PARAR does not make a Portuguese bot).
  const language = profile.languages.includes(plan.language) ? plan.language : fallback;
  switch (plan.kind) {
    case 'answer': {
      const intent = profile.intents.find((candidate) => candidate.id === plan.intent);
      if (!intent) throw new Error(`[scoped-responder] unknown intent ${plan.intent}`);
      return text(pick(intent.answer, language, fallback));
    }
    case 'handoff':
      return text(pick(profile.escalation, language, fallback));
    case 'refusal':
      return menu(profile, language, pick(profile.refusal, language, fallback));
    case 'non_text': {
      // Without a nonText text the profile gets the same menu as a refusal.
      const body = pick(profile.nonText ?? profile.refusal, language, fallback);
      return profile.nonTextMode === 'text' ? text(body) : menu(profile, language, body);
    }
    case 'opt_out_confirmation':
      return text(
        profile.optOutConfirmation?.[language] ?? pick(OPT_OUT_CONFIRMATION, language, fallback),
      );
    case 'opt_in_confirmation':
      return text(
        profile.optInConfirmation?.[language] ?? pick(OPT_IN_CONFIRMATION, language, fallback),
      );
    case 'general_answer':
      if (generalAnswer === undefined) throw new Error('[scoped-responder] no general answer');
      return text(generalAnswer);
    case 'template':
      if (!profile.windowTemplate) throw new Error('[scoped-responder] no windowTemplate');
      return { type: 'template', ...profile.windowTemplate };
  }
}
