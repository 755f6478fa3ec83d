// Step 8, respond: the chain's handler. Plans the turn from the gates' verdicts, then performs its effects:
// start a handoff, mark read with the typing indicator, send one message. Sends nothing when nothing is due.
import type { GenericLogger } from '@aws-lambda-powertools/commons/types';
import { encodeDecisionRef } from './core/decision-ref.ts';
import { planHandoff } from './core/handoff.ts';
import type { Clock, ConversationStore, GeneralAnswerer, WhatsAppSender } from './core/ports.ts';
import type { Profile } from './core/profile/profile-schema.ts';
import { composeReply } from './core/reply/compose-reply.ts';
import { planTurn } from './core/turn.ts';
import type { ResponderContext, ResponderEvent } from './responder-context.ts';

export interface RespondOptions {
  readonly profile: Profile | null;
  readonly sender: WhatsAppSender;
  readonly conversations: ConversationStore;
  readonly clock: Clock;
  readonly handoffMinutes: number;
  readonly generalAnswerer?: GeneralAnswerer;
  readonly logger: GenericLogger;
}

export function respond(options: RespondOptions) {
  const { profile, sender, clock } = options;
  return async function respondHandler(
    event: ResponderEvent,
    context: ResponderContext,
  ): Promise<void> {
    const state = context.responder;
    const plan = planTurn(
      state.verdicts,
      state.language ?? profile?.defaultLanguage ?? 'en',
      profile?.windowTemplate !== undefined,
    );
    state.plan = plan;
    if (profile === null || state.userHash === undefined || state.ref === undefined) return;
    if (plan.startHandoff) {
      const handoff = planHandoff('user', clock.now(), options.handoffMinutes);
      await options.conversations.setHandoff(state.userHash, handoff.until, 'user', clock.now());
    }
    if (plan.reply === undefined) return;
    const { message } = event;
    const generalAnswer =
      plan.reply.kind === 'general_answer'
        ? await answerGenerally(options, state.text, plan.reply.language)
        : undefined;
    if (plan.reply.kind === 'general_answer' && generalAnswer === undefined) {
      // Fail closed: without a general answer the message is out of scope like any other.
      state.plan = {
        ...plan,
        outcome: 'refused_out_of_scope',
        reason: 'general_answerer_error',
        reply: { kind: 'refusal', language: plan.reply.language },
      };
    }
    const reply = state.plan.reply ?? plan.reply;
    const body = composeReply(profile, reply, generalAnswer);
    // The typing indicator promises a reply, so it is shown only now; it is cosmetic, so a failure of it
    // must not cost the user the reply itself.
    try {
      state.graphCalls += 1;
      await sender.markRead(message.businessPhoneNumberId, message.wamid);
    } catch (error) {
      options.logger.warn('markRead failed', { error: (error as Error).name });
    }
    const result = await sender.send({
      businessPhoneNumberId: message.businessPhoneNumberId,
      to: {
        ...(message.user.waId === undefined ? {} : { waId: message.user.waId }),
        ...(message.user.userId === undefined ? {} : { userId: message.user.userId }),
      },
      ...(body.type === 'template' ? {} : { replyTo: message.wamid }),
      body,
      callbackData: encodeDecisionRef(state.ref),
    });
    state.graphCalls += result.attempts;
    state.sent = { messageId: result.messageId, at: clock.now() };
  };
}

async function answerGenerally(
  options: RespondOptions,
  text: string | undefined,
  language: string,
): Promise<string | undefined> {
  if (options.generalAnswerer === undefined || text === undefined) return undefined;
  try {
    return await options.generalAnswerer.answer(text, language);
  } catch (error) {
    options.logger.warn('general answerer failed', { error: (error as Error).name });
    return undefined;
  }
}
