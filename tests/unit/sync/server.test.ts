/**
 * The test server itself: pouchdb-server issue 419 patched (a revision replicated with
 * new_edits:false is kept when a validate_doc_update exists), and no gzip (continuous feeds flush).
 */
import { describe, expect, it } from 'vitest';
import { startTestServer } from '../../sync-server/server.mjs';

async function replicatedEditKept(patch419: boolean): Promise<boolean> {
  const srv = await startTestServer({ patch419 });
  try {
    const auth = `Basic ${Buffer.from(`${srv.admin.user}:${srv.admin.pass}`).toString('base64')}`;
    const call = (path: string, init: RequestInit = {}) => fetch(`${srv.url}${path}`, { ...init, headers: { Authorization: auth, 'Content-Type': 'application/json' } });
    await call('/ws', { method: 'PUT' });
    await call('/ws/_design/v', { method: 'PUT', body: JSON.stringify({ validate_doc_update: 'function (n) { if (!n._deleted && typeof n.x !== "number") throw({ forbidden: "x" }); }' }) });
    const first = (await (await call('/ws/d1', { method: 'PUT', body: JSON.stringify({ x: 1 }) })).json()) as { rev: string };
    const [, id1] = first.rev.split('-');
    const r = await call('/ws/_bulk_docs', { method: 'POST', body: JSON.stringify({ new_edits: false, docs: [{ _id: 'd1', _rev: '2-abc', x: 2, _revisions: { start: 2, ids: ['abc', id1] } }] }) });
    expect(r.status).toBe(201);
    const now = (await (await call('/ws/d1')).json()) as { _rev: string; x: number };
    return now._rev === '2-abc' && now.x === 2;
  } finally {
    await srv.stop();
  }
}

describe('the CouchDB-protocol test server', () => {
  it('keeps an update replicated with new_edits:false under validate_doc_update (issue 419 patched; the stock server drops it)', async () => {
    expect(await replicatedEditKept(true)).toBe(true);
    expect(await replicatedEditKept(false)).toBe(false);
  });

  it('does not gzip responses (a continuous changes feed must flush)', async () => {
    const srv = await startTestServer();
    try {
      const r = await fetch(`${srv.url}/`, { headers: { 'Accept-Encoding': 'gzip' } });
      expect(r.headers.get('content-encoding')).toBeNull();
    } finally {
      await srv.stop();
    }
  });
});
