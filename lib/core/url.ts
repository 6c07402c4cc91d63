/**
 * Links Liaison stores, renders as hrefs or writes into Markdown: only http(s), never
 * `javascript:`, `data:`, `vbscript:` or a URL with credentials (`https://acme.atlassian.net@evil.example`
 * reads like the host before the `@`). Pure: no browser APIs.
 */

/** The URL, normalised (`URL.href`), when it is an http(s) link without credentials; else undefined. */
export function safeHttpUrl(url: unknown): string | undefined {
  if (typeof url !== 'string' || url.length > 4000) return undefined;
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    return undefined;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return undefined;
  if (u.username || u.password) return undefined;
  return u.href;
}

export function isSafeHttpUrl(url: unknown): url is string {
  return safeHttpUrl(url) !== undefined;
}
