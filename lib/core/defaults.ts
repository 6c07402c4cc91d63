/**
 * Defaults a workspace is seeded with. Every number comes from shared/DOMAIN.md and is a
 * setting a team can change; nothing here is "data" about a real company.
 * Pure: no browser APIs. All exports are plain data, typed by ./schemas and not parsed at import (no
 * schema is built when this module loads); tests/unit/core/defaults check that each one parses to itself.
 */
import type { BriefTemplate, BusinessCalendar, Kpi, RejectionReason, SlaPolicy, Team } from './schemas';

// ───────────────────────────── teams ─────────────────────────────

export const DEFAULT_TEAMS: readonly Team[] = [
  { id: 'marketing', name: 'Marketing', color: '#d9480f', builtin: true },
  { id: 'product', name: 'Product', color: '#1c7ed6', builtin: true },
  { id: 'sales', name: 'Sales', color: '#2b8a3e', builtin: true },
  { id: 'analytics', name: 'Analytics', color: '#7048e8', builtin: true },
  { id: 'support', name: 'Support', color: '#e8590c', builtin: true },
];

/** Russian team names, for a UI in Russian. */
export const TEAM_NAMES_RU: Readonly<Record<string, string>> = {
  marketing: 'Маркетинг',
  product: 'Продукт',
  sales: 'Продажи',
  analytics: 'Аналитика',
  support: 'Поддержка',
};

// ───────────────────────────── brief templates ─────────────────────────────

export const DEFAULT_BRIEF_TEMPLATE_ID = 'marketing-brief';
export const GTM_TEMPLATE_ID = 'gtm-plan';

/** The brief of DOMAIN.md §5: eight fields, English and Russian synonyms. */
export const MARKETING_BRIEF_TEMPLATE: BriefTemplate = {
  id: DEFAULT_BRIEF_TEMPLATE_ID,
  name: 'Marketing brief',
  builtin: true,
  fields: [
    {
      id: 'audience',
      label: 'Target audience',
      synonyms: [
        'target audience', 'audience', 'target group', 'segment', 'segments', 'target audience & segments', 'target audience and segments',
        'who is it for', 'ЦА', 'целевая аудитория', 'аудитория', 'сегмент', 'сегменты', 'целевая аудитория и сегменты', 'портрет ЦА',
        'портрет клиента', 'для кого',
      ],
    },
    {
      id: 'goal',
      label: 'Goal',
      synonyms: [
        'goal', 'goals', 'objective', 'objectives', 'task', 'purpose', 'campaign goal', 'campaign goals', 'campaign objective',
        'business goal', 'goals and objectives', 'цель', 'цели', 'задача', 'задачи', 'цели и задачи', 'цель и задачи', 'цель кампании',
        'цели кампании', 'задача кампании', 'бизнес-цель', 'задача брифа',
      ],
    },
    {
      id: 'offer',
      label: 'Offer',
      synonyms: [
        'offer', 'value proposition', 'key offer', 'main offer', 'usp', 'оффер', 'предложение', 'ценностное предложение',
        'ключевое предложение', 'утп', 'уникальное торговое предложение', 'акция', 'механика акции',
      ],
    },
    {
      id: 'format',
      label: 'Format',
      synonyms: [
        'format', 'formats', 'deliverables', 'creative format', 'creative formats', 'ad formats', 'content format',
        'формат', 'форматы', 'формат материалов', 'формат креативов', 'форматы креативов', 'формат контента', 'тип контента',
      ],
    },
    {
      id: 'channel',
      label: 'Channel',
      synonyms: [
        'channel', 'channels', 'distribution channels', 'media channels', 'placement', 'placements', 'канал', 'каналы',
        'каналы продвижения', 'каналы коммуникации', 'каналы размещения', 'площадки', 'площадки размещения',
      ],
    },
    {
      id: 'deadline',
      label: 'Deadline',
      synonyms: [
        'deadline', 'deadlines', 'due date', 'due', 'timeline', 'timing', 'launch date', 'go-live date', 'go live', 'dates',
        'дедлайн', 'срок', 'сроки', 'срок сдачи', 'срок запуска', 'сроки запуска', 'дата запуска', 'сроки реализации', 'тайминг',
        'даты',
      ],
      nativeField: 'due',
    },
    {
      id: 'quality',
      label: 'Quality criteria',
      synonyms: [
        'quality criteria', 'acceptance criteria', 'definition of done', 'quality requirements', 'requirements', 'dod',
        'критерии качества', 'критерии приёмки', 'критерии приемки', 'требования к качеству', 'требования', 'критерии готовности',
      ],
    },
    {
      id: 'metrics',
      label: 'Success metrics',
      synonyms: [
        'success metrics', 'metrics', 'kpi', 'kpis', 'key metrics', 'campaign kpi', 'campaign kpis', 'kpi кампании',
        'how we measure success', 'метрики успеха', 'метрики', 'показатели успеха', 'ключевые метрики', 'ключевые показатели',
        'целевые показатели', 'kpi и метрики',
      ],
    },
  ],
};

/** The go-to-market plan of DOMAIN.md §5 for a release. */
export const GTM_PLAN_TEMPLATE: BriefTemplate = {
  id: GTM_TEMPLATE_ID,
  name: 'Go-to-market plan',
  builtin: true,
  fields: [
    {
      id: 'segment',
      label: 'Segment and use cases',
      synonyms: ['segment and use cases', 'segment', 'use cases', 'target segment', 'сегмент и сценарии', 'сегмент', 'сценарии использования', 'сценарии'],
    },
    {
      id: 'positioning',
      label: 'Positioning and key messages',
      synonyms: ['positioning and key messages', 'positioning', 'key messages', 'messaging', 'позиционирование и ключевые сообщения', 'позиционирование', 'ключевые сообщения'],
    },
    {
      id: 'materials',
      label: 'Materials and landing page',
      synonyms: ['materials and landing page', 'materials', 'landing page', 'landing', 'материалы и лендинг', 'материалы', 'лендинг', 'посадочная страница'],
    },
    {
      id: 'channels',
      label: 'Channel plan',
      synonyms: ['channel plan', 'channels', 'channel', 'план каналов', 'каналы', 'канал'],
    },
    {
      id: 'measurement',
      label: 'Measurement plan',
      synonyms: ['measurement plan', 'measurement', 'tracking plan', 'analytics', 'план измерений', 'измерения', 'аналитика'],
    },
    {
      id: 'dates',
      label: 'Dates',
      synonyms: ['dates', 'timeline', 'schedule', 'launch date', 'даты', 'сроки', 'график', 'дата запуска'],
      nativeField: 'launch',
    },
    {
      id: 'owners',
      label: 'Owners',
      synonyms: ['owners', 'owner', 'responsible', 'raci', 'ответственные', 'ответственный', 'владельцы'],
      nativeField: 'owner',
    },
    {
      id: 'success',
      label: 'Success criteria',
      synonyms: ['success criteria', 'success metrics', 'kpi', 'критерии успеха', 'метрики успеха'],
    },
  ],
};

export const DEFAULT_BRIEF_TEMPLATES: readonly BriefTemplate[] = [MARKETING_BRIEF_TEMPLATE, GTM_PLAN_TEMPLATE];

// ───────────────────────────── SLA policies ─────────────────────────────

export const DEFAULT_CALENDAR_ID = 'ru-moscow';

/**
 * DOMAIN.md §3. Targets are minutes; "days" are working days of the owner team's calendar
 * (businessTime true; set it false for calendar days). No policy names a calendar: the clocks use
 * the owner team's calendar, else the default one (calendarForPolicy in ./sla.ts).
 */
export const DEFAULT_SLA_POLICIES: readonly SlaPolicy[] = (
  [
  {
    id: 'lead-first-contact',
    name: 'Lead first contact',
    ownerTeamId: 'sales',
    involvedTeamIds: ['marketing'],
    kind: 'elapsed',
    // High intent (a request, a price query, a demo request): 15–30 min; others 2–4 h. Upper bounds as defaults.
    targets: { high: 30, normal: 240 },
    atRiskShare: 0.25,
    businessTime: true,
    appliesTo: ['lead'],
  },
  {
    id: 'campaign-notify',
    name: 'Tell product and analytics before a campaign launch',
    ownerTeamId: 'marketing',
    involvedTeamIds: ['product', 'analytics'],
    kind: 'before',
    anchor: 'launch',
    days: 5,
    businessTime: true,
    appliesTo: ['campaign'],
  },
  {
    id: 'analytics-request',
    name: 'Request analytics for a campaign',
    ownerTeamId: 'marketing',
    involvedTeamIds: ['analytics'],
    kind: 'before',
    anchor: 'launch',
    days: 7,
    businessTime: true,
    appliesTo: ['campaign'],
  },
  {
    id: 'release-notify',
    name: 'Tell marketing and analytics before a release',
    ownerTeamId: 'product',
    involvedTeamIds: ['marketing', 'analytics'],
    kind: 'before',
    anchor: 'release',
    days: 3,
    businessTime: true,
    appliesTo: ['release'],
  },
  {
    id: 'campaign-analysis',
    name: 'Analyse a campaign after it ends',
    ownerTeamId: 'analytics',
    involvedTeamIds: ['marketing', 'product'],
    kind: 'after',
    anchor: 'end',
    days: 3,
    businessTime: true,
    appliesTo: ['campaign'],
  },
  {
    id: 'weekly-report',
    name: 'Weekly analytics report',
    ownerTeamId: 'analytics',
    involvedTeamIds: ['marketing', 'product', 'sales', 'support'],
    kind: 'weekly',
    weekday: 1,
    businessTime: true,
    appliesTo: [],
  },
  ] satisfies (Omit<SlaPolicy, 'atRiskShare'> & { atRiskShare?: number })[]
).map((p) => ({ atRiskShare: 0.25, ...p }));

/** Lead handling norms of DOMAIN.md §3 (settings). */
export const DEFAULT_LEAD_NORMS = {
  /** Share of leads that must be handled within the first-contact SLA. */
  withinSlaShare: 0.9,
  /** Contact attempts before a lead may be closed as unreachable. */
  contactAttempts: { min: 3, max: 5 },
  /** One source should bring no more than this share of all leads (DOMAIN.md §4: 40–50%). */
  concentrationThreshold: 0.5,
} as const;

// ───────────────────────────── rejection reasons ─────────────────────────────

export const DEFAULT_REJECTION_REASONS: readonly RejectionReason[] = [
  { id: 'not-target-segment', label: 'Not the target segment', labelRu: 'Не целевой сегмент' },
  { id: 'student', label: 'Student', labelRu: 'Студент' },
  { id: 'no-budget', label: 'No budget', labelRu: 'Нет бюджета' },
  { id: 'wrong-contact-data', label: 'Wrong contact data', labelRu: 'Неверные контактные данные' },
  { id: 'unreachable', label: 'Unreachable after all attempts', labelRu: 'Не дозвонились после всех попыток' },
  { id: 'duplicate', label: 'Duplicate', labelRu: 'Дубль' },
  { id: 'no-need', label: 'No need', labelRu: 'Нет потребности' },
  { id: 'competitor', label: 'Competitor', labelRu: 'Конкурент' },
  { id: 'spam', label: 'Spam', labelRu: 'Спам' },
];

// ───────────────────────────── calendar ─────────────────────────────

/**
 * Russia's production calendar (holidays, the Labour Code's moves, the yearly decree's moved days,
 * shortened pre-holiday days) comes from lib/core/production-calendar.ts for every calendar whose
 * country is RU: nothing is typed in per year here. The lists below are the team's own extra days.
 */
export const DEFAULT_CALENDAR: BusinessCalendar = {
  id: DEFAULT_CALENDAR_ID,
  name: 'Russia (Moscow), 09:00–18:00 Mon–Fri',
  timeZone: 'Europe/Moscow',
  workingDays: [1, 2, 3, 4, 5],
  start: '09:00',
  end: '18:00',
  country: 'RU',
  extraDaysOff: [],
  extraWorkingDays: [],
};

// ───────────────────────────── KPIs ─────────────────────────────

/**
 * Example cross-team KPIs of DOMAIN.md §1. Targets are illustrative starting points that a
 * team replaces with its own; none carries a value (values are typed, imported or fetched).
 */
export const DEFAULT_KPIS: readonly Kpi[] = (
  [
  { id: 'conversion-paid', name: 'Conversion traffic → paying user', unit: 'percent', direction: 'higher', target: 2, ownerTeamIds: ['marketing', 'product'] },
  { id: 'retention-30d', name: '30-day retention', unit: 'percent', direction: 'higher', target: 40, ownerTeamIds: ['product', 'support'] },
  { id: 'cac', name: 'CAC (quality-adjusted)', unit: 'currency', currency: 'RUB', direction: 'lower', target: 10000, ownerTeamIds: ['marketing', 'sales'] },
  { id: 'ltv', name: 'LTV', unit: 'currency', currency: 'RUB', direction: 'higher', target: 30000, ownerTeamIds: ['product', 'sales'] },
  // LTV < CAC means losing money on every customer; 3 is the common rule of thumb.
  { id: 'ltv-cac', name: 'LTV / CAC', unit: 'ratio', direction: 'higher', target: 3, ownerTeamIds: ['marketing', 'product', 'sales'], formula: 'ltv / cac' },
  { id: 'mql-sql', name: 'MQL → SQL conversion', unit: 'percent', direction: 'higher', target: 30, ownerTeamIds: ['marketing', 'sales'] },
  { id: 'sql-deal', name: 'SQL → deal conversion', unit: 'percent', direction: 'higher', target: 20, ownerTeamIds: ['sales'] },
  { id: 'lead-deal-days', name: 'Lead → deal time', unit: 'days', direction: 'lower', target: 30, ownerTeamIds: ['marketing', 'sales'] },
  { id: 'cac-payback', name: 'CAC payback', unit: 'months', direction: 'lower', target: 9, ownerTeamIds: ['marketing', 'analytics'] },
  { id: 'nps', name: 'NPS', unit: 'score', direction: 'higher', target: 40, ownerTeamIds: ['product', 'support'] },
  ] satisfies Omit<Kpi, 'thresholds' | 'staleAfterDays'>[]
).map((k) => ({ ...k, thresholds: { atRisk: 0.1 }, staleAfterDays: 14 }));

// ───────────────────────────── bundle ─────────────────────────────

export interface DefaultWorkspace {
  teams: Team[];
  calendars: BusinessCalendar[];
  slaPolicies: SlaPolicy[];
  briefTemplates: BriefTemplate[];
  rejectionReasons: RejectionReason[];
  kpis: Kpi[];
}

/** A fresh deep copy of every default, for the store to seed from (callers may mutate it). */
export function defaultWorkspace(): DefaultWorkspace {
  return structuredCloneJson({
    teams: [...DEFAULT_TEAMS],
    calendars: [DEFAULT_CALENDAR],
    slaPolicies: [...DEFAULT_SLA_POLICIES],
    briefTemplates: [...DEFAULT_BRIEF_TEMPLATES],
    rejectionReasons: [...DEFAULT_REJECTION_REASONS],
    kpis: [...DEFAULT_KPIS],
  });
}

function structuredCloneJson<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}
