// Regenerates docs/simulator.png (the README's screenshot): starts the local runtime in memory, plays a short
// conversation in headless Chromium (a scoped question, an out-of-scope request, a tap on the menu), shoots.
//   npx tsx local/screenshot.ts [output.png]
import { resolve } from 'node:path';
import { CHROMIUM_PATH, hasChromium, launchChromium } from './runtime/headless-chromium.ts';
import { OffsetClock } from './runtime/local-clock.ts';
import { DEFAULT_POLICY, DEFAULT_PROFILE, LOCAL_SECRETS } from './runtime/local-defaults.ts';
import { startLocalRuntime } from './runtime/local-runtime.ts';
import { chat, tapListRow } from './runtime/simulator-driver.ts';

async function main(output: string): Promise<number> {
  if (!hasChromium()) {
    process.stderr.write(`no Chromium at ${CHROMIUM_PATH}: apt-get install -y chromium\n`);
    return 1;
  }
  const runtime = await startLocalRuntime({
    port: 0,
    secrets: LOCAL_SECRETS,
    profilePath: DEFAULT_PROFILE,
    policyPath: DEFAULT_POLICY,
    ddb: 'dynalite',
    dataDir: undefined,
    clock: new OffsetClock(),
  });
  const browser = await launchChromium();
  try {
    const page = await browser.context.newPage();
    await page.goto(runtime.url);
    await page.locator('.intents button').first().waitFor();
    // A username-only (BSUID) user first, so the log shows two chats.
    await page.selectOption('#user-select', 'ID.5830174629384756102');
    await chat(page, 'can you write my thesis introduction?');
    await page.selectOption('#user-select', '6281234567890');
    await chat(page, 'where are my beans? ordered last week');
    await chat(page, 'do you ship to Surabaya?');
    await chat(page, "what's the weather in Bandung tomorrow?");
    await tapListRow(page, 'roastery_visit');
    await page.locator('#decisions tbody tr').nth(4).waitFor();
    // Let the row highlight fade so the screenshot shows the steady state.
    await page.waitForTimeout(1_500);
    await page.screenshot({ path: output });
    process.stdout.write(`wrote ${output}\n`);
    return 0;
  } finally {
    await browser.close();
    await runtime.stop();
  }
}

process.exitCode = await main(resolve(process.argv[2] ?? 'docs/simulator.png'));
