// Finds a Chromium/Chrome to drive. Never silently skips: without one, the e2e run fails
// and says exactly how to install it.
import { existsSync } from 'node:fs';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/snap/bin/chromium',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/opt/google/chrome/chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
];

export const INSTALL_HINT =
  'No Chromium or Chrome found. Install it with:\n  sudo apt-get update && sudo apt-get install -y chromium\n' +
  'or point CHROME_PATH at a Chrome/Chromium binary (CHROME_PATH=/path/to/chrome npm test).';

export function findChromium() {
  const env = process.env.CHROME_PATH;
  if (env) {
    if (existsSync(env)) return env;
    throw new Error(`CHROME_PATH=${env} does not exist.\n${INSTALL_HINT}`);
  }
  const found = CANDIDATES.find((p) => existsSync(p));
  if (!found) throw new Error(INSTALL_HINT);
  return found;
}
