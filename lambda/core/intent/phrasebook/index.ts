// The built-in phrasebook: how customers commonly phrase generic customer-service requests
// (banking, retail, appointments, hospitality, telecom, any business), in en/id/es/pt, written for
// this project. A profile has a handful of examples per intent; the phrasebook brings the vocabulary
// those examples lack ("reimbursement", "routing number", "checkbook") once a key is aligned to one
// of its intents.
import { mergeSections } from '../corpus/compose.ts';
import { PHRASEBOOK_EN_APPOINTMENTS } from './en-appointments.ts';
import { PHRASEBOOK_EN_APPOINTMENTS_MORE } from './en-appointments-more.ts';
import { PHRASEBOOK_EN_BANKING } from './en-banking.ts';
import { PHRASEBOOK_EN_BANKING_MORE } from './en-banking-more.ts';
import { PHRASEBOOK_EN_BANKING_THIRD } from './en-banking-third.ts';
import { PHRASEBOOK_EN_HOSPITALITY } from './en-hospitality.ts';
import { PHRASEBOOK_EN_HOSPITALITY_MORE } from './en-hospitality-more.ts';
import { PHRASEBOOK_EN_RETAIL } from './en-retail.ts';
import { PHRASEBOOK_EN_RETAIL_MORE } from './en-retail-more.ts';
import { PHRASEBOOK_EN_RETAIL_THIRD } from './en-retail-third.ts';
import { PHRASEBOOK_EN_TELECOM } from './en-telecom.ts';
import { PHRASEBOOK_EN_TELECOM_MORE } from './en-telecom-more.ts';
import { PHRASEBOOK_ES } from './es.ts';
import { PHRASEBOOK_ES_APPOINTMENTS } from './es-appointments.ts';
import { PHRASEBOOK_ES_HOSPITALITY } from './es-hospitality.ts';
import { PHRASEBOOK_ES_TELECOM } from './es-telecom.ts';
import { PHRASEBOOK_ID } from './id.ts';
import { PHRASEBOOK_ID_APPOINTMENTS } from './id-appointments.ts';
import { PHRASEBOOK_ID_HOSPITALITY } from './id-hospitality.ts';
import { PHRASEBOOK_ID_TELECOM } from './id-telecom.ts';
import { PHRASEBOOK_PT } from './pt.ts';
import { PHRASEBOOK_PT_APPOINTMENTS } from './pt-appointments.ts';
import { PHRASEBOOK_PT_HOSPITALITY } from './pt-hospitality.ts';
import { PHRASEBOOK_PT_TELECOM } from './pt-telecom.ts';
import type { Phrasebook, PhraseKey } from './types.ts';

export type { Phrasebook, PhraseKey } from './types.ts';

/**
 * Language → phrasebook. English is written in parts (banking and retail in three rounds each, the
 * newer domains in two), the other languages in one part per domain group (banking and retail
 * together, then appointments, hospitality, telecom), merged here.
 */
export const PHRASEBOOK: Readonly<Record<string, Phrasebook>> = {
  // A key named in more than one part keeps all its phrasings (the corpus merges its parts the same way).
  en: mergeSections(
    PHRASEBOOK_EN_BANKING,
    PHRASEBOOK_EN_BANKING_MORE,
    PHRASEBOOK_EN_BANKING_THIRD,
    PHRASEBOOK_EN_RETAIL,
    PHRASEBOOK_EN_RETAIL_MORE,
    PHRASEBOOK_EN_RETAIL_THIRD,
    PHRASEBOOK_EN_APPOINTMENTS,
    PHRASEBOOK_EN_APPOINTMENTS_MORE,
    PHRASEBOOK_EN_HOSPITALITY,
    PHRASEBOOK_EN_HOSPITALITY_MORE,
    PHRASEBOOK_EN_TELECOM,
    PHRASEBOOK_EN_TELECOM_MORE,
  ) as Phrasebook,
  id: mergeSections(
    PHRASEBOOK_ID,
    PHRASEBOOK_ID_APPOINTMENTS,
    PHRASEBOOK_ID_HOSPITALITY,
    PHRASEBOOK_ID_TELECOM,
  ) as Phrasebook,
  es: mergeSections(
    PHRASEBOOK_ES,
    PHRASEBOOK_ES_APPOINTMENTS,
    PHRASEBOOK_ES_HOSPITALITY,
    PHRASEBOOK_ES_TELECOM,
  ) as Phrasebook,
  pt: mergeSections(
    PHRASEBOOK_PT,
    PHRASEBOOK_PT_APPOINTMENTS,
    PHRASEBOOK_PT_HOSPITALITY,
    PHRASEBOOK_PT_TELECOM,
  ) as Phrasebook,
};

/** Every key with its phrasings in all languages, in a stable order. */
export function phrasesByKey(
  book: Readonly<Record<string, Phrasebook>> = PHRASEBOOK,
): Map<PhraseKey, { lang: string; text: string }[]> {
  const out = new Map<PhraseKey, { lang: string; text: string }[]>();
  for (const [lang, entries] of Object.entries(book)) {
    for (const [key, texts] of Object.entries(entries) as [PhraseKey, readonly string[]][]) {
      const list = out.get(key) ?? [];
      if (list.length === 0) out.set(key, list);
      for (const text of texts) list.push({ lang, text });
    }
  }
  return out;
}

/**
 * Domains whose requests overlap other trades' own (book, reschedule, opening hours, where you are,
 * what it costs, deliveries and payment): never taught to another trade as refusals, and never a
 * rival that leaves a profile between two trades (align.ts, `ownTrade`). A shop that learnt the
 * appointment phrasings as refusals would refuse its own store-hours and pickup questions (the coffee
 * roaster answered 0.899 of its labelled lines without them as refusals, 0.881 with), and the same
 * roaster reads hospitality (0.522) about as close as retail (0.561).
 */
export const GENERIC_DOMAINS: ReadonlySet<string> = new Set([
  'appointments',
  'hospitality',
  'telecom',
]);

/** Keys that belong together: one that does not align on its own follows the others (align.ts). */
export const PHRASE_FAMILIES: readonly (readonly PhraseKey[])[] = [
  ['common/greeting', 'common/thanks', 'common/goodbye', 'common/how_are_you'],
  ['retail/return_item', 'retail/exchange_item', 'retail/refund_status'],
];
