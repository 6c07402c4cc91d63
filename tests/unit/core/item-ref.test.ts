import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  itemKey,
  KINDS_BY_TOOL,
  parseItemKey,
  parseItemUrl,
  resolveItemKey,
  sameItem,
  TOOLS,
  withWorkspace,
  type CustomHosts,
  type ItemRef,
} from '@/lib/core/item-ref';

const CUSTOM: CustomHosts = { jira: ['jira.example.com', 'tracker.corp.local:8443'], bitrix24: ['crm.example.ru'] };

/** Every realistic item URL of every host, with the key it must give (shared/HOSTS.md; issue 5, point 4). */
const ITEM_URLS: Record<string, readonly [url: string, key: string][]> = {
  'jira/issue': [
    ['https://acme.atlassian.net/browse/MKT-1', 'jira:acme.atlassian.net:issue:MKT-1'],
    ['https://acme.atlassian.net/browse/MKT-123?focusedCommentId=10001', 'jira:acme.atlassian.net:issue:MKT-123'],
    ['https://acme.atlassian.net/jira/software/projects/MKT/boards/1?selectedIssue=MKT-12', 'jira:acme.atlassian.net:issue:MKT-12'],
    ['https://acme.atlassian.net/jira/software/c/projects/MKT/boards/3/backlog?selectedIssue=MKT-7', 'jira:acme.atlassian.net:issue:MKT-7'],
    ['https://acme.atlassian.net/jira/software/projects/MKT/list?selectedIssue=MKT2-9', 'jira:acme.atlassian.net:issue:MKT2-9'],
    ['https://acme.atlassian.net/jira/core/projects/OPS/board?selectedIssue=OPS_X-4', 'jira:acme.atlassian.net:issue:OPS_X-4'],
    ['https://acme.atlassian.net/jira/servicedesk/projects/SD/queues/custom/1/SD-12', 'jira:acme.atlassian.net:issue:SD-12'],
    ['https://jira.example.com/browse/OPS-5', 'jira:jira.example.com:issue:OPS-5'],
    ['https://tracker.corp.local:8443/jira/browse/OPS-6', 'jira:tracker.corp.local:8443:issue:OPS-6'],
    ['https://jira.example.com/secure/RapidBoard.jspa?rapidView=1&selectedIssue=OPS-7', 'jira:jira.example.com:issue:OPS-7'],
  ],
  'trello/card': [
    ['https://trello.com/c/AbCd1234/12-launch-campaign', 'trello:trello.com:card:AbCd1234'],
    ['https://trello.com/c/AbCd1234', 'trello:trello.com:card:AbCd1234'],
    ['https://trello.com/c/Zz9yXw8V/345-%D0%B7%D0%B0%D0%BF%D1%83%D1%81%D0%BA', 'trello:trello.com:card:Zz9yXw8V'],
  ],
  'notion/page': [
    ['https://www.notion.so/acme/Launch-plan-0123456789abcdef0123456789abcdef', 'notion:notion.so:page:0123456789abcdef0123456789abcdef'],
    ['https://www.notion.so/0123456789ABCDEF0123456789abcdef', 'notion:notion.so:page:0123456789abcdef0123456789abcdef'],
    ['https://www.notion.so/acme/fedcba9876543210fedcba9876543210?v=1111111111111111aaaaaaaaaaaaaaaa&p=0123456789abcdef0123456789abcdef&pm=s', 'notion:notion.so:page:0123456789abcdef0123456789abcdef'],
    ['https://acme.notion.site/Public-page-0123456789abcdef0123456789abcdef', 'notion:notion.so:page:0123456789abcdef0123456789abcdef'],
    ['https://www.notion.so/01234567-89ab-cdef-0123-456789abcdef', 'notion:notion.so:page:0123456789abcdef0123456789abcdef'],
    ['https://www.notion.so/acme/%D0%91%D1%80%D0%B8%D1%84-0123456789abcdef0123456789abcdef', 'notion:notion.so:page:0123456789abcdef0123456789abcdef'],
  ],
  'hubspot/contact': [
    ['https://app.hubspot.com/contacts/1234567/record/0-1/51', 'hubspot:1234567:contact:51'],
    ['https://app.hubspot.com/contacts/1234567/contact/51', 'hubspot:1234567:contact:51'],
  ],
  'hubspot/company': [
    ['https://app-eu1.hubspot.com/contacts/1234567/record/0-2/77', 'hubspot:1234567:company:77'],
    ['https://app.hubspot.com/contacts/1234567/company/77/', 'hubspot:1234567:company:77'],
  ],
  'hubspot/deal': [
    ['https://app.hubspot.com/contacts/1234567/record/0-3/901?eschref=%2Fcontacts', 'hubspot:1234567:deal:901'],
    ['https://app.hubspot.com/contacts/1234567/deal/901', 'hubspot:1234567:deal:901'],
  ],
  'hubspot/ticket': [['https://app-eu1.hubspot.com/contacts/1234567/record/0-5/11', 'hubspot:1234567:ticket:11']],
  'salesforce/lead': [
    ['https://acme.lightning.force.com/lightning/r/Lead/00Q5g00000AbCdEEAZ/view', 'salesforce:acme:lead:00Q5g00000AbCdEEAZ'],
    ['https://acme.my.salesforce.com/00Q5g00000AbCdE', 'salesforce:acme:lead:00Q5g00000AbCdE'],
    ['https://acme.lightning.force.com/lightning/r/00Q5g00000AbCdEEAZ/view', 'salesforce:acme:lead:00Q5g00000AbCdEEAZ'],
  ],
  'salesforce/contact': [['https://acme.lightning.force.com/lightning/r/Contact/0035g00000AbCdE/view', 'salesforce:acme:contact:0035g00000AbCdE']],
  'salesforce/account': [['https://acme--sandbox.lightning.force.com/lightning/r/Account/0015g00000AbCdEAAZ/view', 'salesforce:acme--sandbox:account:0015g00000AbCdEAAZ']],
  'salesforce/opportunity': [['https://acme.lightning.force.com/lightning/r/Opportunity/0065g00000AbCdEAAZ/view', 'salesforce:acme:opportunity:0065g00000AbCdEAAZ']],
  'salesforce/case': [['https://acme.lightning.force.com/lightning/r/Case/5005g00000AbCdEAAZ/view', 'salesforce:acme:case:5005g00000AbCdEAAZ']],
  'pipedrive/deal': [['https://acme.pipedrive.com/deal/123', 'pipedrive:acme:deal:123']],
  'pipedrive/person': [['https://acme.pipedrive.com/person/45', 'pipedrive:acme:person:45']],
  'pipedrive/organization': [['https://acme.pipedrive.com/organization/6', 'pipedrive:acme:organization:6']],
  'pipedrive/lead': [['https://acme.pipedrive.com/leads/inbox/2F1C3E5A-1B2C-4D5E-8F90-1234567890AB', 'pipedrive:acme:lead:2f1c3e5a-1b2c-4d5e-8f90-1234567890ab']],
  'amocrm/lead': [
    ['https://acme.amocrm.ru/leads/detail/123', 'amocrm:acme:lead:123'],
    ['https://acme.kommo.com/leads/detail/124?tab=notes', 'amocrm:acme:lead:124'],
  ],
  'amocrm/contact': [['https://acme.kommo.com/contacts/detail/45', 'amocrm:acme:contact:45']],
  'amocrm/company': [['https://acme.amocrm.com/companies/detail/6', 'amocrm:acme:company:6']],
  'bitrix24/deal': [
    ['https://acme.bitrix24.ru/crm/deal/details/123/', 'bitrix24:acme.bitrix24.ru:deal:123'],
    ['https://acme.bitrix24.com/crm/deal/details/9/?IFRAME=Y&IFRAME_TYPE=SIDE_SLIDER', 'bitrix24:acme.bitrix24.com:deal:9'],
    ['https://crm.example.ru/crm/deal/details/5/', 'bitrix24:crm.example.ru:deal:5'],
  ],
  'bitrix24/lead': [['https://acme.bitrix24.ru/crm/lead/details/4/', 'bitrix24:acme.bitrix24.ru:lead:4']],
  'bitrix24/contact': [['https://acme.bitrix24.de/crm/contact/details/8/', 'bitrix24:acme.bitrix24.de:contact:8']],
  'bitrix24/company': [['https://acme.bitrix24.com.br/crm/company/details/2/', 'bitrix24:acme.bitrix24.com.br:company:2']],
  // Issue 15: the task view with and without the team id (custom task ids need it), the Asana pane over a
  // project and the older /0/ forms, Linear with and without the title slug, monday.com's item card.
  'clickup/task': [
    ['https://app.clickup.com/t/86b3xdnyf', 'clickup:app:task:86b3xdnyf'],
    ['https://app.clickup.com/t/86b3xdnyf?comment=90120012345', 'clickup:app:task:86b3xdnyf'],
    ['https://app.clickup.com/t/9012345678/MKT-142', 'clickup:9012345678:task:MKT-142'],
    ['https://app.clickup.com/t/43227262/PRDV-14055', 'clickup:43227262:task:PRDV-14055'],
    ['https://app.clickup.com/t/9012345678/86b3xdnyf', 'clickup:9012345678:task:86b3xdnyf'],
  ],
  'asana/task': [
    ['https://app.asana.com/1/1201234567890123/project/1209876543210987/task/1211122233344455', 'asana:1201234567890123:task:1211122233344455'],
    ['https://app.asana.com/1/1201234567890123/project/1209876543210987/task/1211122233344455?focus=true', 'asana:1201234567890123:task:1211122233344455'],
    ['https://app.asana.com/1/1201234567890123/task/1211122233344455', 'asana:1201234567890123:task:1211122233344455'],
    ['https://app.asana.com/0/1209876543210987/1211122233344455', 'asana:app:task:1211122233344455'],
    ['https://app.asana.com/0/1209876543210987/1211122233344455/f', 'asana:app:task:1211122233344455'],
    ['https://app.asana.com/0/0/1211122233344455/f', 'asana:app:task:1211122233344455'],
    ['https://app.asana.com/0/search/1209876543210987/1211122233344455', 'asana:app:task:1211122233344455'],
  ],
  'linear/issue': [
    ['https://linear.app/acme/issue/MKT-42/spring-campaign-best-seo-course', 'linear:acme:issue:MKT-42'],
    ['https://linear.app/acme/issue/MKT-42', 'linear:acme:issue:MKT-42'],
    ['https://linear.app/acme/issue/MKT-42/renamed-title-slug#comment-5f1a2b3c', 'linear:acme:issue:MKT-42'],
    ['https://linear.app/acme-corp/issue/PAY2-7/payment-form', 'linear:acme-corp:issue:PAY2-7'],
  ],
  'monday/item': [
    ['https://acme.monday.com/boards/1234567890/pulses/9876543210', 'monday:acme:item:9876543210'],
    ['https://acme.monday.com/boards/1234567890/views/55500011/pulses/9876543210', 'monday:acme:item:9876543210'],
    ['https://acme-marketing.monday.com/boards/1234567890/pulses/9876543211?userId=4411', 'monday:acme-marketing:item:9876543211'],
  ],
};

/** Lists, boards, dashboards, new-record forms, marketing sites and look-alike hosts: no item. */
const NO_ITEM_URLS: readonly string[] = [
  'https://acme.atlassian.net/jira/software/projects/MKT/boards/1',
  'https://acme.atlassian.net/jira/software/c/projects/MKT/boards/3/backlog',
  'https://acme.atlassian.net/jira/your-work',
  'https://acme.atlassian.net/jira/dashboards/10000',
  'https://acme.atlassian.net/browse/MKT',
  'https://acme.atlassian.net/jira/software/projects/MKT/boards/1?selectedIssue=not-a-key',
  'https://acme.atlassian.net/wiki/spaces/MKT/pages/123/Brief',
  'https://jira.example.com/browse/OPS-5?x=1'.replace('jira.example.com', 'jira.other.com'),
  'https://trello.com/b/XyZ98765/marketing',
  'https://trello.com/u/anna/boards',
  'https://trello.com/',
  'https://trello.com/c/short',
  'https://www.notion.so/',
  'https://www.notion.so/acme',
  'https://www.notion.so/acme/fedcba9876543210fedcba9876543210?v=1111111111111111aaaaaaaaaaaaaaaa',
  'https://app.hubspot.com/contacts/1234567/objects/0-1/views/all/list',
  'https://app.hubspot.com/reports-dashboard/1234567',
  'https://app.hubspot.com/contacts/1234567/record/0-7/1',
  'https://acme.lightning.force.com/lightning/o/Lead/list?filterName=Recent',
  'https://acme.lightning.force.com/lightning/page/home',
  'https://acme.lightning.force.com/lightning/r/Report/00O5g000000AbCdEAK/view',
  'https://acme.pipedrive.com/pipeline/1/user/everyone',
  'https://acme.pipedrive.com/leads/inbox',
  'https://www.pipedrive.com/en/pricing',
  'https://acme.amocrm.ru/leads/pipeline/',
  'https://acme.amocrm.ru/leads/list/',
  'https://acme.amocrm.ru/leads/detail/0',
  'https://www.amocrm.ru/',
  'https://acme.bitrix24.ru/crm/deal/kanban/',
  'https://acme.bitrix24.ru/crm/deal/details/0/',
  'https://acme.bitrix24.ru/stream/',
  'https://www.bitrix24.ru/',
  'https://app.clickup.com/9012345678/v/li/901234567890',
  'https://app.clickup.com/9012345678/v/b/6-901234567890-2',
  'https://app.clickup.com/9012345678/inbox',
  'https://app.clickup.com/9012345678/home',
  'https://app.clickup.com/t/',
  'https://app.clickup.com/t/MKT-142',
  'https://clickup.com/t/86b3xdnyf',
  'https://app.asana.com/1/1201234567890123/project/1209876543210987/list/1209876543210999',
  'https://app.asana.com/1/1201234567890123/project/1209876543210987/board/1209876543210998',
  'https://app.asana.com/1/1201234567890123/inbox/1200000000000001',
  'https://app.asana.com/1/1201234567890123/home',
  'https://app.asana.com/0/1209876543210987/list',
  'https://app.asana.com/0/1209876543210987/board',
  'https://app.asana.com/0/inbox/1200000000000001',
  'https://app.asana.com/0/home/1201234567890123',
  'https://linear.app/acme/team/MKT/active',
  'https://linear.app/acme/project/spring-launch-1a2b3c4d5e6f/issues',
  'https://linear.app/acme/inbox',
  'https://linear.app/acme/my-issues/assigned',
  'https://linear.app/acme/issue/not-a-key',
  'https://linear.app/',
  'https://acme.monday.com/boards/1234567890',
  'https://acme.monday.com/boards/1234567890/views/55500011',
  'https://acme.monday.com/my_work',
  'https://acme.monday.com/inbox',
  'https://www.monday.com/boards/1234567890/pulses/9876543210',
  'https://monday.com/boards/1234567890/pulses/9876543210',
  'https://acme.monday.com/boards/1234567890/pulses/0',
  // Look-alike and foreign hosts.
  'https://app.clickup.com.evil.com/t/86b3xdnyf',
  'https://evil-clickup.com/t/86b3xdnyf',
  'https://app.asana.com.evil.com/0/1209876543210987/1211122233344455',
  'https://linear.app.evil.com/acme/issue/MKT-42',
  'https://acme.monday.com.evil.com/boards/1234567890/pulses/9876543210',
  'https://acme.evil-monday.com/boards/1234567890/pulses/9876543210',
  'https://example.com/browse/MKT-1',
  'https://evil-atlassian.net/browse/MKT-1',
  'https://atlassian.net.evil.com/browse/MKT-1',
  'https://trello.com.evil.com/c/AbCd1234',
  'https://notion.so.evil.com/0123456789abcdef0123456789abcdef',
  'https://app.hubspot.com.evil.com/contacts/1/record/0-1/1',
  'https://acme.bitrix24.evil.co/crm/deal/details/1/',
  'https://acme.bitrix24.ru.evil.com/crm/deal/details/1/',
  'https://evil.com/?u=https://acme.atlassian.net/browse/MKT-1',
  'ftp://acme.atlassian.net/browse/MKT-1',
  'javascript:alert(1)',
  'not a url',
];

const detectors = Object.keys(ITEM_URLS).map((name) => {
  const [tool, kind] = name.split('/') as [string, string];
  return { name, test: (url: string) => { const r = parseItemUrl(url, CUSTOM); return !!r && r.tool === tool && r.kind === kind; } };
});
const allItemUrls = Object.entries(ITEM_URLS).flatMap(([name, list]) => list.map(([url, key]) => ({ name, url, key })));

describe('parseItemUrl cross-matrix', () => {
  it('covers every tool and kind', () => {
    for (const tool of TOOLS) for (const kind of KINDS_BY_TOOL[tool]) expect(ITEM_URLS[`${tool}/${kind}`], `${tool}/${kind}`).toBeDefined();
  });
  for (const d of detectors) {
    describe(d.name, () => {
      it.each(allItemUrls.map((u) => [u.url, u.name] as const))('%s', (url, owner) => {
        expect(d.test(url)).toBe(owner === d.name);
      });
    });
  }
  it.each(allItemUrls.map((u) => [u.url, u.key] as const))('%s → %s', (url, key) => {
    const r = parseItemUrl(url, CUSTOM);
    expect(r && itemKey(r)).toBe(key);
    expect(parseItemKey(key)).toEqual(r);
  });
  it.each(NO_ITEM_URLS.map((u) => [u]))('no item: %s', (url) => {
    expect(parseItemUrl(url, CUSTOM)).toBeNull();
  });
  it('self-hosted Jira and Bitrix24 need the user to add the host', () => {
    expect(parseItemUrl('https://jira.example.com/browse/OPS-5')).toBeNull();
    expect(parseItemUrl('https://crm.example.ru/crm/deal/details/5/')).toBeNull();
    expect(parseItemUrl('https://JIRA.example.com/browse/OPS-5', { jira: ['Jira.Example.com'] })?.workspace).toBe('jira.example.com');
  });
});

// ───────────────────────────── round trip ─────────────────────────────

const idChars = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.'.split(''));
const refArb: fc.Arbitrary<ItemRef> = fc
  .constantFrom(...TOOLS)
  .chain((tool) =>
    fc.record({
      tool: fc.constant(tool),
      workspace: fc.oneof(
        fc.domain(),
        fc.tuple(fc.domain(), fc.integer({ min: 1, max: 65535 })).map(([d, p]) => `${d}:${p}`),
        fc.stringMatching(/^[0-9]{1,9}$/),
      ),
      kind: fc.constantFrom(...KINDS_BY_TOOL[tool]),
      id: fc.array(idChars, { minLength: 1, maxLength: 40 }).map((a) => a.join('')),
    }),
  );

describe('item keys', () => {
  it('property: parseItemKey(itemKey(ref)) = ref, for any valid ref (workspaces with ports too)', () => {
    fc.assert(
      fc.property(refArb, (ref) => {
        expect(parseItemKey(itemKey(ref))).toEqual(ref);
      }),
      { numRuns: 500 },
    );
  });
  it('property: every parsed URL round-trips through its key', () => {
    fc.assert(
      fc.property(fc.constantFrom(...allItemUrls), (u) => {
        const r = parseItemUrl(u.url, CUSTOM)!;
        expect(itemKey(parseItemKey(itemKey(r))!)).toBe(itemKey(r));
      }),
    );
  });
  it('property: generated Jira, Trello and Bitrix24 URLs parse back to the key they were made from', () => {
    // Site and portal names are ASCII labels; `xn--…` would be an IDN (punycode) label the URL parser rewrites.
    const label = fc.stringMatching(/^[a-z][a-z0-9-]{1,20}$/).filter((s) => !/^..--/.test(s));
    const jira = fc.tuple(label, fc.stringMatching(/^[A-Z][A-Z0-9_]{0,9}$/), fc.integer({ min: 1, max: 999999 }), fc.boolean());
    fc.assert(
      fc.property(jira, ([site, project, n, modal]) => {
        const key = `${project}-${n}`;
        const url = modal ? `https://${site}.atlassian.net/jira/software/projects/${project}/boards/1?selectedIssue=${key}` : `https://${site}.atlassian.net/browse/${key}`;
        expect(itemKey(parseItemUrl(url)!)).toBe(`jira:${site}.atlassian.net:issue:${key}`);
      }),
    );
    fc.assert(
      fc.property(fc.stringMatching(/^[a-zA-Z0-9]{8}$/), fc.stringMatching(/^[a-z0-9-]{0,30}$/), (short, slug) => {
        expect(itemKey(parseItemUrl(`https://trello.com/c/${short}/${slug}`)!)).toBe(`trello:trello.com:card:${short}`);
      }),
    );
    fc.assert(
      fc.property(label, fc.constantFrom('deal', 'lead', 'contact', 'company'), fc.integer({ min: 1, max: 10_000_000 }), (portal, kind, id) => {
        expect(itemKey(parseItemUrl(`https://${portal}.bitrix24.ru/crm/${kind}/details/${id}/`)!)).toBe(`bitrix24:${portal}.bitrix24.ru:${kind}:${id}`);
      }),
    );
  });
  it('rejects malformed keys', () => {
    for (const k of ['', 'jira', 'jira:acme', 'jira:acme:issue', 'nope:acme:issue:1', 'jira:acme:card:1', 'jira::issue:1', 'jira:acme:issue:']) {
      expect(parseItemKey(k), k).toBeNull();
    }
  });
});

describe('workspaces a URL does not name (ClickUp team id, Asana workspace gid)', () => {
  const bare = parseItemUrl('https://app.clickup.com/t/86b3xdnyf')!;
  it('the page refines `app` to the team id; a named workspace is never replaced', () => {
    expect(itemKey(withWorkspace(bare, '9012345678'))).toBe('clickup:9012345678:task:86b3xdnyf');
    expect(itemKey(withWorkspace(bare, null))).toBe('clickup:app:task:86b3xdnyf');
    const named = parseItemUrl('https://app.clickup.com/t/9012345678/MKT-142')!;
    expect(withWorkspace(named, '111')).toEqual(named);
    const linear = parseItemUrl('https://linear.app/acme/issue/MKT-42/x')!;
    expect(withWorkspace(linear, 'other')).toEqual(linear);
    expect(itemKey(withWorkspace(parseItemUrl('https://app.asana.com/0/1209876543210987/1211122233344455/f')!, '1201234567890123'))).toBe(
      'asana:1201234567890123:task:1211122233344455',
    );
  });
  it('an unqualified and a qualified key of one task are the same item; different teams or ids are not', () => {
    const full = parseItemKey('clickup:9012345678:task:86b3xdnyf')!;
    expect(sameItem(bare, full)).toBe(true);
    expect(sameItem(full, bare)).toBe(true);
    expect(sameItem(full, parseItemKey('clickup:111:task:86b3xdnyf')!)).toBe(false);
    expect(sameItem(bare, parseItemKey('clickup:9012345678:task:86b3xdnyg')!)).toBe(false);
    expect(sameItem(parseItemKey('linear:app:issue:MKT-1')!, parseItemKey('linear:acme:issue:MKT-1')!)).toBe(false);
  });
  it('a pasted bare link resolves to the key the panel uses when that item is known', () => {
    const known = ['jira:acme.atlassian.net:issue:MKT-1', 'clickup:9012345678:task:86b3xdnyf'];
    expect(resolveItemKey(bare, known)).toBe('clickup:9012345678:task:86b3xdnyf');
    expect(resolveItemKey(bare, ['jira:acme.atlassian.net:issue:MKT-1'])).toBe('clickup:app:task:86b3xdnyf');
    const asana = parseItemUrl('https://app.asana.com/0/0/1211122233344455/f')!;
    expect(resolveItemKey(asana, ['asana:1201234567890123:task:1211122233344455'])).toBe('asana:1201234567890123:task:1211122233344455');
  });
});
