// Asking for a person: "can I speak to a manager about my complaint", "I need to talk to someone
// about a big order", "hablar con alguien sobre mi pedido". A customer who asks for a person wants a
// person, whatever the rest of the message is about, and every business's customer service hands such
// a chat over. The score read the rest instead: the example coffee roaster refused the first two
// (0.05, 0.12), the bank the third (0.02), and the shop answered the first with its complaints answer.
// This module tells such a request from the words alone. Pure: no model here.
import { anyOf, NOT_WORDS, shapeWindow } from './features.ts';
import { foldText } from './normalize.ts';

/** Who the customer asks for, folded, in the four languages. */
const PEOPLE =
  '(?:a |an |the |your |some |one of your |to )?(?:real |live |actual |human )?' +
  '(?:human|person|someone|somebody|agent|manager|supervisor|staff|representative|rep|' +
  'operator|customer service|customer support|support team|employee|orang|manusia|admin|cs|' +
  'petugas|agen|operator|manajer|alguien|una persona|un humano|un agente|un asesor|un operador|' +
  'el gerente|un encargado|alguem|uma pessoa|um humano|um atendente|atendente|o gerente|um agente)';

const PERSON_PATTERNS: readonly RegExp[] = [
  // "talk to a human", "speak with your manager", "chat with someone".
  new RegExp(`\\b(?:talk|speak|chat) (?:to|with) ${PEOPLE}\\b`),
  // "connect me to an agent", "put me through to someone", "transfer me to a person".
  new RegExp(`\\b(?:connect|transfer|put) me (?:through )?(?:to|with) ${PEOPLE}\\b`),
  // A call asked for ("can you call me by my nickname" is not one): "someone call me back", "please
  // call me", "telpon saya ya", "minta ditelpon", "llámame", "que me llame un asesor", "pode me
  // ligar?", "me liga".
  /\b(?:someone|somebody|agent|staff|manager|representative|please|pls|can you|could you) (?:to )?call me\b(?! by\b| a\b| an\b| [a-z]+ name)|\bcall me back\b/,
  /\b(?:telpon|telepon|telfon|tlp|hubungi|hubungin) (?:aku|saya|sy|gw|gue)\b|\b(?:minta|mohon|tolong) (?:di)?(?:telpon|telepon|telfon|hubungi)\b|\bditelpon balik\b/,
  /\b(?:llamame|llameme|me llame|me llamen|me pueden llamar|me puede llamar|me liga|me ligue|me ligar|me ligam|ligar pra mim|ligar para mim)\b/,
  // "bicara sama orang", "ngomong sama admin", "sambungkan saya ke CS".
  new RegExp(
    `\\b(?:bicara|berbicara|ngomong|ngobrol|chat|sambungkan|sambungin|hubungkan|hubungin)\\b(?: (?:saya|aku|sy|gw))? (?:sama|dengan|ama|ke|ke pada)? ?${PEOPLE}\\b`,
  ),
  // "hablar con alguien", "pásame con un asesor", "falar com um atendente", "me passa pra um humano".
  new RegExp(
    `\\b(?:hablar|charlar|platicar|comunicarme|pasame|comunicame|falar|conversar|me passa|me transfere)\\b (?:con|com|pra|para)? ?${PEOPLE}\\b`,
  ),
];

/** The patterns as one: a single pass over the text. */
const PERSON = anyOf(PERSON_PATTERNS);

/** True when a message asks to talk to a person of the business (a handoff, however it goes on). */
export function asksForAPerson(text: string): boolean {
  return PERSON.test(foldText(shapeWindow(text)).replace(NOT_WORDS, ' '));
}
