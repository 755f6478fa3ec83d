// Loads the hand-written WhatsApp webhook fixtures in test/fixtures/whatsapp, as the exact text Meta would send.
import { readdirSync, readFileSync } from 'node:fs';

const FIXTURES = new URL('../fixtures/whatsapp/', import.meta.url);

/** The fixture's raw text (sign this, never a re-serialisation). */
export function readWhatsAppFixture(name: string): string {
  return readFileSync(new URL(`${name}.json`, FIXTURES), 'utf8');
}

export function whatsAppFixtureNames(): string[] {
  return readdirSync(FIXTURES)
    .filter((file) => file.endsWith('.json'))
    .map((file) => file.slice(0, -'.json'.length))
    .sort();
}
