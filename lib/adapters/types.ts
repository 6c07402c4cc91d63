/**
 * The one interface every host adapter implements (one file per host in lib/adapters/).
 *
 * An adapter returns data and an anchor, never React. Identity comes from the URL
 * (parseItemUrl); the DOM is read for labels and fields only. Adapters take the
 * document and URL as parameters so they run against saved HTML in tests.
 */
import type { CustomHosts, ItemRef, Tool } from '../core/item-ref';

/** Everything an adapter could read of the open item. Missing fields are simply absent. */
export interface ItemReading {
  title?: string;
  /** The description/body as plain text, headings kept as markdown "# " lines, one block per line. */
  description?: string;
  status?: string;
  /** ISO dates (YYYY-MM-DD) or instants read from the page. */
  dates: {
    due?: string;
    launch?: string;
    release?: string;
    end?: string;
    /** CRM record create time, ISO instant. */
    created?: string;
  };
  labels: string[];
  owner?: string;
  /** Other visible fields by a stable name: leadSource, utmCampaign, stage, priority, email, phone, amount, ... */
  fields: Record<string, string>;
  /**
   * The host's own named properties as shown (name → value text): Notion page properties, Jira
   * custom fields, Trello custom fields. The brief check counts one named like a brief field
   * ("Channel", "Аудитория", "Target audience") as that field.
   */
  properties?: Record<string, string>;
  /** CRM: evidence on the page that the lead was contacted (a logged call/email, last-contacted date, status past "new"). */
  firstContact?: {
    at?: string;
    /** What the page shows (host text; rendered as text, labelled by `kind` in the user's language). */
    evidence: string;
    kind?: 'call' | 'email' | 'meeting' | 'message' | 'last-contacted' | 'status';
  };
  /** CRM: when an owner is assigned, if the page shows it. */
  ownerAssignedAt?: string;
  /**
   * The host's own links to other items of the same host (Jira "is blocked by" / "blocks" issue
   * links, the parent, child issues and subtasks), as the page or the host's same-origin API shows
   * them. They count as dependencies without being entered again in Liaison.
   */
  links?: HostLink[];
}

/** How the open item relates to a linked item, from the open item's side. */
export type HostLinkRel = 'blocked-by' | 'blocks' | 'parent' | 'child';

export interface HostLink {
  /** The other item's id as the host names it (Jira: "PAY-88"); same tool and site as the open item. */
  id: string;
  rel: HostLinkRel;
  /** The other item's title, when the page or the API shows it. */
  title?: string;
  /** Its status as shown ("In Progress"). */
  status?: string;
  /** The host says its status is a done one (Jira's status category "done"). */
  done?: boolean;
  /** Its due date (ISO date), when the API gives it. */
  due?: string;
}

/** Where the panel goes: next to (or inside) an element of the host page. */
export interface MountSpec {
  anchor: Element;
  /** 'after'/'before' the anchor as a sibling, or 'prepend'/'append' inside it. */
  append: 'before' | 'after' | 'first' | 'last';
  /**
   * Float at this edge of the viewport instead of joining the anchor's layout — for views where
   * any inline element would push the host's content (Bitrix24's full-height slider iframe).
   * The anchor is then only where the host element lives (usually the body).
   */
  float?: 'left' | 'right';
}

export interface AdapterContext {
  url: URL;
  doc: Document;
  custom: CustomHosts;
}

export interface HostAdapter {
  /** Adapter id, also the file name: 'jira', 'trello', 'notion', 'hubspot', ... */
  readonly id: string;
  readonly tool: Tool;
  /** Real URLs this adapter was written against (a comment-level contract, tested as a matrix). */
  readonly testUrls: readonly string[];
  /** Is this host one this adapter serves (including user-added custom hosts)? Cheap: URL only. */
  matchesHost(url: URL, custom: CustomHosts): boolean;
  /**
   * The open item, or null on lists, boards and dashboards with no item open.
   * URL first; the DOM may veto (e.g. a Notion database view) but never invents ids.
   */
  detect(ctx: AdapterContext): ItemRef | null;
  /**
   * Read the open item's fields from the DOM. Returns null when the page's layout is not
   * recognised (the panel then floats at the page's edge with what the store knows).
   * Must read the open item only: never the cards behind a modal, never cached hidden views.
   */
  read(ctx: AdapterContext, ref: ItemRef): ItemReading | null;
  /** Where to mount the panel; null = floating fallback. Never inside an editable region. */
  mountPoint(ctx: AdapterContext, ref: ItemRef): MountSpec | null;
  /**
   * Optional: the element that holds the open item's view (a modal, a side panel, the card back).
   * The runtime then ignores DOM changes elsewhere (a churning board behind a modal costs nothing).
   */
  itemRoot?(ctx: AdapterContext, ref: ItemRef): Element | null;
  /** The host's current theme. */
  theme(doc: Document): 'light' | 'dark';
  /**
   * Optional: fill fields the DOM lacks from the host's same-origin REST API with the
   * user's session (never a token asked from the user). Must not throw; resolves {} on failure.
   */
  fetchMissing?(ctx: AdapterContext, ref: ItemRef, reading: ItemReading, fetchFn: typeof fetch): Promise<Partial<ItemReading>>;
}

export function emptyReading(): ItemReading {
  return { dates: {}, labels: [], fields: {} };
}
