#!/usr/bin/env node
/**
 * npm run team:setup -- --url https://couch.example.com --db marketing --admin admin [--password …]
 *                       [--members ann,bob] [--member-roles marketing-member] [--admins carol] [--admin-roles marketing-admin]
 * Creates the workspace database, its _security object and the validation design document
 * (idempotent: run it again to update members or the validation). The admin password is read from
 * --password, the COUCHDB_PASSWORD environment variable, or asked for (not echoed).
 */
import { createInterface } from 'node:readline';
import { setupWorkspace } from './workspace.mjs';

const args = process.argv.slice(2);
function get(name) {
  const i = args.indexOf(`--${name}`);
  if (i >= 0) return args[i + 1];
  const eq = args.find((a) => a.startsWith(`--${name}=`));
  return eq ? eq.slice(name.length + 3) : undefined;
}
const list = (v) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : undefined);

function usage(msg) {
  if (msg) console.error(`team:setup: ${msg}\n`);
  console.error('usage: npm run team:setup -- --url https://couch.example.com --db <workspace> --admin <server admin> [--password <pw>]\n' +
    '         [--members ann,bob] [--member-roles <db>-member] [--admins carol] [--admin-roles <db>-admin]');
  process.exit(2);
}

async function askPassword(prompt) {
  if (!process.stdin.isTTY) return undefined;
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  rl._writeToOutput = () => {};
  process.stdout.write(prompt);
  const pw = await new Promise((resolve) => rl.question('', resolve));
  rl.close();
  process.stdout.write('\n');
  return pw;
}

const url = get('url');
const db = get('db');
let admin = get('admin');
if (!url || !db || !admin) usage('--url, --db and --admin are required');
let password = get('password') ?? process.env.COUCHDB_PASSWORD;
if (admin.includes(':') && password === undefined) [admin, password] = [admin.slice(0, admin.indexOf(':')), admin.slice(admin.indexOf(':') + 1)];
password ??= await askPassword(`Password for ${admin}: `);
if (password === undefined) usage('no password: pass --password, set COUCHDB_PASSWORD, or run in a terminal');

try {
  await setupWorkspace({
    url,
    db,
    admin,
    password,
    members: list(get('members')) ?? [],
    memberRoles: list(get('member-roles')),
    admins: list(get('admins')) ?? [],
    adminRoles: list(get('admin-roles')),
    log: (line) => console.log(`✓ ${line}`),
  });
  console.log(`Workspace "${db}" is ready at ${url.replace(/\/+$/, '')}/${db}. People connect from Liaison's options → Team workspace.`);
} catch (e) {
  console.error(`team:setup failed: ${e.message}`);
  process.exit(1);
}
