/**
 * Item references: which item of which host tool a page (or a link) names.
 *
 * The canonical key is `tool:workspace:kind:id`. It is the one identity shared by
 * storage, the panel's test contract (`data-liaison-item`) and links between items.
 * Pure: no browser APIs. URL detectors are tested as a cross-matrix in
 * tests/unit/core/item-ref.test.ts (every URL matches its own host and kind only).
 */
import { z } from 'zod';
import { lazySchema } from './lazy-schema';
import { BITRIX24_TLDS } from '../hosts';

export const TOOLS = [
  'jira',
  'trello',
  'notion',
  'hubspot',
  'salesforce',
  'pipedrive',
  'amocrm',
  'bitrix24',
  'clickup',
  'asana',
  'linear',
  'monday',
] as const;
// The schemas here are built on first use and marked pure: a bundle that only parses URLs (the
// page's micro-detector, the per-host scripts) drops them and zod with them; parseItemUrl checks
// refs by hand (validRef).
export const ToolSchema = /* @__PURE__ */ lazySchema(() => z.enum(TOOLS));
export type Tool = (typeof TOOLS)[number];

/** Item kinds each tool can name. */
export const KINDS_BY_TOOL = {
  jira: ['issue'],
  trello: ['card'],
  notion: ['page'],
  hubspot: ['contact', 'company', 'deal', 'ticket'],
  salesforce: ['lead', 'contact', 'account', 'opportunity', 'case'],
  pipedrive: ['deal', 'person', 'organization', 'lead'],
  amocrm: ['lead', 'contact', 'company'],
  bitrix24: ['deal', 'lead', 'contact', 'company'],
  clickup: ['task'],
  asana: ['task'],
  linear: ['issue'],
  monday: ['item'],
} as const satisfies Record<Tool, readonly string[]>;

export const CRM_TOOLS: readonly Tool[] = ['hubspot', 'salesforce', 'pipedrive', 'amocrm', 'bitrix24'];

/**
 * Characters an item key may not hold: controls, zero-width characters and bidi controls. They are
 * invisible, so two keys that look the same could name different items (or reorder how a key reads).
 */
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]/u;

/** A key part: NFC-normalised (one spelling per text), no invisible characters. */
const keyPart = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .normalize('NFC')
    .refine((s) => !INVISIBLE.test(s), { message: 'may not contain invisible (zero-width, bidi or control) characters' });

export const ItemRefSchema = /* @__PURE__ */ lazySchema(() => z
  .object({
    tool: ToolSchema,
    workspace: keyPart(200),
    kind: z.string().min(1).max(40),
    id: keyPart(200),
  })
  .strict()
  .refine((r) => (KINDS_BY_TOOL[r.tool] as readonly string[]).includes(r.kind), {
    message: 'kind is not one this tool has',
    path: ['kind'],
  })
  .refine((r) => !r.tool.includes(':') && !r.kind.includes(':') && !r.id.includes(':'), {
    message: 'tool, kind and id may not contain ":"',
  }));
export interface ItemRef {
  tool: Tool;
  workspace: string;
  kind: string;
  id: string;
}

/** The rules of ItemRefSchema, by hand (no zod): URL parsing runs on host pages. */
export function validRef(r: { tool: string; workspace: string; kind: string; id: string }): ItemRef | null {
  if (!(TOOLS as readonly string[]).includes(r.tool)) return null;
  if (!r.workspace || r.workspace.length > 200 || !r.kind || r.kind.length > 40 || !r.id || r.id.length > 200) return null;
  if (!(KINDS_BY_TOOL[r.tool as Tool] as readonly string[]).includes(r.kind)) return null;
  if (r.kind.includes(':') || r.id.includes(':')) return null;
  const workspace = r.workspace.normalize('NFC');
  const id = r.id.normalize('NFC');
  if (INVISIBLE.test(workspace) || INVISIBLE.test(id)) return null;
  return { tool: r.tool as Tool, workspace, kind: r.kind, id };
}

export const ItemKeySchema = /* @__PURE__ */ lazySchema(() => z
  .string()
  .max(600)
  .normalize('NFC')
  .refine((k) => parseItemKey(k) !== null, { message: 'not an item key tool:workspace:kind:id' }));
export type ItemKey = string;

export function itemKey(ref: ItemRef): ItemKey {
  return `${ref.tool}:${ref.workspace}:${ref.kind}:${ref.id}`;
}

/** Inverse of itemKey. The workspace may itself contain ':' (a host with a port). Null for a key that is not NFC or holds invisible characters. */
export function parseItemKey(key: string): ItemRef | null {
  if (key !== key.normalize('NFC')) return null;
  const parts = key.split(':');
  if (parts.length < 4) return null;
  const tool = parts[0]!;
  const id = parts[parts.length - 1]!;
  const kind = parts[parts.length - 2]!;
  const workspace = parts.slice(1, -2).join(':');
  return validRef({ tool, workspace, kind, id });
}

/** Hosts a user added in the options (self-hosted Jira Server/DC, Bitrix24 on its own domain). */
export interface CustomHosts {
  jira?: readonly string[];
  bitrix24?: readonly string[];
}

const JIRA_KEY = /^[A-Z][A-Z0-9_]*-[1-9]\d*$/;
const NOTION_ID = /([0-9a-f]{32})$/i;
const NOTION_UUID = /([0-9a-f]{8})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{12})$/i;

function notionId(segment: string | null | undefined): string | null {
  if (!segment) return null;
  const m = NOTION_UUID.exec(segment) ?? NOTION_ID.exec(segment);
  if (!m) return null;
  return m.slice(1).join('').toLowerCase();
}

function hostMatches(host: string, list: readonly string[] | undefined): boolean {
  if (!list) return false;
  return list.some((h) => h.toLowerCase() === host);
}

function firstLabel(host: string): string {
  return host.split('.')[0] ?? host;
}

/**
 * Bitrix24 cloud portals: <portal>.bitrix24.<one of the cloud TLDs of lib/hosts.ts>. The TLD list is
 * explicit so that look-alikes such as acme.bitrix24.evil.co are not taken for Bitrix24.
 */
const BITRIX_HOST = new RegExp(`^(?:[a-z0-9-]+\\.)+bitrix24\\.(?:${BITRIX24_TLDS.map((t) => t.replace('.', '\\.')).join('|')})$`);

/** Salesforce object API names → our kinds. */
const SALESFORCE_OBJECTS: Record<string, string> = {
  lead: 'lead',
  contact: 'contact',
  account: 'account',
  opportunity: 'opportunity',
  case: 'case',
};
/** Salesforce Classic record id prefixes (the first three characters of the id). */
const SALESFORCE_PREFIXES: Record<string, string> = {
  '00Q': 'lead',
  '003': 'contact',
  '001': 'account',
  '006': 'opportunity',
  '500': 'case',
};
const SALESFORCE_ID = /^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/;

const HUBSPOT_OBJECT_TYPES: Record<string, string> = {
  '0-1': 'contact',
  '0-2': 'company',
  '0-3': 'deal',
  '0-5': 'ticket',
};

function ref(tool: Tool, workspace: string, kind: string, id: string): ItemRef | null {
  return validRef({ tool, workspace, kind, id });
}

/**
 * The item a URL names, or null for lists, boards, dashboards and foreign pages.
 * Ids come from the URL only; the DOM never decides identity.
 */
export function parseItemUrl(input: string | URL, custom: CustomHosts = {}): ItemRef | null {
  let url: URL;
  try {
    url = typeof input === 'string' ? new URL(input) : input;
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  const host = url.hostname.toLowerCase();
  const hostWithPort = url.port ? `${host}:${url.port}` : host;
  const path = url.pathname;
  const segs = path.split('/').filter(Boolean).map((s) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  });
  const q = url.searchParams;

  // Jira Cloud and Jira Server/DC on a host the user added.
  const isJiraCloud = host.endsWith('.atlassian.net') && host !== 'atlassian.net';
  if (isJiraCloud || hostMatches(host, custom.jira) || hostMatches(hostWithPort, custom.jira)) {
    const workspace = isJiraCloud ? host : hostWithPort;
    const selected = q.get('selectedIssue');
    if (selected && JIRA_KEY.test(selected)) return ref('jira', workspace, 'issue', selected);
    const b = segs.indexOf('browse');
    if (b >= 0 && segs.length === b + 2 && JIRA_KEY.test(segs[b + 1]!)) {
      return ref('jira', workspace, 'issue', segs[b + 1]!);
    }
    // The issue navigator opens one as /jira/software/c/projects/P/issues/KEY (2025–2026).
    if (segs[0] === 'jira' && segs[segs.length - 2] === 'issues' && JIRA_KEY.test(segs[segs.length - 1]!)) {
      return ref('jira', workspace, 'issue', segs[segs.length - 1]!);
    }
    // Service-management queues open an issue as the last path segment:
    // /jira/servicedesk/projects/SD/queues/custom/1/SD-12
    if (segs[0] === 'jira' && segs.includes('queues') && JIRA_KEY.test(segs[segs.length - 1]!)) {
      return ref('jira', workspace, 'issue', segs[segs.length - 1]!);
    }
    return null;
  }

  if (host === 'trello.com' || host === 'www.trello.com') {
    if (segs[0] === 'c' && segs[1] && /^[a-zA-Z0-9]{8}$/.test(segs[1])) {
      return ref('trello', 'trello.com', 'card', segs[1]);
    }
    return null;
  }

  // Notion: www.notion.so, sites on *.notion.site, and the app on notion.com (app.notion.com, 2026).
  if (['www.notion.so', 'notion.so', 'app.notion.so', 'app.notion.com', 'www.notion.com', 'notion.com'].includes(host) || host.endsWith('.notion.site')) {
    const peek = notionId(q.get('p'));
    if (peek) return ref('notion', 'notion.so', 'page', peek);
    if (q.has('v')) return null; // a database view with no page open
    const last = segs[segs.length - 1];
    const id = notionId(last);
    return id ? ref('notion', 'notion.so', 'page', id) : null;
  }

  if (host === 'app.hubspot.com' || /^app-[a-z0-9]+\.hubspot\.com$/.test(host)) {
    if (segs[0] !== 'contacts' || !segs[1] || !/^\d+$/.test(segs[1])) return null;
    const portal = segs[1];
    if (segs[2] === 'record' && segs[3] && segs[4] && /^\d+$/.test(segs[4])) {
      const kind = HUBSPOT_OBJECT_TYPES[segs[3]];
      return kind ? ref('hubspot', portal, kind, segs[4]) : null;
    }
    const legacy = segs[2];
    if (legacy && ['contact', 'company', 'deal', 'ticket'].includes(legacy) && segs[3] && /^\d+$/.test(segs[3])) {
      return ref('hubspot', portal, legacy, segs[3]);
    }
    return null;
  }

  if (host.endsWith('.lightning.force.com') || host.endsWith('.my.salesforce.com')) {
    const workspace = firstLabel(host);
    // Lightning also opens a record without its object name: /lightning/r/<Id>/view.
    if (segs[0] === 'lightning' && segs[1] === 'r' && segs[2] && segs[3] === 'view' && SALESFORCE_ID.test(segs[2])) {
      const kind = SALESFORCE_PREFIXES[segs[2].slice(0, 3)];
      return kind ? ref('salesforce', workspace, kind, segs[2]) : null;
    }
    if (segs[0] === 'lightning' && segs[1] === 'r' && segs[2] && segs[3]) {
      const kind = SALESFORCE_OBJECTS[segs[2].toLowerCase()];
      return kind && SALESFORCE_ID.test(segs[3]) ? ref('salesforce', workspace, kind, segs[3]) : null;
    }
    if (host.endsWith('.my.salesforce.com') && segs.length === 1 && SALESFORCE_ID.test(segs[0]!)) {
      const kind = SALESFORCE_PREFIXES[segs[0]!.slice(0, 3)];
      return kind ? ref('salesforce', workspace, kind, segs[0]!) : null;
    }
    return null;
  }

  if (host.endsWith('.pipedrive.com') && host !== 'www.pipedrive.com' && host !== 'app.pipedrive.com') {
    const workspace = firstLabel(host);
    const [a, b, c] = segs;
    if ((a === 'deal' || a === 'person' || a === 'organization') && b && /^\d+$/.test(b)) {
      return ref('pipedrive', workspace, a, b);
    }
    if (a === 'leads' && b === 'inbox' && c && /^[0-9a-f-]{36}$/i.test(c)) {
      return ref('pipedrive', workspace, 'lead', c.toLowerCase());
    }
    return null;
  }

  if (/\.(amocrm\.ru|amocrm\.com|kommo\.com)$/.test(host) && !host.startsWith('www.')) {
    const workspace = firstLabel(host);
    const kinds: Record<string, string> = { leads: 'lead', contacts: 'contact', companies: 'company' };
    const kind = segs[0] ? kinds[segs[0]] : undefined;
    if (kind && segs[1] === 'detail' && segs[2] && /^[1-9]\d*$/.test(segs[2])) {
      return ref('amocrm', workspace, kind, segs[2]);
    }
    return null;
  }

  if ((BITRIX_HOST.test(host) && !host.startsWith('www.')) || hostMatches(host, custom.bitrix24) || hostMatches(hostWithPort, custom.bitrix24)) {
    const workspace = BITRIX_HOST.test(host) ? host : hostWithPort;
    const [a, b, c, d] = segs;
    if (a === 'crm' && b && ['deal', 'lead', 'contact', 'company'].includes(b) && c === 'details' && d && /^[1-9]\d*$/.test(d)) {
      return ref('bitrix24', workspace, b, d);
    }
    return null;
  }

  const tracker = parseTrackerUrl(host, segs);
  if (tracker !== undefined) return tracker;

  return null;
}

/* ------------------------------------------------ ClickUp, Asana, Linear, monday.com (issue 15) */

/**
 * The workspace of a ClickUp or Asana item whose URL does not name it (`https://app.clickup.com/t/<id>`,
 * `https://app.asana.com/0/<project>/<task>`). The adapter replaces it with the team id / workspace gid
 * that the page's own links carry (`withWorkspace`); it stays only when neither the URL nor the page has it.
 * Such a key and the qualified one name the same item: `sameItem` / `resolveItemKey` treat them as one.
 */
export const UNKNOWN_WORKSPACE = 'app';

/** Tools whose URLs may lack the workspace (their task ids are global: one id names one task). */
const UNQUALIFIED_TOOLS: readonly Tool[] = ['clickup', 'asana'];

/** ClickUp native task ids: lower-case base-36, e.g. `86b3xdnyf` (older `2xh4k5j`). */
const CLICKUP_TASK_ID = /^[a-z0-9]{5,16}$/;
/** ClickUp custom task ids: a prefix and a number, e.g. `MKT-142`, `PRDV-14055` (only with the team id in the URL). */
const CLICKUP_CUSTOM_ID = /^[A-Za-z][A-Za-z0-9_]{0,15}-\d{1,9}$/;
const DIGITS = /^\d{1,20}$/;
const GID = /^\d{6,20}$/;
/** Linear issue identifiers: team key and number, e.g. `MKT-42`. */
const LINEAR_KEY = /^[A-Za-z][A-Za-z0-9]{0,9}-[1-9]\d{0,8}$/;
const LINEAR_WORKSPACE = /^[a-z0-9][a-z0-9-]{0,63}$/;
/** monday.com hosts that are not an account (the marketing site, auth, app stores, ...). */
const MONDAY_NOT_ACCOUNTS = new Set(['www', 'auth', 'support', 'apps', 'developer', 'view', 'status', 'community', 'api', 'files']);

/**
 * ClickUp, Asana, Linear and monday.com URLs. `undefined` when the host is none of them (the caller
 * goes on), `null` when it is one of them but no item is open (lists, boards, inboxes, dashboards).
 */
function parseTrackerUrl(host: string, segs: readonly string[]): ItemRef | null | undefined {
  if (host === 'app.clickup.com') {
    // /t/<task id>; /t/<team id>/<custom id> (custom task ids) and /t/<team id>/<task id> (2025 share links).
    if (segs[0] !== 't') return null;
    const [, a, b] = segs;
    if (segs.length === 2 && a && CLICKUP_TASK_ID.test(a) && !DIGITS.test(a)) return ref('clickup', UNKNOWN_WORKSPACE, 'task', a);
    if (segs.length === 3 && a && b && DIGITS.test(a) && (CLICKUP_CUSTOM_ID.test(b) || CLICKUP_TASK_ID.test(b))) {
      return ref('clickup', a, 'task', b);
    }
    return null;
  }

  if (host === 'app.asana.com') {
    // 2025 URLs: /1/<workspace>/project/<project>/task/<task> (the pane over a project), /1/<workspace>/task/<task>,
    // /1/<workspace>/inbox/<user>/item/<x>/story/<y> is not a task.
    if (segs[0] === '1' && segs[1] && GID.test(segs[1])) {
      const t = segs.lastIndexOf('task');
      const id = t > 1 ? segs[t + 1] : undefined;
      if (id && GID.test(id) && (segs.length === t + 2 || (segs.length === t + 3 && segs[t + 2] === 'f'))) {
        return ref('asana', segs[1], 'task', id);
      }
      return null;
    }
    // Older URLs: /0/<project>/<task>, /0/<project>/<task>/f (full screen), /0/0/<task> (copied links), /0/search/<p>/<task>.
    if (segs[0] === '0') {
      const rest = segs[1] === 'search' ? segs.slice(2) : segs.slice(1);
      const [project, task, tail] = rest;
      if (project && task && /^\d{1,20}$/.test(project) && GID.test(task) && (rest.length === 2 || (rest.length === 3 && tail === 'f'))) {
        return ref('asana', UNKNOWN_WORKSPACE, 'task', task);
      }
    }
    return null;
  }

  if (host === 'linear.app') {
    // /<workspace>/issue/<KEY-n>/<slug>: the slug follows the title and is not part of the key.
    const [ws, what, key] = segs;
    if (ws && what === 'issue' && key && LINEAR_WORKSPACE.test(ws.toLowerCase()) && LINEAR_KEY.test(key) && segs.length <= 4) {
      return ref('linear', ws.toLowerCase(), 'issue', key.toUpperCase());
    }
    return null;
  }

  if (host.endsWith('.monday.com')) {
    const labels = host.split('.');
    const account = labels[0]!;
    if (labels.length !== 3 || MONDAY_NOT_ACCOUNTS.has(account) || !/^[a-z0-9][a-z0-9-]{0,62}$/.test(account)) return null;
    // /boards/<board>/pulses/<item>, also through a view: /boards/<board>/views/<view>/pulses/<item>.
    // /pulses/<item>: the board-less link Liaison builds from a key (itemUrl) — the key does not keep the board.
    if (segs.length === 2 && segs[0] === 'pulses' && segs[1] && DIGITS.test(segs[1]) && !/^0+$/.test(segs[1])) return ref('monday', account, 'item', segs[1]);
    const b = segs.indexOf('boards');
    const p = segs.lastIndexOf('pulses');
    const board = b === 0 ? segs[1] : undefined;
    const item = p > 1 ? segs[p + 1] : undefined;
    if (board && item && DIGITS.test(board) && DIGITS.test(item) && !/^0+$/.test(item) && segs.length === p + 2) {
      return ref('monday', account, 'item', item);
    }
    return null;
  }

  return undefined;
}

/** The same reference with the workspace the page names (ClickUp team id, Asana workspace gid). */
export function withWorkspace(r: ItemRef, workspace: string | null | undefined): ItemRef {
  if (!workspace || r.workspace !== UNKNOWN_WORKSPACE || !UNQUALIFIED_TOOLS.includes(r.tool)) return r;
  return ref(r.tool, workspace, r.kind, r.id) ?? r;
}

/**
 * Do two references name the same item? Equal keys do; so do a ClickUp/Asana key whose URL lacked the
 * workspace (`clickup:app:task:86b3xdnyf`) and the qualified key of the same task id.
 */
export function sameItem(a: ItemRef, b: ItemRef): boolean {
  if (a.tool !== b.tool || a.kind !== b.kind || a.id !== b.id) return false;
  if (a.workspace === b.workspace) return true;
  return UNQUALIFIED_TOOLS.includes(a.tool) && (a.workspace === UNKNOWN_WORKSPACE || b.workspace === UNKNOWN_WORKSPACE);
}

/**
 * Does `refined` name the same item as `fromUrl`, with the workspace the URL lacked filled in from the
 * page (a ClickUp/Asana URL without the workspace)? Only a placeholder may be refined, never a real one.
 */
export function refinesPlaceholder(fromUrl: ItemRef, refined: ItemRef): boolean {
  return fromUrl.workspace === UNKNOWN_WORKSPACE && refined.workspace !== UNKNOWN_WORKSPACE && sameItem(fromUrl, refined);
}

/**
 * The key to store for a reference parsed from a link: a known key of the same item when the link lacks
 * the workspace (a pasted `https://app.clickup.com/t/<id>` resolves to the `clickup:<team>:task:<id>`
 * the panel uses), else its own key.
 */
export function resolveItemKey(r: ItemRef, knownKeys: Iterable<string>): ItemKey {
  if (r.workspace === UNKNOWN_WORKSPACE && UNQUALIFIED_TOOLS.includes(r.tool)) {
    for (const k of knownKeys) {
      const other = parseItemKey(k);
      if (other && other.workspace !== UNKNOWN_WORKSPACE && sameItem(r, other)) return k;
    }
  }
  return itemKey(r);
}

/** Salesforce kinds → the object API names of Lightning record URLs. */
const SALESFORCE_OBJECT_NAMES: Record<string, string> = {
  lead: 'Lead',
  contact: 'Contact',
  account: 'Account',
  opportunity: 'Opportunity',
  case: 'Case',
};
const HUBSPOT_TYPE_IDS: Record<string, string> = { contact: '0-1', company: '0-2', deal: '0-3', ticket: '0-5' };
const AMO_SECTIONS: Record<string, string> = { lead: 'leads', contact: 'contacts', company: 'companies' };

/**
 * A working URL for an item from its key alone (an item nobody has opened yet), the inverse of
 * parseItemUrl: parseItemUrl(itemUrl(ref)) names the same item. Where the key keeps only part of the
 * host (Salesforce, Pipedrive, amoCRM keep the first label), `origin` — the page's own origin when it
 * is the same tool and workspace — gives the rest; without it the usual cloud domain is used
 * (amoCRM: amocrm.ru). Undefined for a kind the tool does not have.
 */
export function itemUrl(r: ItemRef, origin?: string): string | undefined {
  const sameOrigin = (): string | undefined => {
    if (!origin) return undefined;
    try {
      const u = new URL(origin);
      const host = u.hostname.toLowerCase();
      const label = firstLabel(host);
      return label === r.workspace || host === r.workspace || u.host === r.workspace ? u.origin : undefined;
    } catch {
      return undefined;
    }
  };
  const id = encodeURIComponent(r.id);
  switch (r.tool) {
    case 'jira':
      return `${sameOrigin() ?? `https://${r.workspace}`}/browse/${id}`;
    case 'trello':
      return `https://trello.com/c/${id}`;
    case 'notion':
      return `https://www.notion.so/${id}`;
    case 'hubspot': {
      const type = HUBSPOT_TYPE_IDS[r.kind];
      return type ? `https://app.hubspot.com/contacts/${encodeURIComponent(r.workspace)}/record/${type}/${id}` : undefined;
    }
    case 'salesforce': {
      const obj = SALESFORCE_OBJECT_NAMES[r.kind];
      return obj ? `${sameOrigin() ?? `https://${r.workspace}.lightning.force.com`}/lightning/r/${obj}/${id}/view` : undefined;
    }
    case 'pipedrive': {
      const base = sameOrigin() ?? `https://${r.workspace}.pipedrive.com`;
      return r.kind === 'lead' ? `${base}/leads/inbox/${id}` : `${base}/${r.kind}/${id}`;
    }
    case 'amocrm': {
      const section = AMO_SECTIONS[r.kind];
      return section ? `${sameOrigin() ?? `https://${r.workspace}.amocrm.ru`}/${section}/detail/${id}` : undefined;
    }
    case 'bitrix24':
      return `${sameOrigin() ?? `https://${r.workspace}`}/crm/${r.kind}/details/${id}/`;
    case 'clickup':
      // Custom ids (MKT-142) only resolve with the team id; native ids resolve alone.
      return r.workspace === UNKNOWN_WORKSPACE ? `https://app.clickup.com/t/${id}` : `https://app.clickup.com/t/${encodeURIComponent(r.workspace)}/${id}`;
    case 'asana':
      return r.workspace === UNKNOWN_WORKSPACE ? `https://app.asana.com/0/0/${id}` : `https://app.asana.com/1/${encodeURIComponent(r.workspace)}/task/${id}`;
    case 'linear':
      return `https://linear.app/${encodeURIComponent(r.workspace)}/issue/${id}`;
    case 'monday':
      // The item's own page on the account (monday.com redirects /pulses/<id> to its board).
      return `https://${r.workspace}.monday.com/pulses/${id}`;
  }
}

/** itemUrl for a key (undefined for a malformed key). */
export function keyToUrl(key: string, origin?: string): string | undefined {
  const r = parseItemKey(key);
  return r ? itemUrl(r, origin) : undefined;
}

/** Each tool's own name ("Jira", "amoCRM"), for labels in every view. */
export const TOOL_NAMES: Readonly<Record<Tool, string>> = {
  jira: 'Jira',
  trello: 'Trello',
  notion: 'Notion',
  hubspot: 'HubSpot',
  salesforce: 'Salesforce',
  pipedrive: 'Pipedrive',
  amocrm: 'amoCRM',
  bitrix24: 'Bitrix24',
  clickup: 'ClickUp',
  asana: 'Asana',
  linear: 'Linear',
  monday: 'monday.com',
};

/** A human label for an item reference, e.g. "Jira MKT-1" or "HubSpot deal 123". */
export function describeRef(r: ItemRef): string {
  const names = TOOL_NAMES;
  if (r.tool === 'jira') return `Jira ${r.id}`;
  if (r.tool === 'trello') return `Trello card ${r.id}`;
  if (r.tool === 'notion') return `Notion page ${r.id.slice(0, 8)}`;
  if (r.tool === 'linear') return `Linear ${r.id}`;
  if (r.tool === 'clickup' || r.tool === 'asana') return `${names[r.tool]} task ${r.id}`;
  return `${names[r.tool]} ${r.kind} ${r.id}`;
}
