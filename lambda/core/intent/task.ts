// Requests for work on a text: translate it, summarise it, rewrite it, correct its grammar, say it in
// another language, write a letter or a poem. That is what a general assistant does, whatever the text
// is about, and the WhatsApp Business terms are about exactly that. The scope score cannot tell it: it
// reads what the text is about, so "translate to english: my order has not arrived" was answered with
// the shop's order status (0.78) and "correct my grammar: i want return my shoes" with its returns
// (0.93). This module tells the shape of such a request from the words alone. Pure: no model here.
import { anyOf, shapeWindow } from './features.ts';
import { foldText } from './normalize.ts';

/** Languages a text is put into, folded ("inglés" → "ingles"), in the four languages' own names too. */
const LANGUAGES =
  'english|inggris|ingles|spanish|espanol|spanyol|portuguese|portugues|portugis|french|frances|' +
  'prancis|perancis|german|aleman|alemao|jerman|japanese|japones|jepang|chinese|chino|chines|' +
  'mandarin|korean|coreano|korea|arabic|arabe|arab|italian|italiano|italia|russian|ruso|russo|' +
  'rusia|hindi|dutch|belanda|thai|vietnamese|vietnam|indonesian|indonesia|indonesio|malay|melayu|' +
  'tagalog|turkish|turki|latin|jawa|javanese|sunda';

/** The word before a language's name when a text goes into it: "into", "ke bahasa", "al", "para o". */
const INTO = '(?:in|into|to|ke|ke dalam|dalam|al|a|en|para|para o|pro|em)(?: bahasa)?';

/** Verbs that take a text and make another of it. Spanish "resume" is left out: in English it resumes. */
const WORK_VERBS =
  'translate|summari[sz]e|paraphrase|rephrase|reword|rewrite|proofread|proof read|' +
  'terjemahkan|terjemahin|translatein|rangkum|rangkumkan|rangkumin|ringkas|ringkaskan|ringkasin|' +
  'parafrasekan|traduce|traduceme|traducir|traducelo|resumeme|resumir|parafrasea|reescribe|' +
  'reescribeme|reformula|traduza|traduz|traduzir|resuma|parafraseie|reescreva|reformule';

/** What such a verb works on: a text given beside the request. */
const TEXTS =
  'this|that|these|those|it|the following|following|text|sentence|paragraph|message|email|letter|' +
  'essay|article|document|passage|speech|story|poem|note|notes|words?|phrase|ini|itu|berikut|' +
  'kalimat|paragraf|teks|tulisan|surat|este|esta|esto|estas|estos|lo siguiente|el texto|la frase|' +
  'el parrafo|la carta|isto|isso|esse|essa|o texto|a frase|o paragrafo|a carta';

/**
 * Words that make the request the bot's to do: it opens the message or a sentence, or it is asked
 * for ("please", "can you", "tolong") or follows a term of address ("kak", "min").
 */
const ASKED =
  '(?:^|[.!?,:;\\n] *|\\b(?:please|pls|plz|kindly|(?:can|could|would|will) (?:you|u)|' +
  'you to|help me|tolong|bisa|coba|mohon|bantu|kak|min|gan|sis|por favor|puedes|podrias|' +
  'me puedes|ayudame a|ayuda a|me ayudas a|voce pode|pode|poderia|consegue|me ajuda a|ajuda a|' +
  'ajude a) +)';

/** Pieces of writing ("write me a poem"), as the compose shape of features.ts reads them. */
const WRITINGS =
  'poems?|essays?|stor(?:y|ies)|songs?|lyrics|articles?|speech|caption|haiku|limerick|' +
  'tweets?|slogans?|blog|paragraph|bio|puisi|pantun|cerita|cerpen|lagu|esai|artikel|pidato|' +
  'paragraf|poema|poesia|ensayo|cuento|historia|cancion|articulo|discurso|redacao|ensaio|' +
  // A letter, unless it is a document the business issues: a reference or confirmation letter, "surat
  // keterangan rekening" (a bank's account statement letter), "carta de referencia".
  '(?<!reference |confirmation |bank |balance |account |employment )letters?|' +
  '(?:surat|carta)(?! (?:keterangan|referensi|pernyataan|kuasa|de referencia|bancaria|de confirmacion|de confirmacao))|' +
  'conto|musica|cancao|artigo|' +
  // Code, where no promo or order code can be meant: "a python script", "code to check my balance".
  'scripts?|python|javascript|html|sql|regex|macro|(?:code|program|function|query|formula) (?:to|that|for)';
const WRITE_VERBS =
  'write|compose|draft|buatkan|buatin|bikinin|tuliskan|tulisin|karangkan|escribe|escribeme|' +
  'redacta|componme|escreva|escreve|redija|componha';

const TEXT_WORK_PATTERNS: readonly RegExp[] = [
  // "translate this into spanish", "summarise the following", "tolong terjemahkan kalimat ini",
  // "traduce esto al inglés", "resuma este texto"; or the text after a colon: "translate: …".
  new RegExp(`${ASKED}(?:${WORK_VERBS})\\b(?:(?: [^ .!?]+){0,2} (?:${TEXTS})\\b| *:)`),
  // "translate my cv into spanish", "translate to english: …", "terjemahin ke bahasa inggris".
  new RegExp(`${ASKED}(?:${WORK_VERBS})\\b[^.!?\\n]{0,60}?\\b${INTO} (?:${LANGUAGES})\\b`),
  // "correct my grammar", "fix the grammar of this", "cek tata bahasa", "corrige la gramática".
  /\b(?:correct|fix|check|improve|koreksi|perbaiki|benerin|cek|periksa|corrige|corregir|revisa|corrija|corrigir|revise)\b[^.!?\n]{0,24}\b(?:grammar|punctuation|spelling mistakes|spelling errors|typos|tata bahasa|grammarnya|gramatica|ortografia|pontuacao|puntuacion)\b/,
  // "I need this translated into English", "can you make this email sound more professional".
  /\b(?:need|want|like|get) (?:this|it|that|these|my [^ .!?]+) translated\b/,
  /\bmake (?:this|it|my (?:text|email|message|letter|essay|cv|bio))(?: [^ .!?]+){0,2} (?:sound|more formal|more polite|more professional|more casual|shorter)\b/,
  // "fix my english", "improve my writing".
  /\b(?:correct|fix|improve) my (?:english|writing)\b/,
  // "what does 'pedido' mean in english", "¿qué significa … en inglés?", "artinya dalam bahasa inggris".
  new RegExp(
    `\\b(?:mean|means|significa|artinya|arti)\\b[^.!?\\n]{0,30}\\b(?:in|en|em|dalam bahasa|bahasa) (?:${LANGUAGES})\\b`,
  ),
  // "how do I say thank you in french", "cara bilang … dalam bahasa jepang", "cómo se dice … en
  // inglés", "como se diz … em inglês".
  new RegExp(
    `\\b(?:how (?:do|would|can|should) (?:i|you|we) (?:say|write|spell|pronounce)|how to (?:say|write|spell|pronounce)|(?:cara|gimana|bagaimana) (?:bilang|ngomong|nulis|menulis|mengucapkan|mengatakan)|como se (?:dice|escribe|pronuncia|diz|escreve|fala)|como (?:eu )?(?:digo|falo))\\b[^.!?\\n]{0,60}\\b(?:in|en|em|dalam bahasa|pake bahasa|pakai bahasa) (?:${LANGUAGES})\\b`,
  ),
  // Spelling help: "how do you spell 'receipt'", "spell out this word", "cara mengeja …", "cómo se
  // deletrea …", "como se soletra …".
  /\b(?:how (?:do|would|should) (?:i|you|we) spell|how to spell|spell (?:out|it out)|cara (?:mengeja|ngeja|eja)|como se (?:deletrea|soletra))\b/,
  // "apa bahasa inggrisnya terima kasih": the language's name with "-nya".
  new RegExp(`\\bbahasa (?:${LANGUAGES})nya\\b`),
  // "write me a poem about my order", "can you draft a complaint letter", "buatin pantun dong".
  new RegExp(`${ASKED}(?:${WRITE_VERBS})\\b[^.!?\\n]{0,30}?\\b(?:${WRITINGS})\\b`),
];

/** The patterns as one: a single pass over the text, as features.ts does with its shapes. */
const TEXT_WORK = anyOf(TEXT_WORK_PATTERNS);
/** Everything but letters, digits and the punctuation that ends a sentence or opens a text. Built once,
 * not in place: esbuild writes a `\p{…}` literal as `new RegExp(…)` where it stands (normalize.ts). */
const NOT_WORD_OR_STOP = /[^\p{L}\p{N}.!?,:;\n]+/gu;

/**
 * True when a message asks for work on a text (translate, summarise, rewrite or correct it, say it
 * in another language) or for a piece of writing. Such a message is refused whatever its text is
 * about, unless the business's own examples ask for that work (a translation agency's do): see
 * `textWorkInScope`.
 */
export function asksForTextWork(text: string): boolean {
  // The request is in the first lines, as the shape signals read it: a long paste is not searched to
  // its end.
  const folded = foldText(shapeWindow(text)).replace(NOT_WORD_OR_STOP, ' ');
  return TEXT_WORK.test(folded);
}

/** True when one of a profile's examples asks for text work: then such work is the business's own. */
export function textWorkInScope(examples: Iterable<string>): boolean {
  for (const example of examples) if (asksForTextWork(example)) return true;
  return false;
}
