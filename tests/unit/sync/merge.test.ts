import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fold, type Op, type StoredDoc } from '@/lib/store/doc';
import { canonicalJson, losingValues, mergeStoredDocs, sameContent } from '@/lib/store/merge';
import { resolveBranches } from '@/lib/sync/resolve';
import { toCouch } from '@/lib/sync/docs';
import { formatHlc } from '@/lib/store/hlc';

const ITEM = 'jira:acme.atlassian.net:issue:MKT-1';
const NOW = Date.parse('2026-05-01T10:00:00.000Z');

/**
 * Replicas of one itemMeta document built the way the store builds them: each device folds its
 * own operations (set role / a date / the brief, add or remove notes, delete, restore) onto what
 * it had seen. Random clocks (including equal wall times) exercise ties.
 */
const deviceArb = fc.constantFrom('dev-a', 'dev-b', 'dev-c');
const opArb = fc.record({
  device: deviceArb,
  wall: fc.integer({ min: 0, max: 50 }),
  kind: fc.constantFrom('role', 'date', 'brief', 'note', 'unnote', 'delete', 'restore'),
  value: fc.constantFrom('a', 'b', 'c'),
});

function makeOp(o: { device: string; wall: number; kind: string; value: string }, counter: number): Op {
  const hlc = formatHlc({ wall: NOW + o.wall, counter, node: `${o.device}~x` });
  const base: Op = { v: 1, collection: 'itemMeta', id: ITEM, hlc, at: new Date(NOW + o.wall).toISOString(), by: { device: o.device } };
  switch (o.kind) {
    case 'role':
      return { ...base, set: { key: ITEM, role: o.value === 'a' ? 'campaign' : o.value === 'b' ? 'release' : 'lead' }, deleted: false };
    case 'date':
      return { ...base, set: { key: ITEM, [`dates.${o.value === 'a' ? 'launch' : 'release'}`]: `2026-06-0${o.value === 'c' ? 3 : 1}` }, deleted: false };
    case 'brief':
      return { ...base, set: { key: ITEM, briefTemplateId: `tpl-${o.value}` }, deleted: false };
    case 'note':
      return { ...base, set: { key: ITEM }, deleted: false, add: { notes: [{ text: `note ${o.value}`, by: o.device, at: `2026-05-0${1 + (o.wall % 3)}T00:00:00.000Z` }] } };
    case 'unnote':
      return { ...base, del: { notes: [`2026-05-0${1 + (o.wall % 3)}T00:00:00.000Z|${o.device}|note ${o.value}`] } };
    case 'delete':
      return { ...base, deleted: true };
    default:
      return { ...base, set: { key: ITEM, role: 'campaign' }, deleted: false };
  }
}

/** Three replicas, each folding a random subset of the operations (what each device had seen). */
const replicasArb = fc
  .tuple(fc.array(opArb, { minLength: 1, maxLength: 12 }), fc.array(fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }), { minLength: 3, maxLength: 3 }))
  .map(([ops, masks]) => {
    const all = ops.map((o, i) => makeOp(o, i));
    return masks
      .map((mask) => all.filter((_, i) => mask[i]))
      .filter((subset) => subset.length > 0)
      .map((subset) => fold('itemMeta', ITEM, undefined, subset).doc);
  })
  .filter((r) => r.length >= 2);

describe('mergeStoredDocs is a join (fast-check)', () => {
  it('is commutative, associative and idempotent on documents the store produces', () => {
    fc.assert(
      fc.property(replicasArb, (docs) => {
        const [a, b] = docs as [StoredDoc, StoredDoc];
        const c = docs[2] ?? a;
        expect(sameContent(mergeStoredDocs(a, b), mergeStoredDocs(b, a))).toBe(true);
        expect(sameContent(mergeStoredDocs(mergeStoredDocs(a, b), c), mergeStoredDocs(a, mergeStoredDocs(b, c)))).toBe(true);
        expect(sameContent(mergeStoredDocs(a, a), a)).toBe(true);
        const ab = mergeStoredDocs(a, b);
        expect(sameContent(mergeStoredDocs(ab, b), ab)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('every branch order folds to the same document, and no value is lost without an audit entry', () => {
    fc.assert(
      fc.property(replicasArb, fc.nat(), (docs, seed) => {
        const branches = docs.map((d, i) => ({ rev: `2-${String.fromCharCode(97 + i)}${i}`, body: { ...toCouch(d, { user: `u${i}` }), _rev: `2-${String.fromCharCode(97 + i)}${i}` } }));
        const shuffled = [...branches].sort((x, y) => ((canonicalJson(x.rev).charCodeAt(3) * (seed + 7)) % 11) - ((canonicalJson(y.rev).charCodeAt(3) * (seed + 7)) % 11));
        const r1 = resolveBranches(branches[0]!.rev, branches, { now: NOW });
        const r2 = resolveBranches(branches[0]!.rev, shuffled, { now: NOW });
        expect(r1.merged && r2.merged && sameContent(r1.merged, r2.merged)).toBe(true);
        // Any arrival order of branches (pairwise folds) converges to the same value.
        const pairwise = shuffled.map((b) => resolveBranches(b.rev, [b], { now: NOW }).merged!).reduce((m, d) => mergeStoredDocs(m, d));
        expect(sameContent(pairwise, r1.merged!)).toBe(true);
        // Every field value a branch had and the result does not show is in the audit.
        for (const d of docs) {
          for (const loss of losingValues(d, r1.merged!)) {
            expect(r1.audit.some((e) => e.field === loss.field && canonicalJson(e.before) === canonicalJson(loss.before))).toBe(true);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('two replicas that resolved the same conflict write nothing more (no ping-pong)', () => {
    fc.assert(
      fc.property(replicasArb, (docs) => {
        const branches = docs.map((d, i) => ({ rev: `2-r${i}`, body: { ...toCouch(d, { user: `u${i}` }), _rev: `2-r${i}` } }));
        const first = resolveBranches('2-r0', branches, { now: NOW });
        // Both browsers write the same content as a child (different authors): the next round writes nothing.
        const childA = { rev: '3-a', body: { ...toCouch(first.merged!, { user: 'alice' }), _rev: '3-a' } };
        const childB = { rev: '3-b', body: { ...toCouch(first.merged!, { user: 'bob' }), _rev: '3-b' } };
        const second = resolveBranches('3-b', [childA, childB], { now: NOW });
        expect(second.write).toBe(false);
        expect(second.deleteRevs).toEqual(['3-a']);
      }),
      { numRuns: 100 },
    );
  });
});

describe('merge rules, by hand', () => {
  const doc = (over: Partial<StoredDoc>): StoredDoc => ({
    v: 1,
    id: ITEM,
    collection: 'itemMeta',
    rev: 1,
    hlc: formatHlc({ wall: NOW, counter: 0, node: 'dev-a~x' }),
    updatedAt: new Date(NOW).toISOString(),
    updatedBy: { device: 'dev-a' },
    data: { key: ITEM },
    clocks: {},
    ...over,
  });
  const h = (ms: number, dev = 'dev-a') => formatHlc({ wall: NOW + ms, counter: 0, node: `${dev}~x` });

  it('per field the later clock wins, map keys separately, notes as a set; the loser is reported', () => {
    const a = doc({ hlc: h(5), data: { key: ITEM, role: 'campaign', dates: { launch: '2026-06-01' }, notes: [{ text: 'from A', by: 'ann', at: '2026-05-01T00:00:00.000Z' }] }, clocks: { key: h(0), role: h(5), 'dates.launch': h(1) }, elems: { notes: { '2026-05-01T00:00:00.000Z|ann|from A': { hlc: h(1) } } } });
    const b = doc({ hlc: h(9, 'dev-b'), updatedBy: { device: 'dev-b' }, data: { key: ITEM, role: 'release', dates: { release: '2026-07-01' }, notes: [{ text: 'from B', by: 'bob', at: '2026-05-02T00:00:00.000Z' }] }, clocks: { key: h(0), role: h(3, 'dev-b'), 'dates.release': h(9, 'dev-b') }, elems: { notes: { '2026-05-02T00:00:00.000Z|bob|from B': { hlc: h(9, 'dev-b') } } } });
    const m = mergeStoredDocs(a, b);
    expect(m.data).toEqual({
      key: ITEM,
      role: 'campaign',
      dates: { launch: '2026-06-01', release: '2026-07-01' },
      notes: [
        { text: 'from A', by: 'ann', at: '2026-05-01T00:00:00.000Z' },
        { text: 'from B', by: 'bob', at: '2026-05-02T00:00:00.000Z' },
      ],
    });
    expect(m.updatedBy).toEqual({ device: 'dev-b' });
    expect(losingValues(b, m)).toEqual([expect.objectContaining({ field: 'role', before: 'release', after: 'campaign', kind: 'conflict' })]);
    expect(losingValues(a, m)).toEqual([]);
  });

  it('a tombstone with the later clock hides the document; a later restore brings it back', () => {
    const a = doc({ data: { key: ITEM, role: 'campaign' }, clocks: { key: h(0), role: h(1), $deleted: h(0) } });
    const del = doc({ hlc: h(5), deleted: true, data: {}, clocks: { key: h(5), role: h(5), $deleted: h(5) } });
    expect(mergeStoredDocs(a, del).deleted).toBe(true);
    const restore = doc({ hlc: h(8), data: { key: ITEM, role: 'lead' }, clocks: { key: h(8), role: h(8), $deleted: h(8) } });
    const m = mergeStoredDocs(mergeStoredDocs(a, del), restore);
    expect(m.deleted).toBeUndefined();
    expect(m.data.role).toBe('lead');
  });
});
