import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseProfile } from '../../lambda/core/profile/parse-profile.ts';
import {
  CHROMIUM_PATH,
  type HeadlessChromium,
  hasChromium,
  launchChromium,
} from '../../local/runtime/headless-chromium.ts';
import { DEFAULT_PROFILE } from '../../local/runtime/local-defaults.ts';
import type { LocalRuntime } from '../../local/runtime/local-runtime.ts';
import { chat, decisionRow, tapListRow } from '../../local/runtime/simulator-driver.ts';
import { startTestRuntime } from '../local/support/local-server.ts';

// CI installs Chromium (.ci/run); on a machine without it the suite is skipped, and says why.
const available = hasChromium();
const title = available
  ? 'Simulator in headless Chromium'
  : `Simulator in headless Chromium — SKIPPED: no browser at ${CHROMIUM_PATH} (apt-get install -y chromium)`;

const profile = parseProfile(readFileSync(DEFAULT_PROFILE, 'utf8'), DEFAULT_PROFILE);

function answersOf(intentId: string): string[] {
  const intent = profile.intents.find((candidate) => candidate.id === intentId);
  if (!intent) throw new Error(`example profile has no intent ${intentId}`);
  return Object.values(intent.answer).map((answer) => answer.trim());
}

describe.skipIf(!available)(title, () => {
  let runtime: LocalRuntime;
  let browser: HeadlessChromium;
  let page: Page;

  beforeAll(async () => {
    ({ runtime } = await startTestRuntime());
    browser = await launchChromium();
    page = await browser.context.newPage();
    await page.goto(runtime.url);
    await page.locator('.intents button').first().waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await runtime?.stop();
  });

  it('shows the answer bubble and an answered decision row for a scoped question', async () => {
    // Act
    const reply = await chat(page, 'where are my beans? ordered last week');
    const row = await decisionRow(page, 'answered', 'order_tracking');

    // Assess
    expect(answersOf('order_tracking')).toContain(reply.trim());
    expect(row).toContain('answered');
    expect(row.at(-1)).toMatch(/^\d+ ms$/);
  });

  it('shows the refusal with the menu list for an out-of-scope request', async () => {
    // Act
    const reply = await chat(page, 'write me a poem about the sea');
    await decisionRow(page, 'refused_out_of_scope');
    const listButtons = await page.locator('.bubble.in.interactive-list .list-button').count();

    // Assess
    expect(Object.values(profile.refusal).some((text) => reply.includes(text.trim()))).toBe(true);
    expect(listButtons).toBe(1);
  });

  it("answers a tapped list row with that intent's answer", async () => {
    // Act
    const reply = await tapListRow(page, 'roastery_visit');
    const row = await decisionRow(page, 'answered', 'roastery_visit');

    // Assess
    expect(answersOf('roastery_visit')).toContain(reply.trim());
    expect(row).toContain('roastery_visit');
    expect(await page.locator('.bubble.out').last().textContent()).toContain('Visit the roastery');
  });

  it('updates the metrics panel from the decisions', async () => {
    // Act
    await page.waitForFunction(() => document.getElementById('m-total')?.textContent === '3');

    // Assess
    expect(await page.locator('#m-answered').textContent()).toBe('2');
    expect(await page.locator('#m-refused').textContent()).toBe('1');
    expect(await page.locator('#m-rate').textContent()).toBe('33%');
  });
});
