/**
 * PouchDB for the background (MV3 service worker, Firefox background page): the IndexedDB
 * adapter (no localStorage, no XHR: it works in a worker), the http adapter (fetch) and
 * replication. Imported only by lib/background/team-sync.ts, so pages and content scripts never
 * carry PouchDB.
 */
import PouchDB from 'pouchdb-core';
import IndexedDbAdapter from 'pouchdb-adapter-indexeddb';
import HttpAdapter from 'pouchdb-adapter-http';
import Replication from 'pouchdb-replication';
import type { PouchCtor } from './engine';

export function browserPouch(): PouchCtor {
  if (!PouchDB.adapters.indexeddb) PouchDB.plugin(IndexedDbAdapter);
  if (!PouchDB.adapters.http) PouchDB.plugin(HttpAdapter);
  if (!PouchDB.replicate) PouchDB.plugin(Replication);
  return PouchDB;
}
