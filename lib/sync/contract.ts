/**
 * Team workspace — the contract between the background's replication engine (lib/sync, the
 * background service) and the pages that show or control it (options, popup, panel, welcome).
 *
 * Where things live (storage.local only, never storage.sync; credentials are never logged):
 *   TEAM_CONFIG_KEY       the workspace a browser is connected to (TeamConfig), or absent
 *   TEAM_CREDENTIALS_KEY  { password } kept for basic auth, or { cookie } for a CouchDB session
 *   TEAM_STATUS_KEY       the replication state (SyncStatus), written by the background only;
 *                         pages read it and follow storage.onChanged
 *
 * Messages (extension pages → background; refused from content scripts): see TeamMessageSchemas.
 * No browser APIs here: pure zod schemas and types.
 */
import { z } from 'zod';
import { lazySchema } from '../core/lazy-schema';

export const TEAM_CONFIG_KEY = 'team:config';
export const TEAM_CREDENTIALS_KEY = 'team:credentials';
export const TEAM_STATUS_KEY = 'team:status';

const Instant = /* @__PURE__ */ lazySchema(() => z.iso.datetime({ offset: true }));

/** CouchDB database names: lower-case letter first, then a-z 0-9 _ $ ( ) + - / (max 238). */
export const DbNameSchema = /* @__PURE__ */ lazySchema(() => z
  .string()
  .min(1)
  .max(238)
  .regex(/^[a-z][a-z0-9_$()+/-]*$/, 'a database name starts with a lower-case letter and uses a-z, 0-9 and _$()+-/'));

/** The server's base URL (https; plain http only on loopback), without the database. */
export const ServerUrlSchema = /* @__PURE__ */ lazySchema(() => z
  .string()
  .max(2000)
  .refine((s) => {
    try {
      const u = new URL(s);
      if (u.username || u.password) return false;
      if (u.protocol === 'https:') return true;
      return u.protocol === 'http:' && isLoopback(u.hostname);
    } catch {
      return false;
    }
  }, 'use an https:// address (plain http only for 127.0.0.1 / localhost), with no user name or password in it'));

export function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

export const TeamConfigSchema = /* @__PURE__ */ lazySchema(() => z
  .object({
    url: ServerUrlSchema,
    db: DbNameSchema,
    user: z.string().min(1).max(200),
    /** 'cookie': the password was exchanged once for a `_session` cookie; 'basic': kept for basic auth. */
    auth: z.enum(['cookie', 'basic']),
    /** When this browser joined the workspace. */
    connectedAt: Instant,
  })
  .strict());
export type TeamConfig = z.infer<typeof TeamConfigSchema>;

export const TeamCredentialsSchema = /* @__PURE__ */ lazySchema(() => z
  .object({
    password: z.string().max(1000).optional(),
    cookie: z.string().max(8000).optional(),
  })
  .strict());
export type TeamCredentials = z.infer<typeof TeamCredentialsSchema>;

/** Why a connection test or a sync failed, each with a precise message for a person. */
export const SyncErrorCodeSchema = /* @__PURE__ */ lazySchema(() => z.enum([
  'unreachable', // DNS, refused, timeout
  'tls', // certificate or TLS handshake
  'unauthorized', // 401: wrong user name or password
  'forbidden', // 401/403 on the database: signed in but not a member
  'no-db', // 404 on the database
  'not-couchdb', // the URL answers, but not as a CouchDB-protocol server
  'insecure', // http:// to a non-loopback host
  'permission', // the origin's host permission was not granted
  'rejected', // the server refused a document (validate_doc_update)
  'invalid', // a malformed config or response
  'unknown',
]));
export type SyncErrorCode = z.infer<typeof SyncErrorCodeSchema>;

export const SyncErrorSchema = /* @__PURE__ */ lazySchema(() => z
  .object({ code: SyncErrorCodeSchema, message: z.string().min(1).max(2000), at: Instant, httpStatus: z.number().int().optional() })
  .strict());
export type SyncError = z.infer<typeof SyncErrorSchema>;

export const SyncStatusSchema = /* @__PURE__ */ lazySchema(() => z
  .object({
    /**
     * off: no workspace; connecting: first contact / initial sync; syncing: transferring now;
     * idle: connected and up to date; offline: server not reachable (retrying with back-off);
     * error: a problem a person must fix (wrong password, removed from the workspace…).
     */
    state: z.enum(['off', 'connecting', 'syncing', 'idle', 'offline', 'error']),
    url: z.string().max(2000).optional(),
    db: z.string().max(238).optional(),
    user: z.string().max(200).optional(),
    offlineSince: Instant.optional(),
    lastSyncedAt: Instant.optional(),
    lastError: SyncErrorSchema.optional(),
    /** Local changes not yet pushed. */
    pending: z.number().int().min(0).optional(),
    /** Documents in the local replica. */
    docs: z.number().int().min(0).optional(),
    /** Incoming documents quarantined (invalid), so far. */
    quarantined: z.number().int().min(0).optional(),
    updatedAt: Instant,
  })
  .strict());
export type SyncStatus = z.infer<typeof SyncStatusSchema>;

const Password = /* @__PURE__ */ lazySchema(() => z.string().min(1).max(1000));

export const TestResultSchema = /* @__PURE__ */ lazySchema(() => z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), server: z.object({ vendor: z.string().max(200), version: z.string().max(100) }).strict(), docCount: z.number().int().min(0).optional() }).strict(),
  z.object({ ok: z.literal(false), error: SyncErrorSchema }).strict(),
]));
export type TestResult = z.infer<typeof TestResultSchema>;

/** What merging this browser's local data into the workspace would do (shown before connecting). */
export const MergePreviewSchema = /* @__PURE__ */ lazySchema(() => z
  .object({
    local: z.record(z.string(), z.number().int().min(0)),
    remote: z.record(z.string(), z.number().int().min(0)),
    /** Documents on both sides (merged field by field; nothing is lost, losers go to the audit log). */
    both: z.number().int().min(0),
  })
  .strict());
export type MergePreview = z.infer<typeof MergePreviewSchema>;

/** Payloads of the team messages (validated by the background; only extension pages may send them). */
export const TeamMessageSchemas = /* @__PURE__ */ lazySchema(() => ({
  'team:test': z.object({ url: ServerUrlSchema, db: DbNameSchema, user: z.string().min(1).max(200), password: Password }).strict(),
  'team:preview': z.object({ url: ServerUrlSchema, db: DbNameSchema, user: z.string().min(1).max(200), password: Password }).strict(),
  'team:connect': z
    .object({ url: ServerUrlSchema, db: DbNameSchema, user: z.string().min(1).max(200), password: Password, auth: z.enum(['cookie', 'basic']) })
    .strict(),
  'team:disconnect': z.object({ keepLocal: z.boolean() }).strict(),
  'team:sync-now': z.object({}).strict(),
  'team:status': z.object({}).strict(),
} as const));

export interface TeamProtocolMap {
  /** "Test connection": reach the server, sign in, open the database; never stores anything. */
  'team:test'(data: z.infer<(typeof TeamMessageSchemas)['team:test']>): TestResult;
  /** What connecting would merge (local vs remote counts per collection). */
  'team:preview'(data: z.infer<(typeof TeamMessageSchemas)['team:preview']>): { ok: true; preview: MergePreview } | { ok: false; error: SyncError };
  /** Join: store config + credentials, merge local data into the workspace, start replication. */
  'team:connect'(data: z.infer<(typeof TeamMessageSchemas)['team:connect']>): { ok: true; status: SyncStatus } | { ok: false; error: SyncError };
  /** Sign out: stop replication, remove credentials; keepLocal=false also clears the local copy of team data. */
  'team:disconnect'(data: { keepLocal: boolean }): SyncStatus;
  /** Pull + push now. */
  'team:sync-now'(data: Record<string, never>): SyncStatus;
  'team:status'(data: Record<string, never>): SyncStatus;
}
