// PouchDB 9's split packages ship no types; the engine treats databases as `PouchDB` (lib/sync/engine.ts).
declare module 'pouchdb-core' {
  const PouchDB: { plugin(plugin: unknown): unknown; adapters: Record<string, unknown>; replicate?: unknown; new (name: string, options?: Record<string, unknown>): unknown };
  export default PouchDB;
}
declare module 'pouchdb-adapter-http' {
  const plugin: unknown;
  export default plugin;
}
declare module 'pouchdb-adapter-indexeddb' {
  const plugin: unknown;
  export default plugin;
}
declare module 'pouchdb-adapter-memory' {
  const plugin: unknown;
  export default plugin;
}
declare module 'pouchdb-replication' {
  const plugin: unknown;
  export default plugin;
}
