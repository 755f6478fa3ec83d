// Drives the simulator page like a person would (type, send, open the menu, tap a row); shared by the
// screenshot script and the browser test so both exercise the same selectors.
import type { Page } from 'playwright-core';

const REPLY_TIMEOUT_MS = 20_000;

/** Types a message, sends it, and waits for the bot's next bubble. Returns that bubble's text. */
export async function chat(page: Page, text: string): Promise<string> {
  const before = await page.locator('.bubble.in').count();
  await page.fill('#message', text);
  await page.click('#send');
  const reply = page.locator('.bubble.in').nth(before);
  await reply.waitFor({ timeout: REPLY_TIMEOUT_MS });
  return (await reply.locator('.text').textContent()) ?? '';
}

/** Opens the list of the bot's latest menu and taps a row; waits for the bot's next bubble. */
export async function tapListRow(page: Page, rowId: string): Promise<string> {
  const before = await page.locator('.bubble.in').count();
  await page.locator('.bubble.in .list-button').last().click();
  await page.locator(`#sheet .row[data-row-id="${rowId}"]`).click();
  const reply = page.locator('.bubble.in').nth(before);
  await reply.waitFor({ timeout: REPLY_TIMEOUT_MS });
  return (await reply.locator('.text').textContent()) ?? '';
}

/** Waits for the decision log row of an outcome (and intent) to appear; returns its cells' text. */
export async function decisionRow(page: Page, outcome: string, intent?: string): Promise<string[]> {
  const rows = page.locator(`#decisions tbody tr[data-outcome="${outcome}"]`);
  const row = intent ? rows.filter({ hasText: intent }).first() : rows.first();
  await row.waitFor({ timeout: REPLY_TIMEOUT_MS });
  return row.locator('td').allTextContents();
}
