/**
 * Test helper: Debian's Chromium driven by playwright-core (headless; WebGL comes up on
 * SwiftShader). `.ci/run` installs the `chromium` package. When the binary is missing, browser
 * tests must be reported as skipped with `skipWithoutChromium` as the reason, never pass
 * silently:
 *
 *   it('…', async (ctx) => {
 *     ctx.skip(skipWithoutChromium !== null, skipWithoutChromium ?? '');
 *     …
 *   });
 *
 * playwright-core is imported lazily, so importing this file costs nothing when Chromium is absent.
 */
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';

/** Where Debian's `chromium` package puts the browser. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Why browser tests cannot run here (null when they can). */
export const skipWithoutChromium: string | null = existsSync(CHROMIUM_PATH) ? null : `Chromium not found at ${CHROMIUM_PATH} (install Debian's 'chromium' package, as .ci/run does)`;

/** A headless Chromium; close it in afterAll. Throws when the binary is missing. */
export async function launchChromium(): Promise<Browser> {
  if (skipWithoutChromium !== null) throw new Error(skipWithoutChromium);
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true });
}
