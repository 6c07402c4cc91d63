/**
 * The panel frame's side of the channel (see panel-protocol.ts): accept the one port whose secret
 * the background confirms, validate every message from the host page's script with zod, and learn
 * the item from the background (derived from this tab's URL), never from the host's word alone.
 */
import { z } from 'zod';
import { ItemKeySchema, ItemRefSchema, type ItemRef } from '../core/item-ref';
import { sendMessage } from '../messaging';
import { CONNECT, type FrameToHost, type HostState } from './panel-protocol';
import { lazySchema } from '../core/lazy-schema';

const s = (max: number) => z.string().max(max);

/** What an adapter may report (lib/adapters/types.ts ItemReading), bounded. */
export const ItemReadingSchema = /* @__PURE__ */ lazySchema(() => z
  .object({
    title: s(2000).optional(),
    description: s(100_000).optional(),
    status: s(200).optional(),
    dates: z.object({ due: s(40).optional(), launch: s(40).optional(), release: s(40).optional(), end: s(40).optional(), created: s(40).optional() }).strict(),
    labels: z.array(s(200)).max(200),
    owner: s(200).optional(),
    fields: z.record(s(60), s(2000)).refine((r) => Object.keys(r).length <= 100, 'too many fields'),
    // The host's own named properties (Notion properties, Jira/Trello custom fields; the brief check counts them).
    properties: z.record(s(300), s(2000)).refine((r) => Object.keys(r).length <= 200, 'too many properties').optional(),
    firstContact: z
      .object({ at: s(40).optional(), evidence: s(2000), kind: z.enum(['call', 'email', 'meeting', 'message', 'last-contacted', 'status']).optional() })
      .strict()
      .optional(),
    ownerAssignedAt: s(40).optional(),
    // The host's own links (Jira issue links, parent, children): ids on the same site, titles as shown.
    links: z
      .array(
        z
          .object({
            id: s(100),
            rel: z.enum(['blocked-by', 'blocks', 'parent', 'child']),
            title: s(300).optional(),
            status: s(100).optional(),
            done: z.boolean().optional(),
            due: s(40).optional(),
          })
          .strict(),
      )
      .max(100)
      .optional(),
  })
  .strict());

export const HostStateSchema = /* @__PURE__ */ lazySchema(() => z
  .object({
    itemKey: ItemKeySchema,
    ref: ItemRefSchema,
    url: z.url().max(4000),
    reading: ItemReadingSchema.nullable(),
    floating: z.boolean(),
    theme: z.enum(['light', 'dark']),
    lang: s(35),
    seen: z.boolean(),
  })
  .strict());

export const HostMessageSchema = /* @__PURE__ */ lazySchema(() => z.discriminatedUnion('t', [
  z.object({ t: z.literal('state'), state: HostStateSchema }).strict(),
  z.object({ t: z.literal('hidden'), hidden: z.boolean() }).strict(),
  z.object({ t: z.literal('focus') }).strict(),
]));
export type HostMessage = z.infer<typeof HostMessageSchema>;

/** The item a tab's URL names, as the background derives it. */
export interface TabItem {
  key: string;
  ref: ItemRef;
  url: string;
}

export interface PanelLink {
  port: MessagePort;
  send(m: FrameToHost): void;
  /** The tab's item when the secret was claimed (undefined: the background did not say). */
  item?: TabItem | null;
}

type ClaimAnswer = boolean | { ok: boolean; item?: TabItem | null };

/**
 * Wait for the host's port. `claim` asks the background whether the secret is one it gave out
 * for this tab (once); anything else posted to this window is ignored.
 */
export function waitForLink(win: Window, claim: (secret: string) => Promise<ClaimAnswer> = claimSecret): Promise<PanelLink> {
  return new Promise((resolve) => {
    let done = false;
    const onMessage = (e: MessageEvent) => {
      if (done || e.source !== win.parent) return;
      const d = e.data as { type?: unknown; secret?: unknown } | null;
      const port = e.ports[0];
      if (!d || d.type !== CONNECT || typeof d.secret !== 'string' || d.secret.length > 200 || !port) return;
      void claim(d.secret).then(
        (answer) => {
          const ok = typeof answer === 'boolean' ? answer : answer.ok === true;
          if (!ok || done) {
            port.close();
            return;
          }
          done = true;
          win.removeEventListener('message', onMessage);
          const item = typeof answer === 'boolean' ? undefined : answer.item;
          resolve({ port, send: (m) => port.postMessage(m), item });
        },
        () => port.close(),
      );
    };
    win.addEventListener('message', onMessage);
  });
}

async function claimSecret(secret: string): Promise<ClaimAnswer> {
  const r = await sendMessage('panel:claim', { secret });
  return r.ok ? { ok: true, item: r.item } : false;
}

/** The item this tab's URL names, as the background derives it (null: none). */
export async function tabItem(): Promise<TabItem | null> {
  return sendMessage('panel:item', {});
}

/** Parse one host message; null (and a warning) when it is not one we accept. */
export function parseHostMessage(data: unknown): HostMessage | null {
  const r = HostMessageSchema.safeParse(data);
  if (!r.success) {
    console.warn('[liaison] refused a message from the page script:', r.error.issues[0]?.message);
    return null;
  }
  return r.data;
}

export type { HostState };
