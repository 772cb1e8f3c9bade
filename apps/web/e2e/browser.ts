import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/**
 * Whether the end-to-end tests can run. In CI (`CI` set) Chromium is required: `.ci/run` installs
 * it, so its absence is a failure, not a skip. Locally they are skipped with a loud warning.
 */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  const how = `install it with: sudo apt-get install -y chromium (Debian/Ubuntu), then run the tests again`;
  if (process.env.CI) throw new Error(`E2E tests need Chromium at ${CHROMIUM}: ${how}`);
  console.warn(
    `\n${'!'.repeat(78)}\n!!! E2E TESTS SKIPPED: no Chromium at ${CHROMIUM}\n!!! ${how}\n${'!'.repeat(78)}\n`,
  );
  return false;
}

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    // `playwright install` cannot run here; Debian's Chromium with the flags a container needs.
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-quic',
    ],
  });
}

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

/** Screenshots go to test-output/ (git-ignored), to be looked at, not compared. */
export const screenshotDir = fileURLToPath(new URL('../test-output/screenshots', import.meta.url));

/** The page at desktop and phone width, full length; restores the desktop viewport. */
export async function shoot(page: Page, name: string): Promise<void> {
  await mkdir(screenshotDir, { recursive: true });
  // From the top: a full-page shot of a scrolled page draws the sticky header mid-page.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.setViewportSize(DESKTOP);
  await page.screenshot({ path: `${screenshotDir}/${name}-desktop.png`, fullPage: true });
  await page.setViewportSize(PHONE);
  await page.screenshot({ path: `${screenshotDir}/${name}-phone.png`, fullPage: true });
  await page.setViewportSize(DESKTOP);
}
