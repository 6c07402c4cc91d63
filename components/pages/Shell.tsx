import { useEffect, type ReactNode } from 'react';
import { browser } from 'wxt/browser';
import { t, uiLocale } from './t';
import { safeHttpUrl } from '@/lib/core/url';
import './pages.css';

export type PageId = 'popup' | 'sidepanel' | 'options' | 'calendar' | 'digest' | 'leads' | 'welcome' | 'demo';

export function pageUrl(page: 'options' | 'calendar' | 'digest' | 'leads'): string {
  return browser.runtime.getURL(`/${page}.html` as Parameters<typeof browser.runtime.getURL>[0]);
}

/** Landmarks (banner, navigation, main), the document title and language. */
export function Shell({ page, title, children, compact }: { page: PageId; title: string; children: ReactNode; compact?: boolean }) {
  useEffect(() => {
    document.title = `${title} — Liaison`;
    document.documentElement.lang = uiLocale();
  }, [title]);
  const links: Array<{ id: 'options' | 'calendar' | 'digest' | 'leads'; label: string }> = [
    { id: 'calendar', label: t('pages.nav.calendar') },
    { id: 'digest', label: t('pages.nav.digest') },
    { id: 'leads', label: t('leadsPage.nav') }, // the lead quality page (issue 13 point 5)
    { id: 'options', label: t('pages.nav.options') },
  ];
  return (
    <div className={`liaison-page page-${page}${compact ? ' compact' : ''}`}>
      <a className="skip" href="#main">
        {t('pages.nav.skip')}
      </a>
      <header className="page-header">
        <p className="brand" aria-hidden="true">
          Liaison
        </p>
        <h1>{title}</h1>
        <nav aria-label={t('pages.nav.label')}>
          <ul>
            {links.map((l) => (
              <li key={l.id}>
                <a
                  href={pageUrl(l.id)}
                  aria-current={l.id === page ? 'page' : undefined}
                  {...(compact ? { target: '_blank', rel: 'noreferrer' } : {})}
                >
                  {l.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

export function Loading() {
  return (
    <p className="loading" role="status">
      {t('pages.common.loading')}
    </p>
  );
}

export function LoadError({ message }: { message: string }) {
  return (
    <p className="error" role="alert">
      {t('pages.common.loadError', [message])}
    </p>
  );
}

/** An item: a link to it when its url is known, plain text otherwise. Host text stays text. */
export function ItemLink({ title, url: raw }: { title: string; url?: string | undefined }) {
  const url = safeHttpUrl(raw);
  if (!url) return <span className="item-title">{title}</span>;
  return (
    <a className="item-title" href={url} target="_blank" rel="noreferrer">
      {title}
    </a>
  );
}
