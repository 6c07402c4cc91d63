/**
 * A schema built on first use instead of at import: `lazySchema(() => z.object({...}))` has the
 * built schema's type and behaves like it (zod reaches its internals through property access,
 * which builds it). Two reasons: start-up of every context does not pay for schemas it never
 * parses with, and a bundle that only needs the pure functions next to a schema (the page's URL
 * detector) drops the schema and zod with it — call sites mark it `/* @__PURE__ *\/`.
 * No zod import here.
 */
export function lazySchema<T extends object>(build: () => T): T {
  let built: T | undefined;
  const get = (): T => (built ??= build());
  return new Proxy({} as T, {
    get: (_t, p) => {
      const s = get();
      const v = Reflect.get(s, p, s) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(s) : v;
    },
    has: (_t, p) => Reflect.has(get(), p),
    set: (_t, p, v) => Reflect.set(get(), p, v),
    ownKeys: () => Reflect.ownKeys(get()),
    getOwnPropertyDescriptor: (_t, p) => {
      const d = Reflect.getOwnPropertyDescriptor(get(), p);
      return d ? { ...d, configurable: true } : undefined;
    },
    getPrototypeOf: () => Reflect.getPrototypeOf(get()),
  });
}
