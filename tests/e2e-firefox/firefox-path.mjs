// Finds a Firefox to drive. Never silently skips: without one, the Firefox e2e run fails
// and says exactly how to install it (as tests/e2e/chromium-path.mjs does for Chromium).
import { existsSync } from 'node:fs';

const CANDIDATES = [
  '/usr/bin/firefox-esr',
  '/usr/bin/firefox',
  '/usr/lib/firefox-esr/firefox-esr',
  '/usr/lib/firefox/firefox',
  '/snap/bin/firefox',
  '/Applications/Firefox.app/Contents/MacOS/firefox',
  'C:\\Program Files\\Mozilla Firefox\\firefox.exe',
];

export const INSTALL_HINT =
  'No Firefox found. Install it with:\n  sudo apt-get update && sudo apt-get install -y firefox-esr\n' +
  'or point FIREFOX_PATH at a Firefox 140+ binary (FIREFOX_PATH=/path/to/firefox npm test).';

/** FIREFOX_PATH, else the first installed candidate; throws the install command when there is none. */
export function findFirefox(env = process.env, candidates = CANDIDATES) {
  const path = env.FIREFOX_PATH;
  if (path) {
    if (existsSync(path)) return path;
    throw new Error(`FIREFOX_PATH=${path} does not exist.\n${INSTALL_HINT}`);
  }
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(INSTALL_HINT);
  return found;
}
