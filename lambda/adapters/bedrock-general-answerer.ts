// GeneralAnswerer over Amazon Bedrock's Converse API. Off by default (GENERAL_ANSWERER=off); the chain only
// calls it where the policy rule in force is general_allowed, so it never decides scope itself.
import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import type { GeneralAnswerer } from '../core/ports.ts';
import { onDemand } from './on-demand-import.ts';

/**
 * The Bedrock client is imported on the first answer, not with the handler: most deployments never turn
 * the general answerer on, and the Lambda bundles leave this package out (lib/lambda-bundling.ts) to take
 * the copy the Node.js runtime ships, so the responder neither carries nor loads ~55 KB it does not use.
 * Tests and the local runtime resolve the same import from node_modules.
 */
const loadBedrock = onDemand(() => import('@aws-sdk/client-bedrock-runtime'), 'ConverseCommand');

export interface BedrockGeneralAnswererOptions {
  /** @default a BedrockRuntimeClient with the default configuration, made on the first answer */
  readonly client?: BedrockRuntimeClient;
  /** e.g. `amazon.nova-lite-v1:0` or an inference profile id. */
  readonly modelId: string;
  /** Short answers: a WhatsApp bubble, not an essay. @default 300 */
  readonly maxTokens?: number;
  /** The business's name, so the model speaks for it. */
  readonly businessName?: string;
}

/** A WhatsApp text body is capped at 4096 characters. */
const MAX_REPLY_CHARS = 4096;

export class BedrockGeneralAnswerer implements GeneralAnswerer {
  private client: BedrockRuntimeClient | undefined;

  constructor(private readonly options: BedrockGeneralAnswererOptions) {
    this.client = options.client;
  }

  async answer(text: string, language: string): Promise<string> {
    const { BedrockRuntimeClient, ConverseCommand } = await loadBedrock();
    this.client ??= new BedrockRuntimeClient({});
    const output = await this.client.send(
      new ConverseCommand({
        modelId: this.options.modelId,
        system: [{ text: systemPrompt(language, this.options.businessName) }],
        messages: [{ role: 'user', content: [{ text }] }],
        inferenceConfig: { maxTokens: this.options.maxTokens ?? 300, temperature: 0.2 },
      }),
    );
    const reply = (output.output?.message?.content ?? [])
      .map((block) => block.text ?? '')
      .join('')
      .trim();
    if (reply === '') {
      throw new Error(
        `[scoped-responder] Bedrock returned no text (stopReason ${output.stopReason ?? 'unknown'})`,
      );
    }
    return reply.slice(0, MAX_REPLY_CHARS);
  }
}

function systemPrompt(language: string, businessName: string | undefined): string {
  const who = businessName
    ? `the customer service assistant of ${businessName}`
    : 'a customer service assistant';
  return [
    `You are ${who} on WhatsApp.`,
    `Reply in the language with ISO 639-1 code "${language}", in at most three short sentences, as plain text.`,
    'Do not claim to be a human. If you do not know, say so and offer to connect the customer with a person.',
  ].join(' ');
}
