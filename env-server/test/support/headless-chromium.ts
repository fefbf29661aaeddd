// Debian's chromium, headless with software GL (SwiftShader), driven by puppeteer-core. A missing browser fails
// the test with the installer to run, never a silent skip.
import { existsSync } from 'node:fs';
import puppeteer, { type Browser } from 'puppeteer-core';

const CHROMIUM = process.env.QFLOW_CHROMIUM ?? '/usr/bin/chromium';

/** WebGL on the CPU: SwiftShader through ANGLE (no GPU on CI machines). */
export const SOFTWARE_GL_ARGS = ['--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist'];

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`headless browser tests need Debian's chromium at ${CHROMIUM} (or set QFLOW_CHROMIUM): ` +
      'run .ci/install-chromium.sh as root');
  }
  return puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage', ...SOFTWARE_GL_ARGS],
  });
}
