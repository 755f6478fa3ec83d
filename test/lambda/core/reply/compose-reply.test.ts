import { describe, expect, it } from 'vitest';
import type { OutboundBody } from '../../../../lambda/core/ports.ts';
import {
  composeReply,
  LIST_LIMITS,
  menuIntentIds,
  truncate,
} from '../../../../lambda/core/reply/compose-reply.ts';
import { exampleProfile, tinyProfile } from '../../../support/profiles.ts';

const profile = tinyProfile();
type ListBody = Extract<OutboundBody, { type: 'list' }>;

describe('composeReply', () => {
  it.each([
    [
      'answer in the user language',
      { kind: 'answer', language: 'id', intent: 'repair_booking' },
      { type: 'text', text: 'REPAIR-ID' },
    ],
    [
      'answer missing that language: default',
      { kind: 'answer', language: 'id', intent: 'opening_hours' },
      { type: 'text', text: 'HOURS-EN' },
    ],
    [
      'handoff: the escalation text',
      { kind: 'handoff', language: 'id', intent: 'talk_to_human' },
      { type: 'text', text: 'ESCALATION-ID' },
    ],
    [
      'language the profile lacks',
      { kind: 'answer', language: 'pt', intent: 'repair_booking' },
      { type: 'text', text: 'REPAIR-EN' },
    ],
  ] as const)('%s', (_, plan, body) => {
    expect(composeReply(profile, plan)).toEqual(body);
  });

  it('refuses with a list menu of the intents and the escalation path', () => {
    expect(composeReply(profile, { kind: 'refusal', language: 'id' })).toEqual({
      type: 'list',
      body: 'REFUSAL-ID\n\nESCALATION-ID',
      button: 'Lihat pilihan',
      sections: [
        {
          title: 'Saya bisa bantu',
          rows: [
            { id: 'repair_booking', title: 'Servis sepeda' },
            { id: 'opening_hours', title: 'Opening hours' },
            { id: 'talk_to_human', title: 'Chat admin' },
          ],
        },
      ],
    });
  });

  it('answers non-text with the menu by default and with text in nonTextMode text', () => {
    const menu = composeReply(profile, { kind: 'non_text', language: 'en' }) as ListBody;
    expect(menu.type).toBe('list');
    expect(menu.body).toBe('NONTEXT-EN\n\nESCALATION-EN');
    expect(
      composeReply(tinyProfile({ nonTextMode: 'text' }), { kind: 'non_text', language: 'en' }),
    ).toEqual({
      type: 'text',
      text: 'NONTEXT-EN',
    });
  });

  it('answers non-text with the refusal menu when the profile has no nonText text', () => {
    const { nonText: _omitted, ...withoutNonText } = tinyProfile();
    const menu = composeReply(withoutNonText, { kind: 'non_text', language: 'id' }) as ListBody;
    expect(menu.type).toBe('list');
    expect(menu.body.startsWith('REFUSAL-ID')).toBe(true);
  });

  it.each(['en', 'id', 'es', 'pt'])(
    'keeps every list within WhatsApp limits (%s, example profile)',
    (language) => {
      const body = composeReply(exampleProfile(), { kind: 'refusal', language }) as ListBody;
      const rows = body.sections.flatMap((section) => section.rows);
      expect(rows.length).toBeLessThanOrEqual(LIST_LIMITS.rows);
      expect(rows.every((row) => Array.from(row.title).length <= LIST_LIMITS.rowTitle)).toBe(true);
      expect(Array.from(body.body).length).toBeLessThanOrEqual(LIST_LIMITS.body);
      expect(Array.from(body.button).length).toBeLessThanOrEqual(LIST_LIMITS.button);
      expect(
        body.sections.every((s) => Array.from(s.title).length <= LIST_LIMITS.sectionTitle),
      ).toBe(true);
      expect(rows.at(-1)?.id).toBe('talk_to_human');
    },
  );

  it('confirms opt-out and opt-in in the keyword language, profile texts first', () => {
    expect(composeReply(profile, { kind: 'opt_out_confirmation', language: 'id' })).toMatchObject({
      type: 'text',
      text: expect.stringContaining('MULAI'),
    });
    // Portuguese is not one of this profile's languages: its default answers.
    expect(composeReply(profile, { kind: 'opt_out_confirmation', language: 'pt' })).toMatchObject({
      text: expect.stringContaining('START'),
    });
    expect(
      composeReply(exampleProfile(), { kind: 'opt_out_confirmation', language: 'pt' }),
    ).toMatchObject({ text: expect.stringContaining('COMEÇAR') });
    expect(composeReply(profile, { kind: 'opt_in_confirmation', language: 'id' })).toMatchObject({
      text: expect.stringContaining('BERHENTI'),
    });
    const custom = tinyProfile({ optOutConfirmation: { en: 'BYE' } });
    expect(composeReply(custom, { kind: 'opt_out_confirmation', language: 'en' })).toEqual({
      type: 'text',
      text: 'BYE',
    });
  });

  it('renders the general answer and the window template', () => {
    expect(composeReply(profile, { kind: 'general_answer', language: 'en' }, 'GEN')).toEqual({
      type: 'text',
      text: 'GEN',
    });
    const withTemplate = tinyProfile({ windowTemplate: { name: 'follow_up', language: 'en_US' } });
    expect(composeReply(withTemplate, { kind: 'template', language: 'en' })).toEqual({
      type: 'template',
      name: 'follow_up',
      language: 'en_US',
    });
    expect(() => composeReply(profile, { kind: 'template', language: 'en' })).toThrow(
      /windowTemplate/,
    );
    expect(() => composeReply(profile, { kind: 'answer', language: 'en', intent: 'nope' })).toThrow(
      /unknown intent/,
    );
  });
});

describe('menuIntentIds', () => {
  it('takes nine intents plus the handoff intent when the profile has more than ten', () => {
    const many = tinyProfile({
      intents: [
        ...Array.from({ length: 12 }, (_, i) => ({
          id: `intent_${i}`,
          title: { en: `Intent ${i}` },
          examples: { en: ['x'] },
          answer: { en: 'a' },
        })),
        {
          id: 'human',
          handoff: true,
          title: { en: 'Human' },
          examples: { en: ['x'] },
          answer: { en: 'a' },
        },
      ],
    });
    const ids = menuIntentIds(many);
    expect(ids).toHaveLength(10);
    expect(ids.at(-1)).toBe('human');
    expect(ids[8]).toBe('intent_8');
  });

  it('follows menuIntents when given', () => {
    expect(
      menuIntentIds(tinyProfile({ menuIntents: ['talk_to_human', 'repair_booking'] })),
    ).toEqual(['talk_to_human', 'repair_booking']);
  });
});

describe('truncate', () => {
  it.each([
    ['short', 5, 'short'],
    ['exactly', 7, 'exactly'],
    ['too long here', 8, 'too lon…'],
    ['☕☕☕☕', 3, '☕☕…'],
  ])('%j to %i → %j', (text, max, out) => {
    expect(truncate(text, max)).toBe(out);
  });
});
