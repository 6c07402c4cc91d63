/**
 * The conflict resolver (pure). When a workspace document has `_conflicts` (two browsers wrote it
 * while apart), every branch is folded with the store's join (lib/store/merge.ts). The result is
 * written as a child of the winning revision only if it differs from it, and the other branches
 * are closed. Every value that lost goes to the audit log.
 *
 * Why two browsers resolving the same conflict at once do not write back and forth: the join does
 * not depend on the order of the branches and content equality ignores who wrote a revision, so
 * both compute the same document; the first round may leave two equal children (they differ only
 * in `updatedBy`), and the next round sees equal content and only closes the loser.
 */
import type { StoredDoc } from '../store/doc';
import { canonicalJson, losingValues, mergeStoredDocs, sameContent } from '../store/merge';
import type { AuditEntry } from '../store/types';
import { checkIncoming } from './docs';

export interface Branch {
  rev: string;
  body: unknown;
}

export interface Resolution {
  /** The join of every valid branch (null when no branch is valid). */
  merged: StoredDoc | null;
  /** Write `merged` as a child of `parentRev` (it differs from that revision's content). */
  write: boolean;
  parentRev?: string;
  /** `createdBy` of the parent revision (kept by the new revision). */
  createdBy?: string;
  /** Valid losing branches to close (deleted). Invalid branches are never deleted here. */
  deleteRevs: string[];
  invalid: Array<{ rev: string; reason: string; body: unknown }>;
  audit: AuditEntry[];
}

/** CouchDB's winner order: the longer revision path, then the greater revision id. */
export function revOrder(a: string, b: string): number {
  const [ga, ia] = splitRev(a);
  const [gb, ib] = splitRev(b);
  if (ga !== gb) return ga - gb;
  return ia < ib ? -1 : ia > ib ? 1 : 0;
}

function splitRev(rev: string): [number, string] {
  const i = rev.indexOf('-');
  return [Number(rev.slice(0, i)) || 0, rev.slice(i + 1)];
}

export function resolveBranches(winnerRev: string, branches: readonly Branch[], opts: { now: number; maxSkewMs?: number }): Resolution {
  const valid: Array<{ rev: string; doc: StoredDoc; createdBy: string }> = [];
  const invalid: Resolution['invalid'] = [];
  for (const b of branches) {
    const r = checkIncoming(b.body, opts);
    if (r.ok) valid.push({ rev: b.rev, doc: r.doc, createdBy: r.couch.createdBy });
    else if (r.code !== 'not-ours') invalid.push({ rev: b.rev, reason: r.reason, body: b.body });
  }
  if (!valid.length) return { merged: null, write: false, deleteRevs: [], invalid, audit: [] };
  // Fold in a fixed order (the result does not depend on it; the audit order does).
  valid.sort((x, y) => revOrder(y.rev, x.rev));
  let merged = valid[0]!.doc;
  for (const v of valid.slice(1)) merged = mergeStoredDocs(merged, v.doc);
  const parent = valid.find((v) => v.rev === winnerRev) ?? valid[0]!;
  const audit: AuditEntry[] = [];
  const seen = new Set<string>();
  for (const v of valid) {
    for (const e of losingValues(v.doc, merged, 'conflict')) {
      const k = `${e.field}|${e.hlc}|${canonicalJson(e.before)}`;
      if (seen.has(k)) continue;
      seen.add(k);
      audit.push(e);
    }
  }
  return {
    merged,
    write: !sameContent(merged, parent.doc),
    parentRev: parent.rev,
    createdBy: parent.createdBy,
    deleteRevs: valid.filter((v) => v !== parent).map((v) => v.rev),
    invalid,
    audit,
  };
}
