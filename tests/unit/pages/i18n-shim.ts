/**
 * WXT's fakeBrowser does not implement browser.i18n. The pages call `i18n.t` from '#i18n', which
 * calls browser.i18n.getMessage — so the tests install the real messages, compiled from
 * lib/i18n/locales/<lang>.yml exactly as the build compiles them, with Chrome's substitution rules.
 */
import { resolve } from 'node:path';
import { generateChromeMessages, parseMessagesFile } from '@wxt-dev/i18n/build';
import { fakeBrowser } from 'wxt/testing/fake-browser';

const cache = new Map<string, Record<string, { message: string }>>();

async function messages(lang: 'en' | 'ru'): Promise<Record<string, { message: string }>> {
  const hit = cache.get(lang);
  if (hit) return hit;
  const parsed = await parseMessagesFile(resolve(import.meta.dirname, `../../../lib/i18n/locales/${lang}.yml`));
  const out = generateChromeMessages(parsed) as Record<string, { message: string }>;
  cache.set(lang, out);
  return out;
}

/** Chrome's getMessage: $1…$9 from the substitutions, "$$" is a literal "$". Unknown key → "". */
export function chromeGetMessage(table: Record<string, { message: string }>, name: string, subs?: string | string[]): string {
  const entry = table[name];
  if (!entry) return '';
  const list = subs === undefined ? [] : Array.isArray(subs) ? subs : [subs];
  return entry.message.replace(/\$(\$|[1-9])/g, (_m, g: string) => (g === '$' ? '$' : (list[Number(g) - 1] ?? '')));
}

/** Install the messages of `lang` on the fake browser (call in beforeEach, after the setup's reset). */
export async function useLocale(lang: 'en' | 'ru'): Promise<void> {
  const table = await messages(lang);
  const i18n = fakeBrowser.i18n as unknown as Record<string, unknown>;
  i18n.getMessage = (name: string, subs?: string | string[]) => chromeGetMessage(table, name, subs);
  i18n.getUILanguage = () => lang;
}
