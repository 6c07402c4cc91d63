/**
 * Personal settings in `browser.storage.sync` (they follow the user to their other browsers).
 *
 * Quotas (Chrome): 8,192 bytes per item (key + JSON value), 102,400 bytes in all, 512 items.
 * The settings are stored as `settings` (a header) plus `settings.<n>` chunks when the JSON does
 * not fit in one item. A value that would exceed the total quota is refused with a
 * SettingsQuotaError that says what is too large — never dropped silently.
 */
import { browser } from 'wxt/browser';
import { SettingsSchema, type Settings } from '../core/schemas';

export const SYNC_QUOTA = { perItem: 8192, total: 102400, maxItems: 512 } as const;
/** Bytes kept free of the total for other sync keys. */
const TOTAL_MARGIN = 2048;
const KEY = 'settings';
const CHUNK_PREFIX = 'settings.';

export class SettingsQuotaError extends Error {
  constructor(
    readonly bytes: number,
    readonly limit: number,
  ) {
    super(
      `Your settings need ${bytes.toLocaleString('en')} bytes but browser sync allows ${limit.toLocaleString('en')}. ` +
        `Remove some custom hosts (or other long lists) and save again; nothing was saved.`,
    );
    this.name = 'SettingsQuotaError';
  }
}

/**
 * The stored settings could not be read completely (storage.sync still bringing chunks from another
 * browser, or written by a newer Liaison): saving now would replace them with defaults, so nothing is saved.
 */
export class SettingsUnreadableError extends Error {
  constructor(readonly problem: string) {
    super(
      `Liaison could not read your saved settings completely (${problem}), so it did not save over them. ` +
        'If browser sync is still bringing them from another computer, wait a minute and reload this page.',
    );
    this.name = 'SettingsUnreadableError';
  }
}

export class SettingsValidationError extends Error {
  constructor(readonly issues: Array<{ path: string; message: string }>) {
    super(`These settings are not valid: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`);
    this.name = 'SettingsValidationError';
  }
}

function bytes(s: string): number {
  return new TextEncoder().encode(s).length;
}

/** How an item is counted by Chrome: key length + JSON length of the value. */
export function itemBytes(key: string, value: unknown): number {
  return bytes(key) + bytes(JSON.stringify(value));
}

interface Header {
  v: 1;
  /** Settings inline when they fit in one item. */
  inline?: unknown;
  /** Else the number of chunks settings.0 … settings.<n-1> holding one JSON string. */
  chunks?: number;
}

/** Split the settings into sync items; throws SettingsQuotaError when they cannot fit. */
export function encodeSettings(settings: Settings): Record<string, unknown> {
  const inlineHeader: Header = { v: 1, inline: settings };
  if (itemBytes(KEY, inlineHeader) <= SYNC_QUOTA.perItem) return { [KEY]: inlineHeader };
  const json = JSON.stringify(settings);
  // Chunk by characters, checking each chunk's byte size (multi-byte text counts more).
  const items: Record<string, unknown> = {};
  let i = 0;
  let pos = 0;
  while (pos < json.length) {
    let len = Math.min(json.length - pos, 7000);
    while (itemBytes(`${CHUNK_PREFIX}${i}`, json.slice(pos, pos + len)) > SYNC_QUOTA.perItem) len = Math.floor(len * 0.8);
    items[`${CHUNK_PREFIX}${i}`] = json.slice(pos, pos + len);
    pos += len;
    i += 1;
  }
  items[KEY] = { v: 1, chunks: i } satisfies Header;
  const total = Object.entries(items).reduce((n, [k, v]) => n + itemBytes(k, v), 0);
  const limit = SYNC_QUOTA.total - TOTAL_MARGIN;
  if (total > limit) throw new SettingsQuotaError(total, limit);
  return items;
}

/**
 * Settings saved by earlier versions, brought to the current shape before validation (the schema is
 * strict: an unknown key would otherwise throw every other setting away):
 * - `panelCollapsed` (a global "collapsed" flag no view ever read) is dropped: the panel opens
 *   collapsed to its verdict line and remembers expanded/collapsed per host (lib/panel/prefs.ts).
 */
export function migrateSettings(raw: unknown): unknown {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw) || !('panelCollapsed' in raw)) return raw;
  const { panelCollapsed: _dropped, ...rest } = raw as Record<string, unknown>;
  void _dropped;
  return rest;
}

/** Reassemble settings from sync items; invalid or missing → defaults (never throws). */
export function decodeSettings(items: Record<string, unknown>): { settings: Settings; problem?: string } {
  const header = items[KEY] as Header | undefined;
  const defaults = SettingsSchema.parse({});
  if (!header || typeof header !== 'object') {
    // Chunks without their header: sync has delivered part of the settings.
    if (Object.keys(items).some((k) => k.startsWith(CHUNK_PREFIX))) return { settings: defaults, problem: 'the settings header has not arrived yet (sync still in progress?)' };
    return { settings: defaults };
  }
  if (header.v !== 1) return { settings: defaults, problem: `the settings were saved by a newer Liaison (format ${String(header.v)})` };
  let raw: unknown = header.inline;
  if (header.chunks !== undefined) {
    let json = '';
    for (let i = 0; i < header.chunks; i++) {
      const part = items[`${CHUNK_PREFIX}${i}`];
      if (typeof part !== 'string') return { settings: defaults, problem: `settings chunk ${i} of ${header.chunks} is missing (sync still in progress?)` };
      json += part;
    }
    try {
      raw = JSON.parse(json);
    } catch {
      return { settings: defaults, problem: 'stored settings are not valid JSON' };
    }
  }
  const parsed = SettingsSchema.safeParse(migrateSettings(raw));
  if (!parsed.success) return { settings: defaults, problem: `stored settings are not valid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` };
  return { settings: parsed.data };
}

export async function getSettings(): Promise<Settings> {
  return (await readSettings()).settings;
}

/** The settings and, when they could not be read completely, why (the options page says so; saving is refused). */
export async function readSettings(): Promise<{ settings: Settings; problem?: string }> {
  const items = (await browser.storage.sync.get(null)) as Record<string, unknown>;
  return decodeSettings(items);
}

/** The clock-skew bound of the user's settings, in ms (lib/store/hlc.ts). */
export async function readMaxSkewMs(): Promise<number> {
  return (await getSettings()).maxClockSkewMinutes * 60_000;
}

/**
 * Merge `changes` into the stored settings and save them. Throws SettingsValidationError,
 * SettingsQuotaError, or SettingsUnreadableError when the stored settings could not be read
 * completely (nothing is written then; `overwriteUnreadable` replaces them on purpose).
 */
export async function saveSettings(changes: Partial<Settings>, opts: { overwriteUnreadable?: boolean } = {}): Promise<Settings> {
  const read = await readSettings();
  if (read.problem && !opts.overwriteUnreadable) throw new SettingsUnreadableError(read.problem);
  const current = read.settings;
  const parsed = SettingsSchema.safeParse({ ...current, ...changes });
  if (!parsed.success) throw new SettingsValidationError(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  const items = encodeSettings(parsed.data);
  const existing = await browser.storage.sync.get(null);
  const stale = Object.keys(existing).filter((k) => k.startsWith(CHUNK_PREFIX) && !(k in items));
  await browser.storage.sync.set(items);
  if (stale.length) await browser.storage.sync.remove(stale);
  return parsed.data;
}

/** Calls back with the settings whenever they change in any context. Returns unsubscribe. */
export function watchSettings(cb: (settings: Settings) => void): () => void {
  const listener = (changes: Record<string, unknown>, area: string) => {
    if (area !== 'sync') return;
    if (!Object.keys(changes).some((k) => k === KEY || k.startsWith(CHUNK_PREFIX))) return;
    void getSettings().then(cb);
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}
