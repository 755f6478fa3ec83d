import type { SNSEvent, SNSEventRecord } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { InboundMessage } from '../../lambda/core/inbound.ts';
import { createEumIngressHandler } from '../../lambda/eum-ingress.handler.ts';
import { fixedClock, InMemoryQueuePublisher } from '../support/ingress-fakes.ts';
import { silentLogger, silentMetrics } from '../support/ingress-harness.ts';
import { lambdaContext } from '../support/signed-webhook.ts';
import { readWhatsAppFixture } from '../support/whatsapp-fixtures.ts';

afterEach(() => {
  vi.unstubAllEnvs();
});

/** One SNS record as End User Messaging Social publishes it: the entry is a JSON string inside JSON. */
function eumRecord(entry: unknown, index = 0): SNSEventRecord {
  const message = JSON.stringify({
    context: {
      MetaWabaIds: [
        {
          wabaId: '102030405060708',
          arn: 'arn:aws:social-messaging:us-east-1:123456789012:waba/fixture',
        },
      ],
      MetaPhoneNumberIds: [
        {
          metaPhoneNumberId: '109876543210987',
          arn: 'arn:aws:social-messaging:us-east-1:123456789012:phone-number-id/fixture',
        },
      ],
    },
    whatsAppWebhookEntry: JSON.stringify(entry),
    aws_account_id: '123456789012',
    message_timestamp: '2026-11-25T04:00:00.271279391Z',
    messageId: `6d69f07a-0000-4000-8000-00000000000${index}`,
  });
  return snsRecord(message, index);
}

function snsRecord(message: string, index = 0): SNSEventRecord {
  return {
    EventSource: 'aws:sns',
    EventVersion: '1.0',
    EventSubscriptionArn: 'arn:aws:sns:us-east-1:123456789012:eum-events:sub',
    Sns: {
      Type: 'Notification',
      MessageId: `sns-${index}`,
      TopicArn: 'arn:aws:sns:us-east-1:123456789012:eum-events',
      Subject: '',
      Message: message,
      Timestamp: '2026-11-25T04:00:00.000Z',
      SignatureVersion: '1',
      Signature: 'fixture',
      SigningCertUrl: 'https://sns.us-east-1.amazonaws.com/fixture.pem',
      UnsubscribeUrl: 'https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe',
      MessageAttributes: {},
    },
  };
}

function entryOf(fixture: string): unknown {
  return JSON.parse(readWhatsAppFixture(fixture)).entry[0];
}

function harness(trackDelivery = false) {
  const queue = new InMemoryQueuePublisher();
  const { metrics, counted } = silentMetrics('eum-ingress');
  const { logger, logged } = silentLogger();
  const handler = createEumIngressHandler({
    queue,
    clock: fixedClock(),
    trackDelivery,
    metrics,
    logger,
  });
  const invoke = (records: SNSEventRecord[]) =>
    handler({ Records: records } satisfies SNSEvent, lambdaContext());
  return { queue, invoke, counted, logged };
}

describe('createEumIngressHandler', () => {
  it('enqueues the messages of every record with transport eum_social', async () => {
    // Prepare
    const { queue, invoke, counted } = harness();

    // Act
    await invoke([eumRecord(entryOf('text'), 0), eumRecord(entryOf('bsuid-only'), 1)]);

    // Assess
    expect(queue.calls).toHaveLength(1);
    const items = queue.items as InboundMessage[];
    expect(items.map((item) => [item.transport, item.user.key, item.content.type])).toEqual([
      ['eum_social', '15551230001', 'text'],
      ['eum_social', 'US.20481234567890123456', 'text'],
    ]);
    expect(items[0]?.receivedAt).toBe(1_764_043_500_000);
    expect(counted('WebhooksReceived')).toBe(2);
    expect(counted('MessagesEnqueued')).toBe(2);
  });

  it('enqueues a failed status and drops untracked ones', async () => {
    const { queue, invoke, counted } = harness();
    await invoke([eumRecord(entryOf('status-failed')), eumRecord(entryOf('status-read'), 1)]);
    expect(queue.items.map((item) => item.kind === 'status' && item.status)).toEqual(['failed']);
    expect(counted('StatusesEnqueued')).toBe(1);
    expect(counted('StatusesDropped')).toBe(1);
  });

  it('skips and counts a record that does not parse without failing the batch', async () => {
    // Prepare
    const { queue, invoke, counted, logged } = harness();

    // Act
    await invoke([
      snsRecord('not json', 0),
      snsRecord('{"eventType":"SEND_OUTCOME"}', 1),
      eumRecord(entryOf('text'), 2),
    ]);

    // Assess
    expect(queue.items).toHaveLength(1);
    expect(counted('ParseFailures')).toBe(2);
    expect(logged()).toContain('sns-0');
  });

  it('counts an entry whose shape is wrong and keeps the rest', async () => {
    const { queue, invoke, counted } = harness();
    await invoke([eumRecord({ id: 'x' }, 0), eumRecord(entryOf('image'), 1)]);
    expect(queue.items).toHaveLength(1);
    expect(counted('ParseFailures')).toBe(1);
  });

  it('throws when enqueueing fails, so SNS retries', async () => {
    const { queue, invoke } = harness();
    queue.failWith = new Error('SQS unavailable');
    await expect(invoke([eumRecord(entryOf('text'))])).rejects.toThrow('SQS unavailable');
  });

  it('does not publish when nothing is left to enqueue', async () => {
    const { queue, invoke } = harness();
    await invoke([eumRecord(entryOf('account-update'))]);
    expect(queue.calls).toHaveLength(0);
  });

  it('never logs message text or phone numbers', async () => {
    const { invoke, logged } = harness();
    await invoke([eumRecord(entryOf('no-user')), eumRecord({ id: 'x' }, 1), snsRecord('{}', 2)]);
    expect(logged()).not.toContain('Who am I');
    expect(logged()).not.toContain('15551230001');
  });
});

describe('handler (deployed entry point)', () => {
  it('imports without configuration and fails on first use without QUEUE_URL', async () => {
    vi.stubEnv('QUEUE_URL', '');
    const { handler } = await import('../../lambda/eum-ingress.handler.ts');
    expect(() => handler({ Records: [] }, lambdaContext())).toThrow(/QUEUE_URL/);
  });
});
