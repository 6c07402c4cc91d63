/**
 * Another item by its snapshot (title, status, tool) or, without one, by a link built from its key
 * (every host has a URL form) — never a bare id. Text only.
 */
import { useContext } from 'react';
import { i18n } from '#i18n';
import { PanelEnvContext } from './context';
import { describeRef, itemUrl, parseItemKey } from '@/lib/core/item-ref';
import type { ItemSnapshot } from '@/lib/core/schemas';
import { safeHttpUrl } from '@/lib/core/url';

/** Only http(s) links without credentials become hrefs (a host page could store any string as a URL). */
const safeHref = (url: string | undefined) => (url ? safeHttpUrl(url) : undefined);

export function ItemName({ itemKey, snapshot }: { itemKey: string; snapshot?: ItemSnapshot }) {
  // The host page's origin (the panel runs in an extension frame: its own location is not the host's).
  const origin = useContext(PanelEnvContext)?.origin;
  const ref = parseItemKey(itemKey);
  const label = ref ? describeRef(ref) : itemKey;
  const title = snapshot?.title || label;
  const href = safeHref(snapshot?.url) ?? (ref ? safeHref(itemUrl(ref, origin)) : undefined);
  return (
    <span className="lz-item-name">
      {href ? (
        <a href={href} target="_blank" rel="noopener noreferrer">
          {title}
        </a>
      ) : (
        <span>{title}</span>
      )}
      {snapshot && title !== label && <span className="lz-muted lz-small"> · {label}</span>}
      {snapshot?.status ? <span className="lz-status"> {snapshot.status}</span> : !snapshot && <span className="lz-muted lz-small"> ({i18n.t('panel.items.notSeen')})</span>}
    </span>
  );
}
