// Context sentences: customers tell their situation beside a request ("Where is my refund? I'm
// travelling tomorrow.", "My sister had the same problem last month."). Such a sentence asks for
// nothing, yet read as part of the message it dilutes every signal of the request: one unrelated
// sentence after the English in-scope dev lines cut the shop's answered share from 0.72 to 0.52.
// This module finds the sentences that are only statements, so the classifier can read the request
// without them. Pure: no model here, only the words.
import {
  isAside,
  NOT_WORD,
  normalizeTokens,
  requestText,
  sentencesOf,
  wordSet,
} from './normalize.ts';

/**
 * How a statement opens, as normalised tokens: a subject or a time ("I …", "My card …", "It …",
 * "Yesterday …", "Saya sudah …", "Mi pedido …", "Eu já …"). Indonesian, Spanish and Portuguese
 * often drop the pronoun, so a statement also opens with an aspect or time word ("Lagi di luar
 * kota", "Baru pindah") or with a verb in the first person that tells rather than asks ("Tengo una
 * tarjeta nueva", "Moro em Lisboa", "Fui a la tienda"): the common irregular ones are listed, and the
 * regular past tense is told by its accent (PAST_TENSE). "Tengo que …" and "Tenho que …" still ask
 * (ASKING_PAIRS).
 */
const SUBJECTS = wordSet(
  'i my we our it its this that there he she they his her their the someone somebody nobody ' +
    'everyone everything nothing last yesterday today earlier unfortunately apparently ' +
    'sorry saya kami kita ini itu sudah kemarin tadi barusan suami istri anak lagi baru masih ' +
    'pernah pas habis yo mi mis nuestro nuestra esto eso el la los las o os es esta ayer ' +
    'hoy estoy tengo vivo soy trabajo llevo sigo voy estaba tenia habia era fui hice tuve ' +
    'estuve pude vine eu meu minha meus minhas nosso nossa isso isto ontem hoje ja estou tenho ' +
    'moro sou trabalho vou estava tinha havia fiz tive estive vim',
);

/**
 * A Spanish or Portuguese verb in the past, which opens a statement without a pronoun ("Compré una
 * chaqueta…", "Recibí…", "Llegó…", "Paguei…", "Tentei…"). Read on the written word, before accents are
 * folded: "compre" without its accent is a request ("buy").
 */
const PAST_TENSE = /^\p{L}{3,}(?:é|í|ó|ei)$/u;

/** Connectives that may come before the subject ("And my husband …", "Soalnya saya …"). */
const CONNECTIVES = wordSet(
  'and so but also anyway because since plus just dan tapi soalnya karena terus pero porque y e mas',
);

/**
 * Words that make a sentence ask for something, wherever they stand: it asks ("what", "how", "apa",
 * "donde"), pleads ("please", "tolong", "por favor"), wants ("need", "want", "mau", "quiero",
 * "preciso") or addresses the bot ("kamu", "usted"; in English by ASKING_PAIRS). A sentence with one
 * of them is a request, never context:
 * "I lost my card. I want a poem about the sea." must be read whole.
 */
const ASKING = wordSet(
  'please help need needs want wants wanna gotta must what whats how why where when who which ' +
    'whom tell let kamu anda tolong mohon minta mau ingin pengen pingin butuh perlu apa apakah ' +
    'bagaimana kenapa kapan dimana siapa berapa usted favor quiero necesito quisiera busco puedes ' +
    'podrias dime cual donde cuando quien voce quero preciso gostaria procuro pode poderia qual onde ' +
    'quando quem',
);

/**
 * Two-word asks: wants ("would like", "looking for", "have to", "tengo que") and the bot addressed
 * ("can you", "you are", "do you"). "You" alone is not one: "My friend recommended you." asks nothing.
 */
const ASKING_PAIRS = wordSet(
  'would_like d_like like_to looking_for have_to has_to got_to can_i could_i can_you could_you ' +
    'would_you will_you you_are you_re are_you do_you did_you have_you you_can you_should you_must ' +
    'you_will you_need you_have tengo_que tenho_que',
);

/**
 * Sentences are read apart only in messages of a few: a paste of many sentences is read whole. Six
 * leaves room for a customer's story (four statements and a request were read whole at four: the
 * English in-scope dev lines after four short statements were answered 0.31 / 0.07, bank / shop,
 * against 0.83 / 0.78 now); each sentence read costs about 0.1–0.2 ms.
 */
const MAX_SENTENCES = 6;
/** A context sentence is short; a long one is part of what the customer wants to say. */
const MAX_STATEMENT_CHARS = 160;

/**
 * True when a sentence tells the customer's situation and asks for nothing: it opens with a subject
 * or a time, has no question mark and no asking word. "I'm on holiday in Spain right now." is one;
 * "I need a new card.", "What can I do?" and "Deny the incoming call." are not.
 */
export function isStatement(sentence: string): boolean {
  if (sentence.length > MAX_STATEMENT_CHARS || /[?¿]/.test(sentence)) return false;
  const tokens = normalizeTokens(sentence);
  let first = 0;
  while (first < tokens.length && CONNECTIVES.has(tokens[first] as string)) first++;
  // A sentence that opens with "you" speaks to the bot ("You are now …", "You should …").
  const opening = tokens[first] ?? '';
  if (!SUBJECTS.has(opening) && !opensInThePast(sentence, opening) && !opensWithIs(sentence))
    return false;
  for (const [i, t] of tokens.entries()) {
    if (ASKING.has(t)) return false;
    if (i > 0 && ASKING_PAIRS.has(`${tokens[i - 1]}_${t}`)) return false;
  }
  return true;
}

/** Words that open a thanks, as normalised tokens ("makasih" reads "terima kasih"). */
const THANKS = wordSet('thanks thank thankyou gracias obrigado obrigada valeu kasih');

/**
 * True when a sentence thanks for something and asks nothing: "Thanks for the quick delivery!",
 * "Makasih kak, paketnya udah sampai.", "Gracias por el envío rápido." Its words are content
 * ("delivery"), so it is no pleasantry, and it opens with no subject, so it was taken for a second
 * request: the message was read whole, and the shop answered "Thanks for the quick delivery! Do you
 * have the same shirt in blue?" with its greeting (0.88). As context, the question is read alone too.
 */
function isThanks(sentence: string): boolean {
  if (sentence.length > MAX_STATEMENT_CHARS || /[?¿]/.test(sentence)) return false;
  // In the first two words: "Thank you so much…", "Many thanks for…", "Terima kasih atas…".
  return normalizeTokens(sentence)
    .slice(0, 2)
    .some((t) => THANKS.has(t));
}

/**
 * Words of a request that ask without saying what about ("What can I do?", "Please help.", "Any
 * update?", "Gimana dong?", "¿Qué hago?"). A request made only of these leans on the sentences
 * around it.
 */
const VAGUE = wordSet(
  'i me my we us our you your it its this that these those there here the a an to for of in on at ' +
    'with about from and or so is are was were be been am do does did doing done can could would ' +
    'will should shall may might please pls help fix check sort solve happen happened happening next ' +
    'now then going go get got know let tell see update updates news anything something thing things ' +
    'what how why when where who which whats any anyone someone asap urgent thanks thank again still ' +
    'yet just ok okay options option step steps solution solutions contact advice way ways problem ' +
    'issue wrong matter mean means possible sure best long much soon wait waiting need want like ' +
    'saya kamu anda apa bagaimana kenapa harus bisa tolong bantu ini itu solusi cara ' +
    'terus lalu selanjutnya sekarang sudah belum mohon que como hago hacer puedo puedes ayuda ayudar ' +
    'favor por esto eso ahora faco fazer posso pode ajuda ajudar isso agora',
);

/** Words that point back at another sentence: a request with one is about what was said before it. */
const POINTING_BACK = wordSet(
  'it its this that these those them they there he she him her tersebut itu ini esto eso ello lo ' +
    'la isso isto ele ela',
);

/**
 * A request that says what it wants on its own: a word beyond the vague ones, and none pointing
 * back. "What is the capital of France?" stands alone; "What can I do?" and "How do I get it back?"
 * lean on the sentence before them.
 */
function standsAlone(sentence: string): boolean {
  const tokens = normalizeTokens(sentence);
  return (
    !tokens.some((t) => POINTING_BACK.has(t)) && tokens.some((t) => t.length > 2 && !VAGUE.has(t))
  );
}

/** How the sentences of a message may be read apart (see sentenceReadings). */
export interface SentenceReadings {
  /** Sentences that may each stand for the message: every other sentence only gives them context. */
  readonly candidates: readonly string[];
  /**
   * The message's one request, when the other sentences are statements and it says what it wants
   * on its own. If it reads out of scope alone, the message is out of scope: "I ordered beans last
   * week. What is the capital of France?" asks only the second.
   */
  readonly request?: string;
}

/**
 * Portuguese "É …" ("É a primeira vez que escrevo aqui."): "it is" with the pronoun dropped. Folded,
 * it would be "e" ("and"), a connective, so the written word is read.
 */
function opensWithIs(sentence: string): boolean {
  return /^\s*é\s/iu.test(sentence.normalize('NFC'));
}

/** True when the written word that `token` (the sentence's opening token) was read from is a past verb. */
function opensInThePast(sentence: string, token: string): boolean {
  const words = sentence.toLowerCase().split(NOT_WORD);
  const word = words.find((w) => normalizeTokens(w)[0] === token);
  return word !== undefined && PAST_TENSE.test(word);
}

/**
 * The sentences of a message that may each stand for it. None when the message is one sentence,
 * longer than a few, or holds two requests (then it is read whole). A message of statements only
 * ("My card was declined. I'm abroad.") offers each; a request among statements is the only one.
 */
export function sentenceReadings(text: string): SentenceReadings {
  // Most messages are one sentence, and requestText only takes text away (it never makes a new
  // sentence end), so they are answered before it runs a second time (extractGroups ran it once).
  if (sentencesOf(text).length < 2) return { candidates: [] };
  const sentences = sentencesOf(requestText(text));
  if (sentences.length < 2 || sentences.length > MAX_SENTENCES) return { candidates: [] };
  // Pleasantries, thanks and references left among the sentences ("… Kind regards, Sam Taylor",
  // "Order #48213" after a thanks) ask for nothing either.
  const statements = sentences.map((s) => isStatement(s) || isAside(s) || isThanks(s));
  const requests = sentences.filter((_, i) => !statements[i]);
  if (requests.length === 0) return { candidates: sentences };
  if (requests.length > 1) return { candidates: [] };
  const request = requests[0] as string;
  return standsAlone(request) ? { candidates: requests, request } : { candidates: requests };
}
