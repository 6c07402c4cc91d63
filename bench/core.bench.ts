/**
 * Domain-core bench: 10,000 SLA clock evaluations and 10,000 brief checks, per item and
 * against a budget. Relative imports so that it bundles without the '@/' alias:
 *
 *   npx esbuild bench/core.bench.ts --bundle --platform=node --format=esm --outfile=.cache/core.bench.mjs && node .cache/core.bench.mjs
 *
 * A bench runner can `import { run } from './core.bench'` and call run().
 */
import '../lib/core/holidays'; // public holidays from date-holidays, as in the background and tests
import { checkBrief } from '../lib/core/brief';
import { DEFAULT_CALENDAR, DEFAULT_SLA_POLICIES, GTM_PLAN_TEMPLATE, MARKETING_BRIEF_TEMPLATE } from '../lib/core/defaults';
import { BusinessCalendarSchema, type SlaEvent, type SlaPolicy } from '../lib/core/schemas';
import { evaluate, type SlaContext } from '../lib/core/sla';

export interface BenchResult {
  name: string;
  items: number;
  /** CPU ms of this process (wall ms where CPU time is not available). */
  totalMs: number;
  perItemUs: number;
  budgetUs: number;
  /** perItemUs / budgetUs: below 1 is within budget. */
  ratio: number;
}

const N = 10_000;
/** Budgets per item: a panel evaluates a handful of clocks and one brief per render. */
const BUDGET_US = { sla: 50, brief: 100 } as const;

/** CPU time of this process in ms when available (a busy machine does not inflate it), else wall time. */
const proc = (globalThis as { process?: { cpuUsage?: () => { user: number; system: number } } }).process;
function now(): number {
  if (proc?.cpuUsage) {
    const u = proc.cpuUsage();
    return (u.user + u.system) / 1000;
  }
  return performance.now();
}

function slaInputs(): { policy: SlaPolicy; ctx: SlaContext; at: number; cal: typeof DEFAULT_CALENDAR }[] {
  const calendars = [
    DEFAULT_CALENDAR,
    BusinessCalendarSchema.parse({ id: 'de', name: 'Berlin', timeZone: 'Europe/Berlin', country: 'DE' }),
    BusinessCalendarSchema.parse({ id: 'us', name: 'New York', timeZone: 'America/New_York', country: 'US' }),
  ];
  const out: { policy: SlaPolicy; ctx: SlaContext; at: number; cal: typeof DEFAULT_CALENDAR }[] = [];
  const base = Date.parse('2026-03-02T06:00:00Z');
  for (let i = 0; i < N; i++) {
    const policy = DEFAULT_SLA_POLICIES[i % DEFAULT_SLA_POLICIES.length]!;
    const cal = calendars[i % calendars.length]!;
    const start = base + ((i * 7919) % (300 * 24 * 60)) * 60_000;
    const events: Pick<SlaEvent, 'type' | 'at' | 'policyId'>[] = [{ type: 'start', at: new Date(start).toISOString(), policyId: policy.id }];
    if (i % 3 === 0) {
      events.push({ type: 'pause', at: new Date(start + 20 * 60_000).toISOString(), policyId: policy.id });
      events.push({ type: 'resume', at: new Date(start + 90 * 60_000).toISOString(), policyId: policy.id });
    }
    if (i % 5 === 0) events.push({ type: 'stop', at: new Date(start + 200 * 60_000).toISOString(), policyId: policy.id });
    const day = new Date(start + 10 * 86_400_000).toISOString().slice(0, 10);
    out.push({
      policy,
      cal,
      ctx: { events, targetKey: i % 2 ? 'high' : 'normal', dates: { launch: day, release: day, end: day } },
      at: start + ((i * 104729) % (3 * 24 * 60)) * 60_000,
    });
  }
  return out;
}

function briefInputs(): { template: typeof MARKETING_BRIEF_TEMPLATE; text: string; due?: string }[] {
  const filler = 'We want to reach more teams this quarter; the details are in the linked doc.\n';
  const texts = [
    '# Target audience\nSMB owners\n## Goal\nTBD\n## Offer\n30% off\n**Format**\nvideo\nChannels: VK, Telegram\n' + filler.repeat(10),
    'ЦА: малый бизнес\nЗадача: рост заявок\nОффер: скидка\nФормат: —\nКанал: email\nСроки: уточнить\nКритерии качества: бренд-бук\nМетрики успеха: CR 3%\n' + filler.repeat(5),
    filler.repeat(30),
    '## Segment and use cases\nSMB\n## Positioning\nSimple\n## Channel plan\n\n## Dates\nMay\n' + filler.repeat(8),
  ];
  return Array.from({ length: N }, (_, i) => ({
    template: i % 4 === 3 ? GTM_PLAN_TEMPLATE : MARKETING_BRIEF_TEMPLATE,
    text: `${texts[i % texts.length]!}\nref ${i}`,
    ...(i % 2 ? { due: '2026-05-15' } : {}),
  }));
}

function time(name: string, budgetUs: number, items: number, fn: (i: number) => unknown): BenchResult {
  for (let i = 0; i < Math.min(1000, items); i++) fn(i); // warm-up: caches and JIT
  let sink = 0;
  const t0 = now();
  for (let i = 0; i < items; i++) if (fn(i)) sink++;
  const totalMs = now() - t0;
  if (sink < 0) throw new Error('unreachable');
  const perItemUs = (totalMs * 1000) / items;
  return { name, items, totalMs, perItemUs, budgetUs, ratio: perItemUs / budgetUs };
}

export function format(r: BenchResult): string {
  return `${r.name}: ${r.perItemUs.toFixed(1)} µs/item over ${r.items.toLocaleString('en-US')} (${r.totalMs.toFixed(0)} ms CPU; budget ${r.budgetUs} µs: ${r.ratio.toFixed(2)}×)`;
}

export function run(log: (line: string) => void = console.log): BenchResult[] {
  const sla = slaInputs();
  const briefs = briefInputs();
  const results = [
    time('sla.evaluate', BUDGET_US.sla, N, (i) => {
      const x = sla[i]!;
      return evaluate(x.policy, x.ctx, x.at, x.cal);
    }),
    time('brief.checkBrief', BUDGET_US.brief, N, (i) => {
      const x = briefs[i]!;
      return checkBrief(x.template, x.text, x.due ? { due: x.due } : {});
    }),
  ];
  for (const r of results) log(format(r));
  return results;
}

const argv1 = (globalThis as { process?: { argv?: string[] } }).process?.argv?.[1] ?? '';
if (/core\.bench\.(m?js|ts)$/.test(argv1)) {
  const results = run();
  if (results.some((r) => r.ratio > 1)) {
    console.log('over budget');
    (globalThis as { process?: { exitCode?: number } }).process!.exitCode = 1;
  }
}
