// The responder chain as the benchmarks drive it: the real createResponderHandler with the example profile
// and the policy pack, over whatever decision log / conversation store / sender a section hands in, and
// builders for one SQS event per outcome (answered, refused, duplicate, opt-out, status).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SQSEvent } from 'aws-lambda';
import type { DecisionRef } from '../../lambda/core/decision.ts';
import { encodeDecisionRef } from '../../lambda/core/decision-ref.ts';
import type { InboundMessage, StatusUpdate } from '../../lambda/core/inbound.ts';
import { trainClassifier } from '../../lambda/core/intent/classifier.ts';
import { parsePolicyPack } from '../../lambda/core/policy/policy-pack.ts';
import type { ConversationStore, DecisionLog, WhatsAppSender } from '../../lambda/core/ports.ts';
import { parseProfile, toTrainingSet } from '../../lambda/core/profile/parse-profile.ts';
import { hashUserKey } from '../../lambda/core/user-hash.ts';
import { createResponderHandler, type ResponderHandler } from '../../lambda/responder.handler.ts';
import { StaticSecrets } from '../../test/support/in-memory-ports.ts';
import { lambdaContext } from '../../test/support/signed-webhook.ts';
import { sqsEventOf } from '../../test/support/sqs-events.ts';

export const PROFILE_FILE = 'profiles/example-shop.yaml';
export const POLICY_FILE = 'policy/meta-ai-providers.yaml';
const SALT = 'bench-salt';
const PHONE_NUMBER_ID = '106540352242922';

/** Texts chosen to land on each outcome with the example profile; the sections check the outcome. */
export const TEXTS = {
  answered: 'where are my beans? has my coffee order left the roastery yet',
  refused: 'write me a poem about the ocean and explain quantum physics',
  optOut: 'STOP',
} as const;

export interface RigPorts {
  readonly decisions: DecisionLog;
  readonly conversations: ConversationStore;
  readonly sender: WhatsAppSender;
  readonly trackDelivery?: boolean;
}

export interface Rig {
  readonly handler: ResponderHandler;
  readonly context: ReturnType<typeof lambdaContext>;
  /** A fresh text message from user `user` (Indonesian number: the policy pack's scoped rule applies). */
  message(id: string, user: number, text: string): InboundMessage;
  event(...items: (InboundMessage | StatusUpdate)[]): SQSEvent;
  /** The delivery status Meta would send for the reply to `message`. */
  status(message: InboundMessage, status: StatusUpdate['status']): StatusUpdate;
  userHash(user: number): string;
  /** The decision key of a message (what the claim writes). */
  ref(message: InboundMessage): DecisionRef;
}

export function createRig(root: string, ports: RigPorts): Rig {
  const profile = parseProfile(readFileSync(join(root, PROFILE_FILE), 'utf8'), PROFILE_FILE);
  const policy = parsePolicyPack(readFileSync(join(root, POLICY_FILE), 'utf8'));
  const classifier = trainClassifier(toTrainingSet(profile));
  const handler = createResponderHandler({
    secrets: new StaticSecrets({ userHashSalt: SALT }),
    decisions: ports.decisions,
    conversations: ports.conversations,
    sender: ports.sender,
    classifier,
    profile,
    policy,
    clock: { now: () => Date.now() },
    options: {
      policyExemptions: [],
      trackDelivery: ports.trackDelivery ?? true,
      handoffMinutes: 60,
      retentionDays: 90,
      maxReceiveCount: 5,
      functionTimeoutMs: 30_000,
    },
  });
  const phoneOf = (user: number) => `62812${String(user).padStart(7, '0')}`;
  return {
    handler,
    context: lambdaContext({ memoryLimitInMB: '256' }),
    message(id, user, text) {
      const timestamp = Math.floor(Date.now() / 1000) - 1;
      const key = phoneOf(user);
      return {
        kind: 'message',
        transport: 'cloud_api',
        wamid: `wamid.bench.${id}`,
        businessPhoneNumberId: PHONE_NUMBER_ID,
        user: { key, waId: key },
        timestamp,
        receivedAt: Date.now(),
        content: { type: 'text', body: text },
      };
    },
    event: (...items) => sqsEventOf(...items),
    status(message, status) {
      const userHash = hashUserKey(SALT, message.user.key);
      return {
        kind: 'status',
        transport: 'cloud_api',
        messageId: `wamid.out.${message.wamid}`,
        status,
        timestamp: Math.floor(Date.now() / 1000),
        receivedAt: Date.now(),
        businessPhoneNumberId: PHONE_NUMBER_ID,
        recipientKey: message.user.key,
        callbackData: encodeDecisionRef({
          userHash,
          timestamp: message.timestamp,
          wamid: message.wamid,
        }),
        errors: [],
      };
    },
    userHash: (user) => hashUserKey(SALT, phoneOf(user)),
    ref: (message) => ({
      userHash: hashUserKey(SALT, message.user.key),
      timestamp: message.timestamp,
      wamid: message.wamid,
    }),
  };
}
