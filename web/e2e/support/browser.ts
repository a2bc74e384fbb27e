/**
 * Chromium for browser tests: Debian's /usr/bin/chromium driven by playwright-core (Playwright's
 * own browser download cannot work here; see shared/docs/OFFLINE.md). CHROMIUM_PATH overrides.
 */
import { chromium, type Browser } from 'playwright-core';

/** `extraArgs`: more Chromium switches, e.g. `--host-resolver-rules=MAP docket.lan 127.0.0.1`. */
export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
}
