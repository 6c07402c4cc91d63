// @vitest-environment happy-dom
/**
 * The lead quality page (components/pages/Leads.tsx) over the real store: the empty state says what
 * to do; with lead notes it lists sources with their counts, conversion, reasons, the concentration
 * warning and the first-contact rate (unknown contact times apart); the campaign toggle and the
 * period filter regroup; every chart has a table; the funnel planner recomputes as you type and
 * explains bad input; Russian; no axe violations.
 */
import { act, fireEvent, screen, within } from '@testing-library/react';
import axe from 'axe-core';
import { describe, expect, it } from 'vitest';
import { LeadsView } from '@/components/pages/Leads';
import { loadSampleWorkspace } from '@/lib/demo/sample-workspace';
import { sampleLeads } from '@/lib/demo/sample-leads';
import { harness } from './harness';

const NOW = '2026-12-02T11:00:00.000Z';

async function withSample(lang: 'en' | 'ru' = 'en') {
  const h = await harness({ now: NOW, lang });
  await loadSampleWorkspace(h.store, new Date(NOW));
  for (const l of sampleLeads(new Date(NOW))) await h.snapshot(l.snapshot);
  h.mount(<LeadsView />);
  await screen.findByRole('table', { name: lang === 'en' ? 'Lead quality by source' : 'Качество лидов по полю «источник»' });
  return h;
}

function row(table: HTMLElement, group: string): HTMLElement {
  const r = table.querySelector<HTMLElement>(`tr[data-group="${group}"]`);
  if (!r) throw new Error(`no row ${group}`);
  return r;
}

async function noViolations(root: Element) {
  const result = await axe.run(root, { rules: { 'color-contrast': { enabled: false }, region: { enabled: false } } });
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(' | ')}`)).toEqual([]);
}

describe('lead quality page', () => {
  it('with no lead notes, says how sales add them and offers the sample; the planner still works from the articles’ example', async () => {
    const h = await harness({ now: NOW });
    h.mount(<LeadsView />);
    const empty = await screen.findByRole('region', { name: 'No lead notes yet' });
    expect(empty.textContent).toContain('In the panel’s lead card they tick the MQL/SQL criteria');
    expect(within(empty).getByRole('button', { name: 'Load the sample workspace' })).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
    const planner = screen.getByRole('region', { name: 'Plan from the funnel' });
    expect(planner.querySelector('[data-step="sql"]')!.textContent).toBe('600 SQL needed');
    expect(planner.querySelector('[data-step="mql"]')!.textContent).toBe('2,000 MQL needed');
    expect(planner.querySelector('[data-out="media"]')!.textContent).toBe('RUB\u00a05,000,000');
    expect(planner.querySelector('[data-out="reserve"]')!.textContent).toBe('RUB\u00a0500,000');
    expect(planner.querySelector('[data-out="total"]')!.textContent).toBe('RUB\u00a05,500,000');
    expect(within(planner).getAllByText('Default: the articles’ example.').length).toBeGreaterThan(2);
    await noViolations(document.body);
  });

  it('lists sources with counts, conversion, reasons, the concentration warning and the SLA rate', async () => {
    await withSample();
    fireEvent.change(screen.getByLabelText('Leads that arrived in'), { target: { value: 'all' } });
    const table = screen.getByRole('table', { name: 'Lead quality by source' });
    const spring = row(table, 'spring-seo-course');
    expect(within(spring).getAllByRole('cell').map((c) => c.textContent)).toEqual([
      '32',
      '15',
      '8',
      '2',
      '53%',
      '25%',
      '15 (47%)Student 8 · Not the target segment 3 · Wrong contact data 3 · No budget 1',
      '87% (20/23)+ 2 contacted, time unknown',
    ]);
    expect(row(table, '(all)').querySelector('[data-col="leads"]')!.textContent).toBe('58');
    expect(screen.getByText(/brings 55% of all leads — more than 50% from one source/)).toBeTruthy();
    const sla = document.querySelector('[data-sla]')!;
    expect(sla.textContent).toContain('85% (41 of 48 contacted leads) — below the 90% norm');
    expect(sla.textContent).toContain('3 contacted at an unknown time, 1 still waiting, 6 with no create time');
    // three charts, each with a table of its numbers
    const figures = document.querySelectorAll('figure[data-chart]');
    expect(figures).toHaveLength(3);
    for (const f of figures) {
      expect(f.querySelector('canvas')!.getAttribute('aria-hidden')).toBe('true');
      expect(within(f as HTMLElement).getByRole('table')).toBeTruthy();
    }
    const leadsChart = within(figures[0] as HTMLElement).getByRole('table');
    expect(within(leadsChart).getByRole('rowheader', { name: 'spring-seo-course' }).parentElement!.textContent).toBe('spring-seo-course15215');
    await noViolations(document.body);
  });

  it('regroups by campaign and by period', async () => {
    await withSample();
    const table = () => screen.getByRole('table', { name: /^Lead quality by / });
    expect(row(table(), '(all)').querySelector('[data-col="leads"]')!.textContent).toBe('52'); // default: last 90 days
    fireEvent.change(screen.getByLabelText('Leads that arrived in'), { target: { value: '30' } });
    expect(row(table(), '(all)').querySelector('[data-col="leads"]')!.textContent).toBe('30');
    fireEvent.click(screen.getByRole('radio', { name: 'Campaigns' }));
    expect(table().getAttribute('aria-label') ?? table().querySelector('caption')!.textContent).toBe('Lead quality by campaign');
    expect(row(table(), 'analytics-webinar-nov').querySelector('[data-col="leads"]')!.textContent).toBe('5');
    expect(row(table(), 'brand-search-q4').querySelector('[data-col="leads"]')!.textContent).toBe('3');
  });

  it('the planner recomputes as you type and says what is wrong with 0 %, an empty field and a huge number', async () => {
    await withSample();
    const planner = screen.getByRole('region', { name: 'Plan from the funnel' });
    const step = (s: string) => planner.querySelector(`[data-step="${s}"]`)?.textContent;
    fireEvent.click(within(planner).getByRole('button', { name: 'Use the articles’ example' }));
    expect(step('sql')).toBe('600 SQL needed');
    const deals = within(planner).getByLabelText('Deals wanted');
    fireEvent.change(deals, { target: { value: '240' } });
    expect(step('sql')).toBe('1,200 SQL needed');
    expect(step('mql')).toBe('4,000 MQL needed');
    fireEvent.change(within(planner).getByLabelText('Lead → MQL conversion'), { target: { value: '50' } });
    expect(step('leads')).toBe('8,000 leads needed');
    fireEvent.change(within(planner).getByLabelText('Cost per lead'), { target: { value: '1 250' } });
    expect(planner.querySelector('[data-out="media"]')!.textContent).toBe('RUB\u00a010,000,000');

    const conv = within(planner).getByLabelText('MQL → SQL conversion');
    fireEvent.change(conv, { target: { value: '0' } });
    expect(conv.getAttribute('aria-invalid')).toBe('true');
    const err = within(planner).getByText('A conversion of 0 % can never reach a deal: enter more than 0.');
    expect(conv.getAttribute('aria-describedby')).toContain(err.id);
    expect(step('sql')).toBeUndefined();
    expect(planner.querySelector('[data-plan]')!.textContent).toBe('Fix the 1 marked field(s) to see the plan.');
    fireEvent.change(deals, { target: { value: '' } });
    expect(within(planner).getByText('Enter a number.')).toBeTruthy();
    fireEvent.change(deals, { target: { value: '5000000' } });
    expect(within(planner).getByText('Too large: check the number of digits.')).toBeTruthy();
    fireEvent.change(deals, { target: { value: '1000000' } });
    fireEvent.change(conv, { target: { value: '0.0001' } });
    fireEvent.change(within(planner).getByLabelText('SQL → deal conversion'), { target: { value: '0.0001' } });
    expect(planner.querySelector('[data-plan]')!.textContent).toContain('more than a quadrillion');
  });

  it('the planner defaults say where they came from: measured over enough leads, else the articles', async () => {
    await withSample();
    fireEvent.change(screen.getByLabelText('Leads that arrived in'), { target: { value: 'all' } });
    const planner = screen.getByRole('region', { name: 'Plan from the funnel' });
    // the fields still hold the 90-day defaults, and say so; the page tells that the period changed them
    expect((within(planner).getByLabelText('MQL → SQL conversion') as HTMLInputElement).value).toBe('54.5');
    expect(within(planner).getByText('Default: your workspace — 55% measured over 33 MQL in the last 90 days.')).toBeTruthy();
    expect(planner.querySelector('[data-stale]')).not.toBeNull();
    await act(async () => {
      fireEvent.click(within(planner).getByRole('button', { name: 'Use these defaults again' }));
    });
    expect((within(planner).getByLabelText('MQL → SQL conversion') as HTMLInputElement).value).toBe('55.6');
    expect((within(planner).getByLabelText('SQL → deal conversion') as HTMLInputElement).value).toBe('35');
    expect(within(planner).getByText('Default: your workspace — 56% measured over 36 MQL in all time.')).toBeTruthy();
    expect(within(planner).getByText('Default: your workspace — 35% measured over 20 SQL in all time.')).toBeTruthy();
    expect((within(planner).getByLabelText('Cost per lead') as HTMLInputElement).value).toBe('2500');
    expect(planner.querySelector('[data-stale]')).toBeNull();
  });

  it('in Russian, with Russian numbers and roubles', async () => {
    await withSample('ru');
    expect(await screen.findByText(/«spring-seo-course» даёт 54 % всех лидов/)).toBeTruthy();
    const planner = screen.getByRole('region', { name: 'План от воронки' });
    fireEvent.click(within(planner).getByRole('button', { name: 'Взять пример из статей' }));
    expect(planner.querySelector('[data-step="mql"]')!.textContent).toBe('2\u00a0000 MQL нужно');
    expect(planner.querySelector('[data-out="media"]')!.textContent).toBe('5\u00a0000\u00a0000\u00a0₽');
    fireEvent.change(within(planner).getByLabelText('Стоимость лида'), { target: { value: '2 500,50' } });
    expect(planner.querySelector('[data-out="media"]')!.textContent).toBe('5\u00a0001\u00a0000\u00a0₽');
    await noViolations(document.body);
  });
});
