/**
 * Realistic briefs as teams write them (Jira, Confluence-style descriptions, Notion, Trello), in
 * English and Russian, with the fields a careful reader counts as filled. Field ids of the
 * marketing brief: audience, goal, offer, format, channel, deadline, quality, metrics.
 * Table briefs appear twice: as Markdown and as the "| cell | cell |" rows the adapters make of a
 * rendered table (lib/adapters/dom.ts structuredText).
 */
import type { BriefNative } from '@/lib/core/brief';

export interface CorpusBrief {
  name: string;
  text: string;
  native?: BriefNative;
  /** The fields present, in any order; every other field is missing. */
  present: string[];
  /** Fields found but judged a placeholder (a subset of the missing ones). */
  placeholders?: string[];
}

const ALL = ['audience', 'goal', 'offer', 'format', 'channel', 'deadline', 'quality', 'metrics'];

export const CORPUS: CorpusBrief[] = [
  {
    name: 'RU, "Label: value" lines, complete',
    text: `Бриф на запуск вебинара
ЦА: маркетологи B2B-компаний, 25–45 лет
Цель: 300 регистраций на вебинар
Оффер: бесплатный вебинар + чек-лист
Формат: лендинг, 3 баннера, 2 письма
Каналы: email, Telegram, VK Реклама
Дедлайн: 15.05.2026
Критерии качества: согласовано с продуктом, без ошибок в UTM
Метрики успеха: CPL ≤ 400 ₽, конверсия в регистрацию ≥ 12%`,
    present: ALL,
  },
  {
    name: 'EN, markdown headings, complete',
    text: `# Spring SEO course campaign
## Target audience
Freelance SEO specialists and in-house marketers.
## Goal
Sell 120 seats of the course.
## Offer
-30% until April 30.
## Format
Landing page, 4 static banners, 1 video (15 s).
## Channels
Google Ads, Meta, newsletter.
## Deadline
May 15
## Acceptance criteria
Legal approved the copy; tracking checked in GA4.
## Success metrics
CAC ≤ $80, conversion ≥ 2%.`,
    present: ALL,
  },
  {
    name: 'RU, emoji before labels',
    text: `🎯 Цель: увеличить число заявок на демо на 20%
👥 ЦА: отделы продаж SaaS, 10–50 сотрудников
💡 Оффер: 14 дней бесплатно
📣 Каналы: Яндекс Директ, email
📅 Дедлайн: 1 июня
📊 Метрики: заявки на демо, CPL`,
    present: ['goal', 'audience', 'offer', 'channel', 'deadline', 'metrics'],
  },
  {
    name: 'EN, emoji in markdown headings',
    text: `## 🎯 Goal
Grow trial sign-ups by 25% in Q2.
## 👥 Target audience
Ops managers in logistics companies.
## 🎁 Offer
Free onboarding session.
## 📆 Deadline
TBD
## 📈 KPIs
Trials, trial→paid.`,
    present: ['goal', 'audience', 'offer', 'metrics'],
    placeholders: ['deadline'],
  },
  {
    name: 'RU, empty label followed by another (unknown) label',
    text: `Цель: 500 лидов за месяц
Оффер:
Бюджет: 500 000 ₽
Каналы: Директ, VK`,
    present: ['goal', 'channel'],
  },
  {
    name: 'EN, empty bold label followed by another bold label',
    text: `**Goal**
Double webinar attendance.

**Offer**

**Budget**
$12,000

**Channels**
LinkedIn, email`,
    present: ['goal', 'channel'],
  },
  {
    name: 'RU, empty label followed by a template label',
    text: `Цель:
Целевая аудитория: собственники малого бизнеса
Формат: статья + 2 поста`,
    present: ['audience', 'format'],
  },
  {
    name: 'RU, longer phrasings',
    text: `Цели и задачи: привлечь 200 новых клиентов
Целевая аудитория и сегменты: HR-директора, рекрутеры
Ключевое предложение: первый месяц за 1 ₽
Формат материалов: серия из 5 писем
Каналы коммуникации: email, push
Срок запуска: 20.06.2026
Требования к качеству: тон — дружелюбный, без канцелярита
Ключевые метрики: open rate ≥ 35%, CTR ≥ 4%`,
    present: ALL,
  },
  {
    name: 'EN, longer phrasings',
    text: `Campaign goals: 150 SQLs from the partner webinar
Target audience & segments: CFOs at mid-market retailers
Value proposition: close the books 3 days faster
Creative formats: 2 LinkedIn carousels, 1 landing page
Distribution channels: LinkedIn Ads, partner newsletter
Launch date: 2026-09-01
Quality requirements: brand guide v3, legal sign-off
Campaign KPIs: SQLs, cost per SQL`,
    present: ALL,
  },
  {
    name: 'RU, ordinary sentences never match a label',
    text: `Привет! Наша цель — вырасти в этом квартале, аудитория у нас в основном из Москвы.
Сроки поджимают, формат обсудим на созвоне. Канал в Telegram уже ведёт Маша.
Метрики посмотрим после запуска.`,
    present: [],
  },
  {
    name: 'EN, ordinary sentences never match a label',
    text: `We need this in order to support the launch. The goal is to keep the audience engaged,
and the deadline is flexible. Offer details will follow from sales once pricing is approved.
Our channel mix is the same as last quarter.`,
    present: [],
  },
  {
    name: 'RU, placeholders of every kind',
    text: `ЦА: уточним позже
Цель: рост продаж курса на 15%
Оффер: ?
Формат: 🤔
Каналы: TBD (ждём медиаплан)
Дедлайн: уточняется
Критерии качества: —
Метрики успеха: пока нет`,
    present: ['goal'],
    placeholders: ['audience', 'offer', 'format', 'channel', 'deadline', 'quality', 'metrics'],
  },
  {
    name: 'EN, placeholders of every kind',
    text: `Audience: to be confirmed
Goal: 40 demo requests
Offer: pending
Format: TBC
Channels: ???
Deadline: n/a
Acceptance criteria: TODO
Success metrics: to be decided`,
    present: ['goal'],
    placeholders: ['audience', 'offer', 'format', 'channel', 'deadline', 'quality', 'metrics'],
  },
  {
    name: 'RU, Markdown table with a label column',
    text: `Бриф: акция «Чёрная пятница»

| Поле | Значение |
|---|---|
| Цель | 1 000 заказов за выходные |
| ЦА | текущие клиенты, купившие за последний год |
| Оффер | −40% на всё |
| Формат | 3 письма, пуш, баннер на сайте |
| Каналы | email, push, сайт |
| Дедлайн | 27.11.2026 |
| Критерии качества | |
| Метрики | выручка, средний чек |`,
    present: ['goal', 'audience', 'offer', 'format', 'channel', 'deadline', 'metrics'],
  },
  {
    name: 'EN, Markdown table with a header row and a value row',
    text: `| Goal | Audience | Offer | Channel | Deadline |
|------|----------|-------|---------|----------|
| 500 sign-ups | Students of partner universities | Free month | Instagram, TikTok | 2026-10-01 |`,
    present: ['goal', 'audience', 'offer', 'channel', 'deadline'],
  },
  {
    name: 'EN, Markdown header-row table with an empty cell',
    text: `| Goal | Audience | Offer | Format |
| --- | --- | --- | --- |
| Renewals +10% | Customers up for renewal in Q4 |  | Email sequence |`,
    present: ['goal', 'audience', 'format'],
  },
  {
    name: 'RU, rendered Jira table (label column), as the adapter hands it over',
    text: `Кампания для партнёров
| Целевая аудитория | Агентства-партнёры 2-го уровня |
| Цель | 50 новых партнёров |
| Оффер | повышенная комиссия 30% на 3 месяца |
| Формат | вебинар + презентация |
| Каналы | email, партнёрский кабинет |
| Дедлайн | 10.07.2026 |
| Критерии качества | презентация согласована с юристами |
| Метрики успеха | число подписанных договоров |`,
    present: ALL,
  },
  {
    name: 'EN, rendered Confluence-style table with a header row, as the adapter hands it over',
    text: `## Brief
| Goal | Target audience | Channels | Deadline |
| Launch awareness for the mobile app | iOS users 18–30 | App Store ads, TikTok | June 30 |
Notes follow below.`,
    present: ['goal', 'audience', 'channel', 'deadline'],
  },
  {
    name: 'RU, rendered Notion table with header, several value rows (a media plan)',
    text: `| Канал | Формат | Срок |
| Telegram Ads | пост 1:1 | 01.08 |
| VK Реклама | карусель | 05.08 |`,
    present: ['channel', 'format', 'deadline'],
  },
  {
    name: 'EN, rendered table whose label cells are empty',
    text: `| Goal | |
| Audience | SMB owners in retail |
| Offer | |
| Deadline | Sep 12 |`,
    present: ['audience', 'deadline'],
  },
  {
    name: 'RU, bold labels with inline values',
    text: `**Цель:** 200 заявок на консультацию
**ЦА:** владельцы клиник
**Оффер:** аудит сайта бесплатно
**Формат:** лендинг + квиз
**Каналы:** Яндекс Директ
**Срок:** до 1 сентября`,
    present: ['goal', 'audience', 'offer', 'format', 'channel', 'deadline'],
  },
  {
    name: 'EN, bullet list of labels',
    text: `- **Goal**: 30 enterprise demos
- **Audience**: IT directors, 1000+ employees
- **Offer**: security audit
- **Format**: whitepaper
- **Channel**: LinkedIn
- **Deadline**: Nov 3
- **Success metrics**: demos booked`,
    present: ['goal', 'audience', 'offer', 'format', 'channel', 'deadline', 'metrics'],
  },
  {
    name: 'RU, numbered sections with body on the next lines',
    text: `1. Цель
Увеличить повторные покупки на 10%.
2. Целевая аудитория
Клиенты без покупок 90+ дней.
3. Оффер
Промокод на 500 ₽.
4. Каналы
- email
- SMS
5. Сроки
Старт 1 октября, конец 31 октября.`,
    present: ['goal', 'audience', 'offer', 'channel', 'deadline'],
  },
  {
    name: 'RU, channels as a list with "Label: value" items (list items are body)',
    text: `Каналы:
- Email: рассылка по базе 40 тыс.
- Telegram: пост в канале
Цель: 100 продаж`,
    present: ['channel', 'goal'],
  },
  {
    name: 'EN, "for example:" opens the body',
    text: `Format:
For example:
- 1080×1080 static
- 15 s video
Goal: more trials`,
    present: ['format', 'goal'],
  },
  {
    name: 'RU, dash separator',
    text: `ЦА — малый бизнес в регионах
Цель — 300 установок приложения
Оффер — бесплатный тариф на год`,
    present: ['audience', 'goal', 'offer'],
  },
  {
    name: 'Notion page: Channel, Audience and Deadline held in properties',
    text: `## Goal
Get 1,000 newsletter sign-ups.
## Offer
Free template pack.`,
    native: { properties: { Channel: 'Newsletter, Twitter', Audience: 'Indie founders', Deadline: 'June 3, 2026', Status: 'In progress' } },
    present: ['goal', 'offer', 'channel', 'audience', 'deadline'],
  },
  {
    name: 'Notion page (RU): properties with empty and placeholder values do not count',
    text: `Цель: 50 заявок`,
    native: { properties: { Канал: '', Аудитория: 'уточним позже', 'Дата запуска': '12 августа 2026 г.', Формат: 'Empty' } },
    present: ['goal', 'deadline', 'format'],
  },
  {
    name: 'Jira issue: custom fields "Target audience" and "Campaign KPIs"',
    text: `h2. Offer
Free shipping over $50.
Goal: +15% average order value`,
    native: { properties: { 'Target audience': 'Returning customers', 'Campaign KPIs': 'AOV, orders', 'Story point estimate': '3' }, due: '2026-06-20' },
    present: ['offer', 'goal', 'audience', 'metrics', 'deadline'],
  },
  {
    name: 'Trello card: custom fields Канал and ЦА, due date',
    text: `Цель: 20 новых подписчиков в день
Оффер: розыгрыш`,
    native: { properties: { Канал: 'Instagram', ЦА: 'мамы 25–35' }, due: '2026-07-01' },
    present: ['goal', 'offer', 'channel', 'audience', 'deadline'],
  },
  {
    name: 'EN, native due date satisfies the deadline even without text',
    text: `Goal: 10 case studies published`,
    native: { due: '2026-12-01' },
    present: ['goal', 'deadline'],
  },
  {
    name: 'RU, keycap emoji numbering',
    text: `1️⃣ Цель: 5 000 подписчиков
2️⃣ ЦА: студенты IT-вузов
3️⃣ Каналы: Telegram, Хабр`,
    present: ['goal', 'audience', 'channel'],
  },
  {
    name: 'EN, heading with a parenthetical and a slash alternative',
    text: `### Target audience (B2B)
Procurement teams.
### Goal / Objective
Book 25 meetings.
### Channels / placements
Trade fair, LinkedIn.`,
    present: ['audience', 'goal', 'channel'],
  },
  {
    name: 'RU, headings in Markdown, empty section before the next heading',
    text: `## Цель
## Оффер
Скидка 20% на годовой тариф
## Формат

## Метрики успеха
Продажи годового тарифа`,
    present: ['offer', 'metrics'],
  },
  {
    name: 'EN, placeholder with a remark is still a placeholder',
    text: `Offer: TBD - waiting for pricing from sales
Goal: 12 partner webinars
Deadline: pending legal`,
    present: ['goal', 'deadline'],
    placeholders: ['offer'],
  },
  {
    name: 'RU, real sentence after a label is a value, not a placeholder',
    text: `Оффер: скидка уточняется у продукта, пока закладываем 10%
Цель: окупить кампанию за 3 месяца`,
    present: ['offer', 'goal'],
  },
  {
    name: 'EN, table with a title row above a label column',
    text: `| Campaign brief | |
|---|---|
| Objective | 2,000 app installs |
| Audience | Runners in Berlin |
| Offer | |
| Format | Story ads |`,
    present: ['goal', 'audience', 'format'],
  },
  {
    name: 'RU, «Label» on its own line then the value, Jira wiki heading style',
    text: `h3. Целевая аудитория
Бухгалтеры на аутсорсе
h3. Задача
Запустить реферальную программу
h3. Сроки
Q3`,
    present: ['audience', 'goal', 'deadline'],
  },
  {
    name: 'EN, a URL line is a value, not a label',
    text: `Channels:
https://docs.google.com/spreadsheets/d/abc/media-plan
Goal: 300 leads`,
    present: ['channel', 'goal'],
  },
  {
    name: 'RU, empty label at the very end',
    text: `Цель: 100 регистраций
Метрики успеха:`,
    present: ['goal'],
  },
  {
    name: 'EN, "Cost-cutting" memo is not a brief field',
    text: `Cost-cutting review: pause display ads.
Budget: $0 this month
Offer:
Owner: Anna`,
    present: [],
  },
  {
    name: 'RU, bold label without colon followed by an unknown bold label and the value under it',
    text: `**Формат**
**Бюджет**
200 000 ₽
**Цель**
рост узнаваемости`,
    present: ['goal'],
  },
  {
    name: 'EN, emoji-only thinking body and a question mark',
    text: `🎯 Goal: 🤔
👥 Audience: ?
📣 Channel: Reddit`,
    present: ['channel'],
    placeholders: ['goal', 'audience'],
  },
];
