/**
 * Small hand-written checks for the hosts' REST answers (adapter.fetchMissing). The adapters run
 * on host pages, in the per-host scripts, where zod is not shipped (issue 17): these keep the same
 * contract as the zod schemas they replace — a field of the wrong type refuses the whole answer,
 * null/undefined count as absent — with no dependency.
 */
export type Json = Record<string, unknown>;

export const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A string, or absent (null/undefined). Anything else: the answer is refused. */
export class RestShapeError extends Error {}

export function optString(o: Json, key: string): string | undefined {
  const v = o[key];
  if (v === null || v === undefined) return undefined;
  if (typeof v !== 'string') throw new RestShapeError(`${key}: not a string`);
  return v;
}

export function reqString(o: Json, key: string): string {
  const v = o[key];
  if (typeof v !== 'string') throw new RestShapeError(`${key}: missing`);
  return v;
}

/** An object, or absent. */
export function optObj(o: Json, key: string): Json | undefined {
  const v = o[key];
  if (v === null || v === undefined) return undefined;
  if (!isObj(v)) throw new RestShapeError(`${key}: not an object`);
  return v;
}

export function reqObj(o: Json, key: string): Json {
  const v = o[key];
  if (!isObj(v)) throw new RestShapeError(`${key}: missing`);
  return v;
}

/** An array whose items pass `item`, or absent. */
export function optArray<T>(o: Json, key: string, item: (v: unknown) => T): T[] | undefined {
  const v = o[key];
  if (v === null || v === undefined) return undefined;
  if (!Array.isArray(v)) throw new RestShapeError(`${key}: not a list`);
  return v.map(item);
}

export function stringItem(v: unknown): string {
  if (typeof v !== 'string') throw new RestShapeError('list item: not a string');
  return v;
}
