// Headless Chromium for the simulator's screenshot and browser test: Debian's /usr/bin/chromium driven by
// playwright-core (no browser download), with the flags that keep it off the network on a closed machine.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function hasChromium(): boolean {
  return existsSync(CHROMIUM_PATH);
}

export interface HeadlessChromium {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/** A fresh profile directory per launch, so no state leaks between runs. */
export async function launchChromium(
  viewport = { width: 1440, height: 860 },
): Promise<HeadlessChromium> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'scoped-responder-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport,
    deviceScaleFactor: 1,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
