/**
 * More leads for the sample workspace, so the lead quality page has something to measure: four
 * months of leads from five sources, with sales' verdicts and rejection reasons, the first contact
 * each rep recorded (a few late, a few "contacted — time unknown"), and what the CRM record said
 * when it was last seen (some are won deals). The spring SEO course brings more than half of all
 * leads — the concentration DOMAIN.md §4 warns about.
 *
 * Notes and clock events go through the store like any edit; the CRM records' snapshots go to
 * IndexedDB like the ones a rep's browser saves (writeSampleLeadSnapshots, from the background).
 * None of these leads is marked as a lead item (itemMeta), so they never reach the inbox.
 */
import { itemKey, parseItemUrl } from '../core/item-ref';
import type { ItemSnapshot, LeadNote } from '../core/schemas';
import { CONTACT_TIME_UNKNOWN } from '../core/sla';
import type { Store } from '../store';

const DAY = 86_400_000;
const MIN = 60_000;
const iso = (t: number) => new Date(t).toISOString();

interface SourceSpec {
  source: string;
  campaign: string;
  /** One letter per lead, newest first: r rejected, m MQL, s SQL, d SQL that became a won deal, o not judged yet. */
  verdicts: string;
  reasons: string[];
  /** Days between two leads of this source. */
  every: number;
  crm: 'amocrm' | 'hubspot' | 'bitrix' | 'pipedrive';
}

const SOURCES: SourceSpec[] = [
  { source: 'spring-seo-course', campaign: 'spring-seo-course', verdicts: 'ormrsrdmrrmsrrmdrmsrrm', reasons: ['student', 'student', 'not-target-segment', 'wrong-contact-data', 'no-budget', 'student'], every: 5, crm: 'amocrm' },
  { source: 'yandex-direct-brand', campaign: 'brand-search-q4', verdicts: 'msdmrsmds', reasons: ['duplicate', 'no-need'], every: 12, crm: 'bitrix' },
  { source: 'google-ads-search', campaign: 'seo-course-search', verdicts: 'rmrsmrdr', reasons: ['spam', 'not-target-segment', 'no-budget'], every: 13, crm: 'hubspot' },
  { source: 'webinar', campaign: 'analytics-webinar-nov', verdicts: 'smdms', reasons: [], every: 6, crm: 'pipedrive' },
  { source: 'referral', campaign: 'partner-referrals', verdicts: 'dsm', reasons: [], every: 20, crm: 'hubspot' },
];

const NAMES = [
  'Ирина Смирнова — ООО «Вектор»', 'Dmitry Orlov, Orbita LLC', 'Алексей Ковалёв', 'Natalia Fedorova — Lumen Retail', 'ООО «Северный ветер»',
  'Pavel Nikitin', 'Екатерина Белова, ИП', 'Sergey Volkov — Kama Logistics', 'Ольга Морозова', 'Andrey Lebedev, Nord Foods',
  'Марина Зайцева — «Техноплюс»', 'Ivan Popov', 'Юлия Соколова', 'Roman Egorov — Delta Clinics', 'Антон Кузьмин, «СтройДом»',
];

const WON: Record<SourceSpec['crm'], string> = { amocrm: 'Успешно реализовано', bitrix: 'Сделка успешна', hubspot: 'Customer', pipedrive: 'Won' };
const LOST: Record<SourceSpec['crm'], string> = { amocrm: 'Закрыто и не реализовано', bitrix: 'Сделка провалена', hubspot: 'Unqualified', pipedrive: 'Lost' };
const OPEN: Record<SourceSpec['crm'], string> = { amocrm: 'Переговоры', bitrix: 'В работе', hubspot: 'Sales Qualified Lead', pipedrive: 'Proposal Made' };

function urlOf(crm: SourceSpec['crm'], n: number): string {
  switch (crm) {
    case 'amocrm':
      return `https://acme.amocrm.ru/leads/detail/${24_690_000 + n}`;
    case 'bitrix':
      return `https://acme.bitrix24.ru/crm/deal/details/${500 + n}/`;
    case 'hubspot':
      return `https://app.hubspot.com/contacts/4471234/record/0-1/${90_120_000 + n}`;
    case 'pipedrive':
      return `https://acme.pipedrive.com/deal/${1900 + n}`;
  }
}

export interface SampleLead {
  note: LeadNote;
  snapshot: ItemSnapshot;
  /** "Contacted — time unknown": a stop event without a real time. */
  contactUnknown: boolean;
}

let keys: ReadonlySet<string> | undefined;
/** The item keys of the extra sample leads (their CRM records; the same whatever the date). */
export function sampleLeadKeys(): ReadonlySet<string> {
  return (keys ??= new Set(sampleLeads(new Date(0)).map((l) => l.note.itemKey)));
}

/** The extra sample leads, relative to now. */
export function sampleLeads(nowInput: Date = new Date()): SampleLead[] {
  const now = nowInput.getTime();
  const out: SampleLead[] = [];
  let n = 0;
  for (const s of SOURCES) {
    [...s.verdicts].forEach((v, i) => {
      n++;
      const url = urlOf(s.crm, n);
      const ref = parseItemUrl(url)!;
      const key = itemKey(ref);
      // Newest first, a few hours apart within a day so clocks start at different times.
      const created = now - (2 + i * s.every) * DAY - ((n * 97) % 420) * MIN;
      const high = n % 3 === 0;
      // Most first contacts within the target; every 7th three days later (breached); every 11th seen only as "contacted".
      const late = n % 7 === 3;
      const unknown = !late && n % 11 === 5;
      const contactAfter = late ? 3 * DAY : (high ? 12 + (n % 15) : 40 + ((n * 13) % 150)) * MIN;
      const verdict = v === 'r' ? 'rejected' : v === 'm' ? 'mql' : v === 'o' ? 'open' : 'sql';
      const reason = v === 'r' ? s.reasons[i % s.reasons.length] ?? 'not-target-segment' : undefined;
      const note: LeadNote = {
        id: `sample-lead-${n}`,
        itemKey: key,
        criteria:
          v === 'r'
            ? { segment: reason !== 'not-target-segment', intent: true, exclusions: reason !== 'student' }
            : v === 'o'
              ? { intent: true }
              : { segment: true, intent: true, exclusions: true, need: v !== 'm', contactable: true },
        intent: high ? 'high' : 'normal',
        verdict,
        ...(reason ? { rejectionReasonId: reason } : {}),
        source: s.source,
        campaign: s.campaign,
        authorTeamId: 'sales',
        at: iso(created + contactAfter + 20 * MIN),
        ...(unknown ? {} : { firstContactAt: iso(created + contactAfter) }),
      };
      const status = v === 'd' ? WON[s.crm] : v === 'r' ? LOST[s.crm] : OPEN[s.crm];
      out.push({
        note,
        contactUnknown: unknown,
        snapshot: {
          key,
          ref,
          title: NAMES[n % NAMES.length]!,
          status,
          dates: { created: iso(created) },
          labels: [],
          url,
          seenAt: iso(created + contactAfter + (v === 'd' ? 9 : 1) * DAY > now ? now - MIN : created + contactAfter + (v === 'd' ? 9 : 1) * DAY),
        },
      });
    });
  }
  return out;
}

/** Writes the extra leads' notes and clock events through the sample loader's `put` (which skips what exists and counts). */
export async function loadSampleLeads(put: (...args: Parameters<Store['put']>) => Promise<void>, now: Date, by: { person: string }): Promise<void> {
  for (const l of sampleLeads(now)) {
    await put('leadNotes', l.note, by);
    if (l.contactUnknown) {
      const at = l.note.at;
      await put('slaEvents', {
        itemKey: l.note.itemKey,
        events: [
          { itemKey: l.note.itemKey, policyId: 'lead-first-contact', type: 'start', at: l.snapshot.dates.created!, by: 'first-seen' },
          { itemKey: l.note.itemKey, policyId: 'lead-first-contact', type: 'stop', at, by: CONTACT_TIME_UNKNOWN },
        ],
      }, by);
    }
  }
}

/** The CRM records of the extra leads as a rep's browser would have seen them (IndexedDB snapshots). */
export async function writeSampleLeadSnapshots(putSnapshot: (s: ItemSnapshot) => Promise<void>, now: Date): Promise<void> {
  for (const l of sampleLeads(now)) await putSnapshot(l.snapshot);
}
