/**
 * The workspace database's server side: the validate_doc_update design document, the `_security`
 * object and an idempotent setup (used by `npm run team:setup`, the tests, the bench and the demo).
 * Plain JavaScript so Node runs it without a build. See server/ADMIN.md.
 */

import { Buffer } from 'node:buffer';

/** The document format the extension writes (lib/sync/docs.ts SCHEMA_VERSION). */
export const SCHEMA_VERSIONS = [1];

/**
 * Runs on the server for every write (interactive or replicated). CouchDB's own rules still
 * apply first: only members write, only workspace admins change design documents.
 * - The author (`updatedBy`) must be the signed-in user, also on deletions.
 * - `createdBy` never changes within a document's revision history (conflict branches forked from
 *   a common ancestor included); a new document (or an unrelated branch) names its real creator.
 * - Only known document formats (`schema`), with `_id` = `<collection>:<id>`.
 * - Workspace admins (server admins, the database's admin names and roles) are exempt, for imports.
 * Kept ES5: CouchDB's JavaScript engine (SpiderMonkey 1.8.5 on older installs) runs it.
 */
export const VALIDATE_DOC_UPDATE = `function (newDoc, oldDoc, userCtx, secObj) {
  var roles = userCtx.roles || [];
  var sec = secObj || {};
  var admins = sec.admins || {};
  var adminNames = admins.names || [];
  var adminRoles = admins.roles || [];
  var isAdmin = roles.indexOf('_admin') !== -1 || (userCtx.name !== null && adminNames.indexOf(userCtx.name) !== -1);
  for (var i = 0; i < adminRoles.length && !isAdmin; i++) if (roles.indexOf(adminRoles[i]) !== -1) isAdmin = true;
  if (newDoc._id.indexOf('_design/') === 0) {
    if (!isAdmin) throw({ unauthorized: 'Only workspace admins change design documents.' });
    return;
  }
  if (!userCtx.name && !isAdmin) throw({ unauthorized: 'Sign in to write to this workspace.' });
  if (newDoc._deleted) {
    if (!isAdmin && newDoc.updatedBy !== userCtx.name) throw({ forbidden: 'A deletion must carry updatedBy: the signed-in user (' + userCtx.name + ').' });
    return;
  }
  if (${JSON.stringify(SCHEMA_VERSIONS)}.indexOf(newDoc.schema) === -1) throw({ forbidden: 'Unknown document format ' + newDoc.schema + ': update Liaison, or ask an admin to import it.' });
  if (typeof newDoc.collection !== 'string' || typeof newDoc.id !== 'string' || newDoc._id !== newDoc.collection + ':' + newDoc.id) throw({ forbidden: 'The document id must be <collection>:<id>.' });
  if (typeof newDoc.updatedBy !== 'string' || typeof newDoc.createdBy !== 'string') throw({ forbidden: 'A workspace document names updatedBy and createdBy.' });
  if (isAdmin) return;
  if (newDoc.updatedBy !== userCtx.name) throw({ forbidden: 'updatedBy must be the signed-in user (' + userCtx.name + '), not ' + newDoc.updatedBy + '.' });
  // Same document lineage (this revision shares history with the stored one, also when it is a
  // conflict branch forked from a common ancestor): createdBy is inherited, never rewritten.
  var lineage = false;
  if (oldDoc && !oldDoc._deleted) {
    var nr = newDoc._revisions;
    var or = oldDoc._revisions;
    if (!nr || !nr.ids || !or || !or.ids) lineage = true;
    else {
      var known = {};
      for (var k = 0; k < or.ids.length; k++) known[(or.start - k) + '-' + or.ids[k]] = true;
      for (var m = 0; m < nr.ids.length && !lineage; m++) if (known[(nr.start - m) + '-' + nr.ids[m]]) lineage = true;
    }
  }
  var descends = lineage;
  if (descends) {
    if (oldDoc.createdBy && newDoc.createdBy !== oldDoc.createdBy) throw({ forbidden: 'createdBy never changes (it is ' + oldDoc.createdBy + ').' });
  } else if (newDoc.createdBy !== userCtx.name) {
    throw({ forbidden: 'A new document names its creator: createdBy must be ' + userCtx.name + '.' });
  }
}`;

export const DESIGN_ID = '_design/liaison';

export function designDoc() {
  return { _id: DESIGN_ID, language: 'javascript', validate_doc_update: VALIDATE_DOC_UPDATE, liaison: { schemaVersions: SCHEMA_VERSIONS } };
}

/** The `_security` object: members (names and roles) read and write; admins also change design docs. */
export function securityObject({ memberNames = [], memberRoles = [], adminNames = [], adminRoles = [] } = {}) {
  return { admins: { names: adminNames, roles: adminRoles }, members: { names: memberNames, roles: memberRoles } };
}

function basic(user, pass) {
  return `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
}

class SetupError extends Error {}

async function call(url, init, what) {
  let r;
  try {
    r = await fetch(url, { ...init, credentials: 'omit' });
  } catch (e) {
    throw new SetupError(`${what}: could not reach ${new URL(url).origin} (${e.cause?.code ?? e.message}).`);
  }
  const text = await r.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: r.status, ok: r.ok, body, text };
}

/**
 * Create (or bring up to date) a workspace database: the database, its `_security` object and the
 * design document. Idempotent. Resolves to a list of what it did; rejects with a clear message.
 */
export async function setupWorkspace({ url, db, admin, password, members = [], memberRoles, admins = [], adminRoles, log = () => {} }) {
  const base = url.replace(/\/+$/, '');
  const u = new URL(base);
  if (u.protocol !== 'https:' && !/^(localhost|127(\.\d+){3}|\[::1\])$/.test(u.hostname)) throw new SetupError(`Use https:// (plain http only on localhost): ${url}`);
  if (!/^[a-z][a-z0-9_$()+/-]*$/.test(db)) throw new SetupError(`"${db}" is not a CouchDB database name (a-z first, then a-z 0-9 _$()+-/).`);
  const headers = { Authorization: basic(admin, password), 'Content-Type': 'application/json', Accept: 'application/json' };
  const dbUrl = `${base}/${encodeURIComponent(db)}`;
  const done = [];

  const root = await call(`${base}/`, { headers }, 'Server');
  if (!root.body || (root.body.couchdb !== 'Welcome' && !root.body['express-pouchdb'])) {
    if (root.status === 401) throw new SetupError(`The server refused the admin "${admin}" (wrong password?).`);
    throw new SetupError(`${base} is not a CouchDB server (HTTP ${root.status}).`);
  }
  const session = await call(`${base}/_session`, { headers }, 'Sign-in');
  if (session.status === 401) throw new SetupError(`The server refused the admin "${admin}" (wrong password?).`);
  if (!session.body?.userCtx?.roles?.includes('_admin')) throw new SetupError(`"${admin}" is not a server admin: creating a database and its security needs one.`);

  const exists = await call(dbUrl, { headers }, 'Database');
  if (exists.status === 404) {
    const made = await call(dbUrl, { method: 'PUT', headers }, 'Create database');
    if (!made.ok && made.status !== 412) throw new SetupError(`Could not create the database "${db}": HTTP ${made.status} ${made.body?.reason ?? made.text}`);
    done.push(`created database ${db}`);
  } else if (!exists.ok) throw new SetupError(`Could not read the database "${db}": HTTP ${exists.status} ${exists.body?.reason ?? ''}`);
  else done.push(`database ${db} exists`);

  const sec = securityObject({
    memberNames: members,
    memberRoles: memberRoles ?? [`${db}-member`],
    adminNames: admins,
    adminRoles: adminRoles ?? [`${db}-admin`],
  });
  const curSec = await call(`${dbUrl}/_security`, { headers }, 'Security');
  const same = JSON.stringify(curSec.body ?? {}) === JSON.stringify(sec);
  if (!same) {
    const put = await call(`${dbUrl}/_security`, { method: 'PUT', headers, body: JSON.stringify(sec) }, 'Security');
    if (!put.ok) throw new SetupError(`Could not set the members of "${db}": HTTP ${put.status} ${put.body?.reason ?? put.text}`);
    done.push(`members: names [${sec.members.names.join(', ')}], roles [${sec.members.roles.join(', ')}]; admins: names [${sec.admins.names.join(', ')}], roles [${sec.admins.roles.join(', ')}]`);
  } else done.push('members unchanged');

  const want = designDoc();
  const cur = await call(`${dbUrl}/${DESIGN_ID}`, { headers }, 'Design document');
  if (cur.ok && cur.body?.validate_doc_update === want.validate_doc_update) done.push('validation unchanged');
  else {
    const body = cur.ok ? { ...want, _rev: cur.body._rev } : want;
    const put = await call(`${dbUrl}/${DESIGN_ID}`, { method: 'PUT', headers, body: JSON.stringify(body) }, 'Design document');
    if (!put.ok) throw new SetupError(`Could not write the validation design document: HTTP ${put.status} ${put.body?.reason ?? put.text}`);
    done.push(cur.ok ? 'updated validation' : 'installed validation');
  }
  for (const line of done) log(line);
  return done;
}

export { SetupError };
