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
} as const satisfies Record<Tool, readonly string[]>;

export const CRM_TOOLS: readonly Tool[] = ['hubspot', 'salesforce', 'pipedrive', 'amocrm', 'bitrix24'];

export const ItemRefSchema = /* @__PURE__ */ lazySchema(() => z
  .object({
    tool: ToolSchema,
    workspace: z.string().min(1).max(200),
    kind: z.string().min(1).max(40),
    id: z.string().min(1).max(200),
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
  return { tool: r.tool as Tool, workspace: r.workspace, kind: r.kind, id: r.id };
}

export const ItemKeySchema = /* @__PURE__ */ lazySchema(() => z
  .string()
  .max(600)
  .refine((k) => parseItemKey(k) !== null, { message: 'not an item key tool:workspace:kind:id' }));
export type ItemKey = string;

export function itemKey(ref: ItemRef): ItemKey {
  return `${ref.tool}:${ref.workspace}:${ref.kind}:${ref.id}`;
}

/** Inverse of itemKey. The workspace may itself contain ':' (a host with a port). */
export function parseItemKey(key: string): ItemRef | null {
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

  return null;
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
  }
}

/** itemUrl for a key (undefined for a malformed key). */
export function keyToUrl(key: string, origin?: string): string | undefined {
  const r = parseItemKey(key);
  return r ? itemUrl(r, origin) : undefined;
}

/** A human label for an item reference, e.g. "Jira MKT-1" or "HubSpot deal 123". */
export function describeRef(r: ItemRef): string {
  const names: Record<Tool, string> = {
    jira: 'Jira',
    trello: 'Trello',
    notion: 'Notion',
    hubspot: 'HubSpot',
    salesforce: 'Salesforce',
    pipedrive: 'Pipedrive',
    amocrm: 'amoCRM',
    bitrix24: 'Bitrix24',
  };
  if (r.tool === 'jira') return `Jira ${r.id}`;
  if (r.tool === 'trello') return `Trello card ${r.id}`;
  if (r.tool === 'notion') return `Notion page ${r.id.slice(0, 8)}`;
  return `${names[r.tool]} ${r.kind} ${r.id}`;
}
