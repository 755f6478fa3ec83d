// Builds the webhook payloads Meta would send for a simulated chat user, so that the simulator and scripts
// exercise the real ingress path (signature, parsing, normalisation) rather than a shortcut into the queue.
import { randomBytes } from 'node:crypto';
import { LOCAL_BUSINESS } from './local-defaults.ts';

/** A chat user as the simulator knows them: a phone number, a username-only BSUID user, or both. */
export interface SimulatedUser {
  /** Phone number, digits only (country calling code first). */
  readonly waId?: string;
  /** Business-scoped user id, e.g. `ID.1234567890123456789`. */
  readonly userId?: string;
  readonly username?: string;
  readonly name?: string;
}

export type SimulatedInput =
  | { readonly type: 'text'; readonly text: string }
  | {
      readonly type: 'list_reply' | 'button_reply';
      readonly id: string;
      readonly title: string;
      readonly description?: string;
      /** The wamid of the bot message that carried the list or buttons. */
      readonly contextId?: string;
    };

/** The key the responder groups and hashes by: the BSUID when present, else the phone number. */
export function userKeyOf(user: SimulatedUser): string {
  const key = user.userId ?? user.waId;
  if (!key) throw new TypeError('[scoped-responder] a simulated user needs a waId or a userId');
  return key;
}

/** Same shape as Meta's ids (`wamid.` + base64); random, so a resend is a new message. */
export function newWamid(): string {
  return `wamid.${randomBytes(24).toString('base64url')}`;
}

export function buildWebhookPayload(
  user: SimulatedUser,
  input: SimulatedInput,
  options: { readonly wamid?: string; readonly timestampSeconds: number },
): { readonly payload: Record<string, unknown>; readonly wamid: string } {
  const wamid = options.wamid ?? newWamid();
  userKeyOf(user);
  const profile = {
    ...(user.name !== undefined && { name: user.name }),
    ...(user.username !== undefined && { username: user.username }),
  };
  const contact = {
    ...(Object.keys(profile).length > 0 && { profile }),
    ...(user.waId !== undefined && { wa_id: user.waId }),
    ...(user.userId !== undefined && { user_id: user.userId }),
  };
  const content =
    input.type === 'text'
      ? { type: 'text', text: { body: input.text } }
      : {
          type: 'interactive',
          ...(input.contextId !== undefined && {
            context: { from: LOCAL_BUSINESS.displayPhoneNumber, id: input.contextId },
          }),
          interactive: {
            type: input.type,
            [input.type]: {
              id: input.id,
              title: input.title,
              ...(input.description !== undefined && { description: input.description }),
            },
          },
        };
  const message = {
    ...(user.waId !== undefined && { from: user.waId }),
    ...(user.userId !== undefined && { from_user_id: user.userId }),
    id: wamid,
    timestamp: String(options.timestampSeconds),
    ...content,
  };
  return {
    wamid,
    payload: {
      object: 'whatsapp_business_account',
      entry: [
        {
          id: LOCAL_BUSINESS.wabaId,
          changes: [
            {
              field: 'messages',
              value: {
                messaging_product: 'whatsapp',
                metadata: {
                  display_phone_number: LOCAL_BUSINESS.displayPhoneNumber,
                  phone_number_id: LOCAL_BUSINESS.phoneNumberId,
                },
                contacts: [contact],
                messages: [message],
              },
            },
          ],
        },
      ],
    },
  };
}
