// Step 8, respond: the chain's handler. Plans the turn from the gates' verdicts, then performs its effects:
// start a handoff, mark read with the typing indicator, send one message. Sends nothing when nothing is due.
import type { GenericLogger } from '@aws-lambda-powertools/commons/types';
import { encodeDecisionRef } from './core/decision-ref.ts';
import { planHandoff } from './core/handoff.ts';
import type { InboundMessage } from './core/inbound.ts';
import type {
  Clock,
  ConversationStore,
  GeneralAnswerer,
  OutboundMessage,
  WhatsAppSender,
} from './core/ports.ts';
import type { Profile } from './core/profile/profile-schema.ts';
import { composeReply } from './core/reply/compose-reply.ts';
import { localisePlan, planTurn, refuseWithoutGeneralAnswer } from './core/turn.ts';
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
  const { profile, sender, clock, logger } = options;
  return async function respondHandler(
    event: ResponderEvent,
    context: ResponderContext,
  ): Promise<void> {
    const state = context.responder;
    const { message } = event;
    state.plan = planTurn(
      state.verdicts,
      state.language ?? profile?.defaultLanguage ?? 'en',
      profile?.windowTemplate !== undefined,
    );
    if (profile === null || state.userHash === undefined || state.ref === undefined) return;
    state.plan = localisePlan(state.plan, profile.languages, profile.defaultLanguage);

    if (state.plan.startHandoff) {
      const handoff = planHandoff('user', clock.now(), options.handoffMinutes);
      await options.conversations.setHandoff(state.userHash, handoff.until, 'user', clock.now());
    }
    let generalAnswer: string | undefined;
    if (state.plan.reply?.kind === 'general_answer') {
      generalAnswer = await answerGenerally(options, state.text, state.plan.reply.language);
      if (generalAnswer === undefined) state.plan = refuseWithoutGeneralAnswer(state.plan);
    }
    const reply = state.plan.reply;
    if (reply === undefined) return;
    const body = composeReply(profile, reply, generalAnswer);

    // The typing indicator promises a reply, so it is shown only now; it is cosmetic, so its failure must
    // not cost the user the reply itself.
    try {
      state.graphCalls += 1;
      await sender.markRead(message.businessPhoneNumberId, message.wamid);
    } catch (error) {
      logger.warn('markRead failed', { error: (error as Error).name });
    }
    const result = await sender.send({
      businessPhoneNumberId: message.businessPhoneNumberId,
      to: recipientOf(message),
      // Templates cannot be contextual replies.
      ...(body.type === 'template' ? {} : { replyTo: message.wamid }),
      body,
      callbackData: encodeDecisionRef(state.ref),
    });
    state.graphCalls += result.attempts;
    state.sent = { messageId: result.messageId, at: clock.now() };
  };
}

function recipientOf(message: InboundMessage): OutboundMessage['to'] {
  return {
    ...(message.user.waId === undefined ? {} : { waId: message.user.waId }),
    ...(message.user.userId === undefined ? {} : { userId: message.user.userId }),
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
