/**
 * The Russian production calendar (производственный календарь), computed from the Labour Code
 * rather than typed in per year:
 * - art. 112 part 1: the non-working public holidays (1–6 and 8 January, 7 January, 23 February,
 *   8 March, 1 and 9 May, 12 June, 4 November);
 * - art. 112 part 2: a holiday that falls on a Saturday or Sunday moves its day off to the next
 *   working day after the holiday — except the January holidays (1–8 January), whose two days
 *   off the Government moves by its yearly decree (part 5);
 * - art. 112 part 5: the yearly decree moves days off (RU_DECREES below, data per year); a moved
 *   holiday's day off replaces its automatic move, a moved Saturday becomes a working day;
 * - art. 95 part 1: a working day immediately preceding a non-working holiday is one hour
 *   shorter; a Saturday made working by the decree takes the shortening of the weekday it was
 *   swapped with (1 November 2025 ↔ 3 November, before 4 November: shortened, as in the
 *   Ministry of Labour's calendar).
 * Years without a decree in the data get the rule-based calendar and a warning
 * (`deadlinesCalendarWarning` in calendar.ts for an item's clocks, `productionCalendarWarning` for
 * this year and the next) so the UI can say that the decree is not in the data yet.
 *
 * Checked by hand against the published calendars: 2025 — 247 working days, 4 shortened
 * (1972 h on a 40-hour week); 2026 — 247 working days, 4 shortened (1972 h).
 * Pure: no browser APIs.
 */

export interface DecreeTransfer {
  /** The weekend day (a holiday falling on a weekend, or a plain Saturday/Sunday) whose day off moves. */
  from: string;
  /** The day that becomes a day off instead. */
  to: string;
}

export interface ProductionDecree {
  /** The decree's citation, shown in the UI. */
  source: string;
  transfers: readonly DecreeTransfer[];
}

/**
 * The Government's decrees on moving days off, per year. Add a year when its decree is published.
 * 2024: Постановление Правительства РФ от 10.08.2023 № 1314.
 * 2025: Постановление Правительства РФ от 04.10.2024 № 1335.
 * 2026: Постановление Правительства РФ от 24.09.2025 (signed by the Prime Minister on 24 September 2025).
 * 2027, 2028: not published when this was written (a December 2025 draft mentioned 4–7 November 2027
 * off and Saturday 13 November 2027 working — a draft, so not data).
 */
export const RU_DECREES: Readonly<Record<number, ProductionDecree>> = {
  2024: {
    source: 'Постановление Правительства РФ от 10.08.2023 № 1314',
    transfers: [
      { from: '2024-01-06', to: '2024-05-10' },
      { from: '2024-01-07', to: '2024-12-31' },
      { from: '2024-04-27', to: '2024-04-29' },
      { from: '2024-11-02', to: '2024-04-30' },
      { from: '2024-12-28', to: '2024-12-30' },
    ],
  },
  2025: {
    source: 'Постановление Правительства РФ от 04.10.2024 № 1335',
    transfers: [
      { from: '2025-01-04', to: '2025-05-02' },
      { from: '2025-01-05', to: '2025-12-31' },
      { from: '2025-02-23', to: '2025-05-08' },
      { from: '2025-03-08', to: '2025-06-13' },
      { from: '2025-11-01', to: '2025-11-03' },
    ],
  },
  2026: {
    source: 'Постановление Правительства РФ от 24.09.2025',
    transfers: [
      { from: '2026-01-03', to: '2026-01-09' },
      { from: '2026-01-04', to: '2026-12-31' },
    ],
  },
};

/** Art. 112 part 1: month-day → name. */
const RU_HOLIDAYS: readonly (readonly [string, string])[] = [
  ['01-01', 'Новогодние каникулы'],
  ['01-02', 'Новогодние каникулы'],
  ['01-03', 'Новогодние каникулы'],
  ['01-04', 'Новогодние каникулы'],
  ['01-05', 'Новогодние каникулы'],
  ['01-06', 'Новогодние каникулы'],
  ['01-07', 'Рождество Христово'],
  ['01-08', 'Новогодние каникулы'],
  ['02-23', 'День защитника Отечества'],
  ['03-08', 'Международный женский день'],
  ['05-01', 'Праздник Весны и Труда'],
  ['05-09', 'День Победы'],
  ['06-12', 'День России'],
  ['11-04', 'День народного единства'],
];

const HOLIDAY_MD = new Set(RU_HOLIDAYS.map(([md]) => md));

export type ProductionDayKind = 'holiday' | 'moved-day-off' | 'moved-working-day';

export interface ProductionYear {
  year: number;
  /** Non-working public holidays (art. 112): date → name. */
  holidays: Map<string, string>;
  /** Days off moved onto weekdays (by art. 112 part 2 or the decree): date → why. */
  movedDaysOff: Map<string, string>;
  /** Saturdays/Sundays that are working days by the decree. */
  movedWorkingDays: Set<string>;
  /** Working days one hour shorter (art. 95). */
  shortened: Set<string>;
  /** The decree applied, or null when the year is rule-based only. */
  decree: ProductionDecree | null;
}

const years = new Map<number, ProductionYear>();

/** The production calendar of one year (cached). */
export function ruProductionYear(year: number): ProductionYear {
  const hit = years.get(year);
  if (hit) return hit;
  const y = computeYear(year);
  if (years.size > 64) years.clear();
  years.set(year, y);
  return y;
}

/** How a date stands in the production calendar (undefined: an ordinary day by its weekday). */
export function ruProductionDay(date: string): { kind: ProductionDayKind; name: string; shortened: boolean } | { kind: 'workday' | 'weekend'; shortened: boolean } {
  const y = ruProductionYear(Number(date.slice(0, 4)));
  const shortened = y.shortened.has(date);
  const h = y.holidays.get(date);
  if (h !== undefined) return { kind: 'holiday', name: h, shortened: false };
  const moved = y.movedDaysOff.get(date);
  if (moved !== undefined) return { kind: 'moved-day-off', name: moved, shortened: false };
  if (y.movedWorkingDays.has(date)) return { kind: 'moved-working-day', name: 'Рабочий день (перенос)', shortened };
  return { kind: weekdayOf(date) >= 6 ? 'weekend' : 'workday', shortened };
}

/** Is the decree of this year in the data? */
export function hasRuDecree(year: number): boolean {
  return RU_DECREES[year] !== undefined;
}

export interface ProductionCalendarWarning {
  /** The years (this one and the next) whose decree is not in the data yet. */
  years: number[];
  /** English text for logs; the UI translates from `years`. */
  message: string;
}

/**
 * For a Russian calendar: a warning when this year's or next year's decree is not in the data
 * yet (the days off are then the Labour Code's rules only, without the decree's moves).
 * Null when both are known or the calendar is not Russian.
 */
export function productionCalendarWarning(country: string | undefined, now: Date | number): ProductionCalendarWarning | null {
  if (country !== 'RU') return null;
  const year = new Date(now).getUTCFullYear();
  return decreeWarning([year, year + 1]);
}

/** The warning for those of `years` whose decree is not in the data; null when all are there. */
export function decreeWarning(years: readonly number[]): ProductionCalendarWarning | null {
  const missing = years.filter((y) => !hasRuDecree(y));
  if (!missing.length) return null;
  return {
    years: missing,
    message: `The Government's decree on moved days off for ${missing.join(' and ')} is not in the data yet: those days follow the Labour Code's rules only (art. 112), without the decree's moves.`,
  };
}

// ───────────────────────────── internals ─────────────────────────────

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function shift(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

/** ISO weekday 1 Monday … 7 Sunday. */
function weekdayOf(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const wd = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return wd === 0 ? 7 : wd;
}

function computeYear(year: number): ProductionYear {
  const holidays = new Map<string, string>();
  for (const [md, name] of RU_HOLIDAYS) holidays.set(`${year}-${md}`, name);
  const decree = RU_DECREES[year] ?? null;
  const movedDaysOff = new Map<string, string>();
  const movedWorkingDays = new Set<string>();
  /** Moved working day → the weekday it was swapped with. */
  const partner = new Map<string, string>();
  const decreed = new Set<string>();
  for (const t of decree?.transfers ?? []) {
    decreed.add(t.from);
    const fromName = holidays.get(t.from);
    movedDaysOff.set(t.to, fromName ? `${fromName} (перенос с ${t.from})` : `Выходной (перенос с ${t.from})`);
    if (!fromName) {
      movedWorkingDays.add(t.from);
      partner.set(t.from, t.to);
    }
  }
  // Art. 112 part 2: a weekend holiday (not January's) moves to the next working day.
  const isOff = (d: string): boolean =>
    holidays.has(d) || movedDaysOff.has(d) || (weekdayOf(d) >= 6 && !movedWorkingDays.has(d));
  for (const [date, name] of [...holidays.entries()].sort()) {
    if (weekdayOf(date) < 6 || date.slice(5, 7) === '01' || decreed.has(date)) continue;
    let d = shift(date, 1);
    while (isOff(d)) d = shift(d, 1);
    movedDaysOff.set(d, `${name} (перенос с ${date})`);
  }
  const working = (d: string): boolean => !isOff(d);
  // Art. 95: the working day right before a holiday is one hour shorter.
  const shortened = new Set<string>();
  const before = (d: string): boolean => HOLIDAY_MD.has(shift(d, 1).slice(5));
  for (let d = `${year}-01-01`; d <= `${year}-12-31`; d = shift(d, 1)) {
    if (!working(d)) continue;
    const p = partner.get(d);
    if (before(d) || (p !== undefined && before(p))) shortened.add(d);
  }
  return { year, holidays, movedDaysOff, movedWorkingDays, shortened, decree };
}
