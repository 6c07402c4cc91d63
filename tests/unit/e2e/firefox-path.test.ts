// The Firefox e2e never skips: without a Firefox it fails and prints the install command.
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM helper without types
import { findFirefox, INSTALL_HINT } from '../../e2e-firefox/firefox-path.mjs';

describe('findFirefox', () => {
  it('fails with the install command when no Firefox is installed', () => {
    expect(() => findFirefox({}, ['/nonexistent/firefox-esr', '/nonexistent/firefox'])).toThrow(INSTALL_HINT);
    expect(INSTALL_HINT).toContain('sudo apt-get update && sudo apt-get install -y firefox-esr');
  });
  it('fails on a FIREFOX_PATH that does not exist, and says how to install', () => {
    expect(() => findFirefox({ FIREFOX_PATH: '/nonexistent/ff' }, [process.execPath])).toThrow(/FIREFOX_PATH=\/nonexistent\/ff does not exist[\s\S]*apt-get install -y firefox-esr/);
  });
  it('uses FIREFOX_PATH, else the first installed candidate', () => {
    expect(findFirefox({ FIREFOX_PATH: process.execPath }, [])).toBe(process.execPath);
    expect(findFirefox({}, ['/nonexistent/firefox', process.execPath])).toBe(process.execPath);
  });
});
