// Unit tests of BedrockGeneralAnswerer: the Converse request it sends and how it reads the answer.
import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { BedrockGeneralAnswerer } from '../../../lambda/adapters/bedrock-general-answerer.ts';

const bedrock = mockClient(BedrockRuntimeClient);
const client = new BedrockRuntimeClient({ region: 'us-east-1' });

const answerOf = (...texts: string[]) => ({
  output: { message: { role: 'assistant' as const, content: texts.map((text) => ({ text })) } },
  stopReason: 'end_turn' as const,
  usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 },
  metrics: { latencyMs: 1 },
});

describe('Class: BedrockGeneralAnswerer', () => {
  afterEach(() => {
    bedrock.reset();
  });

  it('sends a short system prompt in the user language and a small token budget', async () => {
    // Prepare
    bedrock.on(ConverseCommand).resolves(answerOf('Olá! ', 'Posso ajudar.'));
    const answerer = new BedrockGeneralAnswerer({
      client,
      modelId: 'amazon.nova-lite-v1:0',
      businessName: 'Toko Contoh',
    });

    // Act
    const reply = await answerer.answer('Qual é a capital da França?', 'pt');

    // Assess
    expect(reply).toBe('Olá! Posso ajudar.');
    expect(bedrock.commandCalls(ConverseCommand)[0]?.args[0].input).toEqual({
      modelId: 'amazon.nova-lite-v1:0',
      system: [
        {
          text:
            'You are the customer service assistant of Toko Contoh on WhatsApp. ' +
            'Reply in the language with ISO 639-1 code "pt", in at most three short sentences, as plain text. ' +
            'Do not claim to be a human. If you do not know, say so and offer to connect the customer with a person.',
        },
      ],
      messages: [{ role: 'user', content: [{ text: 'Qual é a capital da França?' }] }],
      inferenceConfig: { maxTokens: 300, temperature: 0.2 },
    });
  });

  it('uses the configured token budget', async () => {
    bedrock.on(ConverseCommand).resolves(answerOf('ok'));
    const answerer = new BedrockGeneralAnswerer({ client, modelId: 'm', maxTokens: 64 });

    await answerer.answer('hi', 'en');

    const input = bedrock.commandCalls(ConverseCommand)[0]?.args[0].input;
    expect(input?.inferenceConfig?.maxTokens).toBe(64);
    expect(input?.system?.[0]).toEqual({
      text: expect.stringMatching(/^You are a customer service assistant on WhatsApp\./),
    });
  });

  it('caps the reply at the WhatsApp text limit', async () => {
    bedrock.on(ConverseCommand).resolves(answerOf('x'.repeat(5_000)));
    const answerer = new BedrockGeneralAnswerer({ client, modelId: 'm' });

    expect(await answerer.answer('hi', 'en')).toHaveLength(4096);
  });

  it('throws when the model returns no text, so the chain falls back to the refusal', async () => {
    bedrock.on(ConverseCommand).resolves({ ...answerOf(), stopReason: 'content_filtered' });
    const answerer = new BedrockGeneralAnswerer({ client, modelId: 'm' });

    await expect(answerer.answer('hi', 'en')).rejects.toThrow(
      /no text \(stopReason content_filtered\)/,
    );
  });

  it('makes its own client on the first answer when none is given', async () => {
    bedrock.on(ConverseCommand).resolves(answerOf('ok'));
    const answerer = new BedrockGeneralAnswerer({ modelId: 'm' });

    expect(await answerer.answer('hi', 'en')).toBe('ok');
    expect(bedrock.commandCalls(ConverseCommand)).toHaveLength(1);
  });

  it('passes Bedrock errors through', async () => {
    bedrock.on(ConverseCommand).rejects(new Error('ThrottlingException'));
    const answerer = new BedrockGeneralAnswerer({ client, modelId: 'm' });

    await expect(answerer.answer('hi', 'en')).rejects.toThrow('ThrottlingException');
  });
});
