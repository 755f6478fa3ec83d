// A multi-user WhatsApp conversation for the reliability suite: one Cloud API webhook per message, with
// distinctive phone numbers, names and texts that the privacy checks can search for.
import { BUSINESS_PHONE_NUMBER_ID } from './reliability-harness.ts';

export interface ConversationMessage {
  readonly index: number;
  readonly wamid: string;
  /** The user's wa_id (the chat key). */
  readonly waId: string;
  readonly name: string;
  readonly timestamp: number;
  readonly text: string;
  /** The webhook body (JSON) carrying only this message, unsigned. */
  readonly body: string;
}

/** In-scope questions for the example profile and a few out-of-scope ones, in several languages. */
export const CONVERSATION_TEXTS = [
  'where are my beans? ordered last week',
  'do you ship to Surabaya?',
  'kopi pesenan aku udah dikirim belum?',
  'can I pause my subscription for a month',
  'write me a poem about the sea',
  'what is the capital of France',
  '¿dónde está mi pedido de café?',
  'cadê meu pedido de café?',
  'how much is the Gayo single origin',
  'can I visit the roastery on saturday',
] as const;

/** A wa_id of 13 digits, unique per run and user, starting with Indonesia's 62. */
export function phoneOf(run: number, user: number): string {
  return `62${String(run % 100_000).padStart(5, '0')}${String(user).padStart(6, '0')}`;
}

export function webhookBody(message: {
  readonly wamid: string;
  readonly waId: string;
  readonly name: string;
  readonly timestamp: number;
  readonly content: Record<string, unknown>;
  readonly context?: Record<string, unknown>;
}): string {
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102030405060708',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: {
                display_phone_number: '15550001111',
                phone_number_id: BUSINESS_PHONE_NUMBER_ID,
              },
              contacts: [{ profile: { name: message.name }, wa_id: message.waId }],
              messages: [
                {
                  from: message.waId,
                  id: message.wamid,
                  timestamp: String(message.timestamp),
                  ...(message.context ? { context: message.context } : {}),
                  ...message.content,
                },
              ],
            },
          },
        ],
      },
    ],
  });
}

/**
 * `count` text messages spread round-robin over `users` users; each user's messages one second apart, all
 * within the last few minutes so that the 24 h window and the policy's effective dates apply normally.
 */
export function buildConversation(
  count: number,
  users: number,
  options: { readonly run?: number; readonly texts?: readonly string[] } = {},
): ConversationMessage[] {
  const run = options.run ?? Math.floor(Math.random() * 100_000);
  const texts = options.texts ?? CONVERSATION_TEXTS;
  const start = Math.floor(Date.now() / 1000) - count - 5;
  return Array.from({ length: count }, (_, index) => {
    const user = index % users;
    const waId = phoneOf(run, user);
    const name = `Relname${run}x${user}`;
    const wamid = `wamid.REL${run}U${user}M${index}`;
    const timestamp = start + index;
    const text = texts[index % texts.length] as string;
    return {
      index,
      wamid,
      waId,
      name,
      timestamp,
      text,
      body: webhookBody({
        wamid,
        waId,
        name,
        timestamp,
        content: { type: 'text', text: { body: text } },
      }),
    };
  });
}

/** Deterministic pseudo-random numbers (mulberry32), so a failing run can be repeated. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

/** Runs `tasks` with at most `limit` in flight. */
export async function runConcurrently<T>(
  tasks: readonly (() => Promise<T>)[],
  limit: number,
): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await (tasks[index] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}
