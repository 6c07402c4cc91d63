/**
 * The fixture table (tests/fixtures/README.md: fixture → real URL → expected key), parsed without
 * any browser-driver dependency so the Chromium (Playwright) and Firefox (puppeteer) e2e share it.
 */
export interface FixtureRow {
  /** Path under tests/fixtures, e.g. 'jira/board-modal-en.html'. */
  fixture: string;
  host: string;
  url: string;
  /** Expected item key; null on pages with no item open. */
  key: string | null;
  /** The README marks it "(read null)": the URL names an item but the layout is not recognised. */
  layoutChanged: boolean;
  /** A self-hosted domain the user adds in the options (needs a granted origin permission). */
  customHost: boolean;
}

/** The rows of the README's table, from its markdown text. */
export function parseFixtureTable(md: string): FixtureRow[] {
  const rows: FixtureRow[] = [];
  for (const line of md.split('\n')) {
    if (!line.startsWith('| ') || line.startsWith('| fixture') || line.startsWith('|---')) continue;
    const cells = line.split('|').map((c) => c.trim());
    const [fixtureCell, url, keyCell] = [cells[1] ?? '', cells[2] ?? '', cells[3] ?? ''];
    const fixture = fixtureCell.split(' ')[0] ?? '';
    if (!fixture.endsWith('.html') || !/^https:\/\//.test(url)) continue;
    const key = keyCell === '-' ? null : (keyCell.split(' ')[0] ?? null);
    rows.push({
      fixture,
      host: fixture.split('/')[0] ?? '',
      url,
      key,
      layoutChanged: /\(read null\)/.test(keyCell),
      customHost: /custom host|self-hosted/.test(fixtureCell),
    });
  }
  return rows;
}
