// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jiraAdapter } from '@/lib/adapters/jira';
import { isEditable } from '@/lib/adapters/dom';
import type { AdapterContext } from '@/lib/adapters/types';
import { itemKey, type CustomHosts } from '@/lib/core/item-ref';

const FIXTURES = join(__dirname, '../../fixtures/jira');
function load(name: string): Document {
  return new DOMParser().parseFromString(readFileSync(join(FIXTURES, name), 'utf8'), 'text/html');
}
function ctx(name: string | Document, url: string, custom: CustomHosts = {}): AdapterContext {
  return { doc: typeof name === 'string' ? load(name) : name, url: new URL(url), custom };
}
function open(c: AdapterContext) {
  const ref = jiraAdapter.detect(c);
  if (!ref) throw new Error('no item detected');
  return { ref, reading: jiraAdapter.read(c, ref), mount: jiraAdapter.mountPoint(c, ref) };
}

describe('jira: issue page /browse/KEY (EN, campaign brief)', () => {
  const c = ctx('issue-browse-en.html', 'https://acme.atlassian.net/browse/MKT-142');
  const { ref, reading, mount } = open(c);

  it('takes the key from the URL', () => {
    expect(itemKey(ref)).toBe('jira:acme.atlassian.net:issue:MKT-142');
  });
  it('reads title, status, labels, owner and dates', () => {
    expect(reading).not.toBeNull();
    expect(reading!.title).toBe('Spring campaign: "best SEO course" search launch');
    expect(reading!.status).toBe('In Progress');
    expect(reading!.labels).toEqual(['campaign', 'seo', 'q2-2026']);
    expect(reading!.owner).toBe('Maria Ivanova');
    expect(reading!.dates).toEqual({ due: '2026-05-15', launch: '2026-05-15', end: '2026-06-12' });
    expect(reading!.fields.priority).toBe('High');
  });
  it('reads the description from its own field, headings kept, not the banner or comments', () => {
    const d = reading!.description!;
    expect(d.split('\n').slice(0, 3)).toEqual([
      '# Campaign brief',
      'Launch the paid-search campaign for the keyword "best SEO course" together with the new landing page.',
      '## Target audience',
    ]);
    for (const h of ['## Goal', '## Offer', '## Channel', '## Deadline']) expect(d).toContain(h);
    expect(d).toContain('- 30% off the annual plan until June 15');
    expect(d).toContain('Quality criteria: TBD');
    expect(d).not.toContain('Success metrics');
    expect(d).not.toContain('maintenance'); // the announcement banner renderer comes first in the DOM
    expect(d).not.toContain('CTR is 12%'); // a comment renderer
  });
  it('mounts in the right-hand column below Details (status, assignee, due date stay first), never in an editable region', () => {
    expect(mount).not.toBeNull();
    expect(mount!.anchor.getAttribute('data-testid')).toBe('issue-view-layout-templates-views.ui.context.visible-hidden.ui.context-group.container');
    expect(mount!.anchor.parentElement!.getAttribute('data-testid')).toBe('issue.views.issue-details.issue-layout.container-right');
    expect(mount!.append).toBe('after');
    expect(isEditable(mount!.anchor)).toBe(false);
    expect(mount!.anchor.closest('[data-testid="issue.views.field.rich-text.description"]')).toBeNull();
  });
  it('is light', () => {
    expect(jiraAdapter.theme(c.doc)).toBe('light');
  });
});

describe('jira: issue page in the Russian UI (Russian brief)', () => {
  const c = ctx('issue-browse-ru.html', 'https://acme.atlassian.net/browse/MKT-143');
  const { ref, reading } = open(c);
  it('reads Russian dates and fields', () => {
    expect(ref.id).toBe('MKT-143');
    expect(reading!.title).toBe('Весенняя кампания «лучший курс по SEO»');
    expect(reading!.status).toBe('В работе');
    expect(reading!.labels).toEqual(['кампания', 'seo']);
    expect(reading!.owner).toBe('Мария Иванова');
    expect(reading!.dates).toEqual({ due: '2026-05-15', launch: '2026-06-01', end: '2026-06-30' });
  });
  it('keeps the Russian brief headings', () => {
    const d = reading!.description!;
    expect(d.startsWith('# Бриф кампании')).toBe(true);
    for (const h of ['## Целевая аудитория', '## Цель', '## Оффер', '## Канал', '## Срок']) expect(d).toContain(h);
    expect(d).toContain('Критерии качества: уточняется');
    expect(d).not.toContain('Метрики успеха');
  });
});

describe('jira: issue open in a modal over a board (selectedIssue)', () => {
  const url = 'https://acme.atlassian.net/jira/software/projects/PAY/boards/12?selectedIssue=PAY-88';
  const c = ctx('board-modal-en.html', url);
  const { ref, reading, mount } = open(c);
  const dialog = c.doc.querySelector('[data-testid="issue.views.issue-details.issue-modal.modal-dialog"]')!;

  it('the board really holds the open issue\'s own card and dozens of others', () => {
    expect(c.doc.querySelectorAll('[data-testid="platform-board-kit.ui.card.card"]').length).toBeGreaterThan(40);
    expect(c.doc.getElementById('card-PAY-88')).not.toBeNull();
  });
  it('reads the modal, not the cards around it', () => {
    expect(ref.id).toBe('PAY-88');
    expect(reading!.title).toBe('Payment form rework');
    expect(reading!.status).toBe('In Progress');
    expect(reading!.labels).toEqual(['payments', 'release-blocker']);
    expect(reading!.dates).toEqual({ due: '2026-05-27', release: '2026-05-20' });
    expect(reading!.fields.fixVersions).toBe('Payments 2.4');
    expect(reading!.description!.split('\n')[0]).toBe('# Why');
    expect(reading!.description).toContain('## Release plan');
    expect(reading!.description).not.toContain('3-D Secure 2 integration'); // a child issue line, outside the description
  });
  it('mounts inside the modal', () => {
    expect(mount).not.toBeNull();
    expect(dialog.contains(mount!.anchor)).toBe(true);
    expect(mount!.anchor.closest('[data-testid="platform-board-kit.ui.card.card"]')).toBeNull();
    expect(isEditable(mount!.anchor)).toBe(false);
  });
  it('does not read another issue when the URL names one that is not open', () => {
    const other = ctx(c.doc, 'https://acme.atlassian.net/jira/software/projects/PAY/boards/12?selectedIssue=PAY-21');
    const r = jiraAdapter.detect(other)!;
    expect(r.id).toBe('PAY-21'); // identity from the URL…
    expect(jiraAdapter.read(other, r)).toBeNull(); // …but the modal shows PAY-88: nothing is read
    expect(jiraAdapter.mountPoint(other, r)).toBeNull();
  });
});

describe('jira: issue open in the right-hand panel of a list (selectedIssue)', () => {
  const c = ctx('list-sidepanel-en.html', 'https://acme.atlassian.net/jira/software/c/projects/MKT/list?selectedIssue=MKT-145');
  const { ref, reading, mount } = open(c);
  it('reads the panel, not the list rows', () => {
    expect(ref.id).toBe('MKT-145');
    expect(c.doc.querySelectorAll('[data-testid="native-issue-table.ui.issue-row"]').length).toBe(10);
    expect(reading!.title).toBe('Ad creatives (5 variants)');
    expect(reading!.owner).toBe('Anna Smirnova');
    expect(reading!.labels).toEqual(['campaign', 'creative']);
    expect(reading!.dates).toEqual({ due: '2026-05-12' });
    expect(reading!.description).toBe('# Formats\n- 1080×1080 static\n- 9:16 video, 15 s\n## Deadline\nMay 12, 2026');
  });
  it('mounts inside the panel', () => {
    const panel = c.doc.querySelector('[data-testid="issue-view-layout.compact-layout.side-panel"]')!;
    expect(panel.contains(mount!.anchor)).toBe(true);
    expect(isEditable(mount!.anchor)).toBe(false);
  });
});

describe('jira: board with no issue open', () => {
  it('detects nothing', () => {
    const c = ctx('board-no-issue.html', 'https://acme.atlassian.net/jira/software/projects/PAY/boards/12');
    expect(jiraAdapter.detect(c)).toBeNull();
    const backlog = ctx(c.doc, 'https://acme.atlassian.net/jira/software/projects/PAY/boards/12/backlog');
    expect(jiraAdapter.detect(backlog)).toBeNull();
  });
});

describe('jira: layout changed', () => {
  it('detects the item from the URL but does not recognise the layout', () => {
    const c = ctx('issue-layout-changed.html', 'https://acme.atlassian.net/browse/MKT-160');
    const ref = jiraAdapter.detect(c)!;
    expect(ref.id).toBe('MKT-160');
    expect(jiraAdapter.read(c, ref)).toBeNull();
    expect(jiraAdapter.mountPoint(c, ref)).toBeNull();
  });
});

describe('jira: dark theme, markup in the title', () => {
  const c = ctx('issue-dark-xss.html', 'https://acme.atlassian.net/browse/MKT-150');
  const { reading } = open(c);
  it('reads the title as text', () => {
    expect(reading!.title).toBe('<img src=x onerror=alert(1)>');
    expect(c.doc.querySelector('h1 img')).toBeNull();
    expect(reading!.owner).toBeUndefined(); // "Unassigned"
    expect(reading!.dates.due).toBe('2026-06-03');
    expect(reading!.description).toBe('Title above is a literal string from a pasted log.\n### Steps\n- Paste the snippet\n- Save');
  });
  it('is dark', () => {
    expect(jiraAdapter.theme(c.doc)).toBe('dark');
  });
});

describe('jira: Data Center on a custom host', () => {
  const custom = { jira: ['jira.acme-corp.ru'] };
  const url = 'https://jira.acme-corp.ru/jira/browse/OPS-7';
  it('serves the host only when the user added it', () => {
    expect(jiraAdapter.matchesHost(new URL(url), custom)).toBe(true);
    expect(jiraAdapter.matchesHost(new URL(url), {})).toBe(false);
    expect(jiraAdapter.detect(ctx('dc-issue-custom-host.html', url))).toBeNull();
  });
  it('reads the classic issue view', () => {
    const c = ctx('dc-issue-custom-host.html', url, custom);
    const { ref, reading, mount } = open(c);
    expect(itemKey(ref)).toBe('jira:jira.acme-corp.ru:issue:OPS-7');
    expect(reading!.title).toBe('Release notice for Payments 2.4');
    expect(reading!.status).toBe('In Progress');
    expect(reading!.labels).toEqual(['release', 'notice']);
    expect(reading!.owner).toBe('Dmitry Orlov');
    expect(reading!.dates).toEqual({ due: '2026-05-17', release: '2026-05-20' });
    expect(reading!.description).toBe(
      '# What changes\nNew card form with 3-D Secure 2 and saved cards.\n## Who needs to know\n- Marketing (campaign MKT-142)\n- Analytics (dashboards)\n- Support',
    );
    expect(mount!.anchor.id).toBe('datesmodule'); // below People and Dates in the sidebar
    expect(mount!.append).toBe('after');
    expect(mount!.anchor.closest('#viewissuesidebar')).not.toBeNull();
    expect(isEditable(mount!.anchor)).toBe(false);
  });
});

describe('jira: navigation in one document', () => {
  it('follows A → B → nothing', () => {
    const doc = load('board-modal-en.html');
    const base = 'https://acme.atlassian.net/jira/software/projects/PAY/boards/12';
    // A: PAY-88 in the modal
    let c = ctx(doc, `${base}?selectedIssue=PAY-88`);
    expect(jiraAdapter.read(c, jiraAdapter.detect(c)!)!.title).toBe('Payment form rework');

    // B: Jira re-renders the modal for PAY-90 (breadcrumb, heading, description)
    const dialog = doc.querySelector('[data-testid="issue.views.issue-details.issue-modal.modal-dialog"]')!;
    const crumb = dialog.querySelector('[data-testid="issue.views.issue-base.foundation.breadcrumbs.current-issue.item"]')!;
    crumb.setAttribute('href', '/browse/PAY-90');
    crumb.textContent = 'PAY-90';
    dialog.querySelector('h1[data-testid="issue.views.issue-base.foundation.summary.heading"]')!.textContent = 'Saved cards API';
    const desc = dialog.querySelector('[data-testid="issue.views.field.rich-text.description"] .ak-renderer-document')!;
    desc.replaceChildren(Object.assign(doc.createElement('p'), { textContent: 'Store tokens, never PANs.' }));
    c = ctx(doc, `${base}?selectedIssue=PAY-90`);
    const b = jiraAdapter.detect(c)!;
    expect(b.id).toBe('PAY-90');
    const rb = jiraAdapter.read(c, b)!;
    expect(rb.title).toBe('Saved cards API');
    expect(rb.description).toBe('Store tokens, never PANs.');
    // the URL has moved on but the modal still shows B: A is not read from it
    expect(jiraAdapter.read(ctx(doc, `${base}?selectedIssue=PAY-88`), { ...b, id: 'PAY-88' })).toBeNull();

    // nothing: the modal closes, the URL drops selectedIssue
    doc.querySelector('.atlaskit-portal')!.remove();
    c = ctx(doc, base);
    expect(jiraAdapter.detect(c)).toBeNull();
  });
});

describe('jira: REST fallback', () => {
  it('fills only missing fields, validated, and never throws', async () => {
    const c = ctx('issue-layout-changed.html', 'https://acme.atlassian.net/browse/MKT-160');
    const ref = jiraAdapter.detect(c)!;
    const calls: string[] = [];
    const fetchOk = (async (u: string) => {
      calls.push(u);
      return new Response(
        JSON.stringify({ key: 'MKT-160', fields: { summary: 'Newsletter redesign', duedate: '2026-07-01', labels: ['email'], status: { name: 'In Review' } } }),
      );
    }) as unknown as typeof fetch;
    const got = await jiraAdapter.fetchMissing!(c, ref, { dates: {}, labels: [], fields: {} }, fetchOk);
    expect(calls).toEqual(['https://acme.atlassian.net/rest/api/3/issue/MKT-160?fields=summary,status,duedate,labels,assignee,issuelinks,subtasks,parent']);
    expect(got).toEqual({ title: 'Newsletter redesign', status: 'In Review', labels: ['email'], dates: { due: '2026-07-01' } });
    const fetchBad = (async () => new Response('{"key":"OTHER-1","fields":{}}')) as unknown as typeof fetch;
    expect(await jiraAdapter.fetchMissing!(c, ref, { dates: {}, labels: [], fields: {} }, fetchBad)).toEqual({});
    const fetchThrows = (async () => {
      throw new Error('offline');
    }) as unknown as typeof fetch;
    expect(await jiraAdapter.fetchMissing!(c, ref, { dates: {}, labels: [], fields: {} }, fetchThrows)).toEqual({});
  });
});

describe('jira: backlog with the issue in the 2026 preview panel (section, not a dialog)', () => {
  const url = 'https://acme.atlassian.net/jira/software/projects/MKT/boards/7/backlog?selectedIssue=MKT-171';
  const c = ctx('backlog-preview-panel-en.html', url);
  const { ref, reading, mount } = open(c);
  const panel = c.doc.querySelector('section[data-testid="preview-panels.preview-panel"]')!;

  it('finds the issue in the panel, not the parent in the breadcrumb nor the backlog rows', () => {
    expect(ref.id).toBe('MKT-171');
    expect(panel.closest('[role="dialog"]')).toBeNull();
    expect(jiraAdapter.itemRoot!(c, ref)).toBe(panel);
    expect(reading!.title).toBe('Retargeting audiences for the spring campaign');
    expect(reading!.status).toBe('In Review'); // status-and-approval strip
    expect(reading!.labels).toEqual(['campaign', 'retargeting']); // issue.views.issue-base.context.labels
    expect(reading!.dates).toEqual({ due: '2026-05-20' }); // coloured due date of the details group, not the child's May 2
    expect(reading!.owner).toBe('Mahendra Joshi'); // profile card: the name drawn twice is read once
    expect(reading!.description).toBe('## Audiences\n- Visitors of /pricing in the last 30 days\n- Trial users who did not convert\nBudget: 40,000 RUB');
  });
  it('mounts inside the panel below the summary, never in the comment box or description', () => {
    expect(mount).not.toBeNull();
    expect(panel.contains(mount!.anchor)).toBe(true);
    expect(isEditable(mount!.anchor)).toBe(false);
    expect(mount!.anchor.closest('[data-testid="issue.views.field.rich-text.description"]')).toBeNull();
  });
  it('does not read the panel for another issue of the backlog', () => {
    const other = ctx(c.doc, url.replace('MKT-171', 'MKT-170'));
    expect(jiraAdapter.read(other, jiraAdapter.detect(other)!)).toBeNull();
  });
  it('takes the key from the panel\'s "open in new tab" link when the breadcrumb is not rendered yet', () => {
    const doc = load('backlog-preview-panel-en.html');
    doc.querySelector('[data-testid="issue.views.issue-base.foundation.breadcrumbs.breadcrumb-current-issue-container"]')!.remove();
    const cc = ctx(doc, url);
    expect(jiraAdapter.read(cc, jiraAdapter.detect(cc)!)!.title).toBe('Retargeting audiences for the spring campaign');
    const wrong = ctx(doc, url.replace('MKT-171', 'MKT-172'));
    expect(jiraAdapter.read(wrong, jiraAdapter.detect(wrong)!)).toBeNull();
  });
});

describe('jira: older data-test-id spelling and a read-only status lozenge (inline page)', () => {
  const html = `<!DOCTYPE html><html><body>
    <div role="dialog" data-testid="issue.views.issue-details.issue-modal.modal-dialog">
      <a data-test-id="issue.views.issue-base.foundation.breadcrumbs.current-issue.item" href="/browse/OPS-12"><span>OPS-12</span></a>
      <h1 data-test-id="issue.views.issue-base.foundation.summary.heading">Rotate the CDN certificate</h1>
      <div data-test-id="issue.views.field.rich-text.description"><div class="ak-renderer-document"><p>Expires on June 1.</p></div></div>
      <span data-testid="issue.fields.status.common.ui.status-lozenge.3">Blocked</span>
      <div data-test-id="issue.views.field.user.assignee"><span data-testid="issue.views.field.user.assignee.name.wrapper">Dmitry Orlov</span></div>
    </div>
    <div data-testid="platform-board-kit.ui.card.card"><h1 data-test-id="issue.views.issue-base.foundation.summary.heading">Other card</h1></div>
  </body></html>`;
  it('reads title, description, status and owner', () => {
    const c = ctx(new DOMParser().parseFromString(html, 'text/html'), 'https://acme.atlassian.net/jira/software/projects/OPS/boards/3?selectedIssue=OPS-12');
    const { reading } = open(c);
    expect(reading).toEqual({
      title: 'Rotate the CDN certificate',
      description: 'Expires on June 1.',
      status: 'Blocked',
      owner: 'Dmitry Orlov',
      dates: {},
      labels: [],
      fields: {},
    });
  });
});

describe('jira: empty description shows a placeholder, not a renderer (inline page)', () => {
  const page = (desc: string) =>
    new DOMParser().parseFromString(
      `<!DOCTYPE html><html><body><div data-testid="issue.views.issue-details.issue-layout.issue-layout">
        <a data-testid="issue.views.issue-base.foundation.breadcrumbs.current-issue.item" href="/browse/MKT-200">MKT-200</a>
        <h1 data-testid="issue.views.issue-base.foundation.summary.heading">Autumn promo</h1>
        <div data-testid="issue.views.field.rich-text.description">${desc}</div>
      </div></body></html>`,
      'text/html',
    );
  const read = (doc: Document) => {
    const c = ctx(doc, 'https://acme.atlassian.net/browse/MKT-200');
    return jiraAdapter.read(c, jiraAdapter.detect(c)!)!;
  };
  it('reads no description from the placeholder (EN and RU)', () => {
    expect(read(page('<h2>Description</h2><div role="button" tabindex="0"><p>Add a description…</p></div>')).description).toBeUndefined();
    expect(read(page('<h2>Описание</h2><div><p>Добавьте описание…</p></div>')).description).toBeUndefined();
  });
  it('still reads text without the renderer class, minus the field heading', () => {
    expect(read(page('<h2>Description</h2><div><h3>Goal</h3><p>600 sign-ups.</p></div>')).description).toBe('### Goal\n600 sign-ups.');
  });
});

describe('jira: owner without a name wrapper (inline page)', () => {
  it('drops the Russian "assign to me" button text', () => {
    const doc = new DOMParser().parseFromString(
      `<!DOCTYPE html><html><body><div data-testid="issue.views.issue-details.issue-layout.issue-layout">
        <a data-testid="issue.views.issue-base.foundation.breadcrumbs.current-issue.item" href="/browse/MKT-201">MKT-201</a>
        <h1 data-testid="issue.views.issue-base.foundation.summary.heading">Осенняя акция</h1>
        <div data-testid="issue.views.field.user.assignee"><span>Мария Иванова</span><button type="button">Назначить меня</button></div>
      </div></body></html>`,
      'text/html',
    );
    const c = ctx(doc, 'https://acme.atlassian.net/browse/MKT-201');
    expect(jiraAdapter.read(c, jiraAdapter.detect(c)!)!.owner).toBe('Мария Иванова');
  });
});

describe('jira: issue navigator URL /jira/…/projects/P/issues/KEY', () => {
  it('detects the key from the last segment, same item key as /browse/KEY, and reads the view', () => {
    const url = 'https://acme.atlassian.net/jira/software/c/projects/MKT/issues/MKT-142?jql=project%20%3D%20MKT%20ORDER%20BY%20created%20DESC';
    const c = ctx('issue-browse-en.html', url);
    const ref = jiraAdapter.detect(c)!;
    expect(itemKey(ref)).toBe('jira:acme.atlassian.net:issue:MKT-142');
    expect(jiraAdapter.read(c, ref)!.title).toBe('Spring campaign: "best SEO course" search launch');
    expect(jiraAdapter.detect(ctx(c.doc, 'https://acme.atlassian.net/jira/software/c/projects/MKT/issues'))).toBeNull();
    expect(jiraAdapter.detect(ctx(c.doc, 'https://acme.atlassian.net/jira/software/c/projects/MKT/issues/not-a-key'))).toBeNull();
    expect(jiraAdapter.detect(ctx(c.doc, 'https://example.com/jira/software/c/projects/MKT/issues/MKT-142'))).toBeNull();
  });
});
