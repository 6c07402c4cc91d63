/**
 * The demo item page's item (entrypoints/demo): the sample workspace's spring campaign as a Jira
 * issue would show it — title, status, people, dates, labels and the brief as the description —
 * and the same content as the ItemReading a host adapter would hand the panel. The page shows
 * exactly what the panel reads, so nothing on it depends on reaching a host.
 *
 * Its key is the sample's campaign key (jira:acme.atlassian.net:issue:MKT-142): the panel's edits
 * are written to the real store under that key and show up in the inbox like any item's.
 */
import type { ItemReading } from '../adapters/types';
import { itemKey, parseItemUrl, type ItemRef } from '../core/item-ref';
import { SAMPLE_URLS } from './sample-workspace';

export interface DemoItem {
  key: string;
  ref: ItemRef;
  /** Where the item would live in Jira (not opened: the demo page stands in for it). */
  url: string;
  project: string;
  title: string;
  status: string;
  priority: string;
  assignee: string;
  reporter: string;
  labels: string[];
  /** The brief: a heading, then its text; `missing` marks what the brief leaves open. */
  brief: { heading: string; lines: string[] }[];
  launch: string;
  end?: string;
  reading: ItemReading;
}

type Lang = 'en' | 'ru';

const TEXT: Record<Lang, Omit<DemoItem, 'key' | 'ref' | 'url' | 'launch' | 'end' | 'reading' | 'brief'> & { brief: (launch: string) => DemoItem['brief'] }> = {
  en: {
    project: 'Marketing',
    title: 'Spring campaign: "best SEO course" search launch',
    status: 'In Progress',
    priority: 'High',
    assignee: 'Maria Ivanova',
    reporter: 'Olga Petrova',
    labels: ['campaign', 'seo', 'spring-launch'],
    brief: (launch) => [
      { heading: 'Campaign brief', lines: ['Launch the paid-search campaign for the keyword "best SEO course" together with the new landing page.'] },
      { heading: 'Target audience', lines: ['Marketing managers at B2B SaaS companies (50–500 employees) who already run content marketing.'] },
      { heading: 'Goal', lines: ['600 trial sign-ups in four weeks at a CAC under 2,500 RUB.'] },
      { heading: 'Offer', lines: ['30% off the annual plan for the first month', 'Free SEO audit for the first 100 sign-ups'] },
      { heading: 'Channel', lines: ['Google Ads and Yandex Direct search, retargeting in VK.'] },
      { heading: 'Deadline', lines: [`Launch on ${launch}; the landing page must be live two days before.`] },
      { heading: 'Quality criteria', lines: ['TBD'] },
    ],
  },
  ru: {
    project: 'Маркетинг',
    title: 'Весенняя кампания: запуск поиска «лучший курс по SEO»',
    status: 'В работе',
    priority: 'Высокий',
    assignee: 'Мария Иванова',
    reporter: 'Ольга Петрова',
    labels: ['campaign', 'seo', 'spring-launch'],
    brief: (launch) => [
      { heading: 'Бриф кампании', lines: ['Запустить поисковую кампанию по запросу «лучший курс по SEO» вместе с новым лендингом.'] },
      { heading: 'Целевая аудитория', lines: ['Маркетологи B2B SaaS-компаний (50–500 сотрудников), которые уже ведут контент-маркетинг.'] },
      { heading: 'Цель', lines: ['600 регистраций на пробный период за четыре недели при CAC до 2 500 ₽.'] },
      { heading: 'Оффер', lines: ['Скидка 30% на годовой тариф в первый месяц', 'Бесплатный SEO-аудит для первых 100 регистраций'] },
      { heading: 'Каналы', lines: ['Поиск в Google Ads и Яндекс Директ, ретаргетинг во ВКонтакте.'] },
      { heading: 'Сроки', lines: [`Запуск ${launch}; лендинг должен заработать за два дня до запуска.`] },
      { heading: 'Критерии качества', lines: ['уточнить'] },
    ],
  },
};

/**
 * The demo item in the UI's language. `launch`/`end` (YYYY-MM-DD) come from the store's sample
 * campaign, so the page, the panel and the inbox name the same dates; `formatDay` writes the
 * launch into the brief's text as a person would.
 */
export function demoItem(lang: string, dates: { launch: string; end?: string }, formatDay: (isoDay: string) => string = (d) => d): DemoItem {
  const l: Lang = lang.toLowerCase().startsWith('ru') ? 'ru' : 'en';
  const url = SAMPLE_URLS.campaign;
  const ref = parseItemUrl(url)!;
  const t = TEXT[l];
  const brief = t.brief(formatDay(dates.launch));
  const description = brief.flatMap((b) => [`# ${b.heading}`, ...b.lines]).join('\n');
  const reading: ItemReading = {
    title: t.title,
    description,
    status: t.status,
    dates: { launch: dates.launch, due: dates.launch, ...(dates.end ? { end: dates.end } : {}) },
    labels: t.labels,
    owner: t.assignee,
    fields: { priority: t.priority, project: t.project },
  };
  return { key: itemKey(ref), ref, url, project: t.project, title: t.title, status: t.status, priority: t.priority, assignee: t.assignee, reporter: t.reporter, labels: t.labels, brief, launch: dates.launch, end: dates.end, reading };
}
