import { describe, expect, it } from 'vitest';
import { checkBrief, isBriefItem } from '@/lib/core/brief';
import { GTM_PLAN_TEMPLATE, MARKETING_BRIEF_TEMPLATE } from '@/lib/core/defaults';
import { BriefTemplateSchema } from '@/lib/core/schemas';

const T = MARKETING_BRIEF_TEMPLATE;
const ids = (r: { missing: { id: string }[] }) => r.missing.map((m) => m.id);

describe('checkBrief: the default marketing brief', () => {
  it('has the 8 fields of DOMAIN.md §5 in order', () => {
    expect(T.id).toBe('marketing-brief');
    expect(T.fields.map((f) => f.id)).toEqual(['audience', 'goal', 'offer', 'format', 'channel', 'deadline', 'quality', 'metrics']);
  });

  it('a complete markdown brief scores 8/8', () => {
    const text = [
      '# Target audience', 'SMB owners in Moscow',
      '## Goal', '500 sign-ups',
      '## Offer', '30% off the first month',
      '## Format', 'Banners and a landing page',
      '## Channels', 'Yandex Direct, Telegram',
      '## Deadline', '2026-05-15',
      '## Quality criteria', 'Brand book respected',
      '## Success metrics', 'CTR ≥ 2%, CAC ≤ 3000',
    ].join('\n');
    const r = checkBrief(T, text);
    expect(r.present).toBe(8);
    expect(r.total).toBe(8);
    expect(r.missing).toEqual([]);
    expect(r.score).toBe(1);
    expect(r.fields.every((f) => f.reason === 'text')).toBe(true);
  });

  it('reports absent fields and the metrics missing (the marketer of the design card)', () => {
    const text = '## Audience\nB2B marketers\n## Goal\nLeads\n## Offer\nFree audit';
    const r = checkBrief(T, text);
    expect(r.present).toBe(3);
    expect(ids(r)).toEqual(['format', 'channel', 'deadline', 'quality', 'metrics']);
    expect(r.missing.every((m) => m.status === 'absent' && m.reason === 'not-found')).toBe(true);
  });

  it.each(['TBD', 'tbc', '—', '-', '?', '…', '...', 'уточнить', 'Уточнить', '', '   ', '**TBD**', '- TBD'])(
    'a heading whose body is %j counts as missing (empty)',
    (body) => {
      const r = checkBrief(T, `## Goal\n${body}\n## Offer\nA real offer`);
      const goal = r.fields.find((f) => f.id === 'goal')!;
      expect(goal.status).toBe('empty');
      expect(ids(r)).toContain('goal');
      expect(r.fields.find((f) => f.id === 'offer')!.status).toBe('present');
    },
  );

  it('placeholder vs empty reasons', () => {
    const r = checkBrief(T, 'Goal: TBD\nOffer:\n\nFormat: video');
    expect(r.fields.find((f) => f.id === 'goal')).toMatchObject({ status: 'empty', reason: 'placeholder', placeholder: 'TBD' });
    expect(r.fields.find((f) => f.id === 'offer')).toMatchObject({ status: 'empty', reason: 'empty' });
    expect(r.fields.find((f) => f.id === 'format')).toMatchObject({ status: 'present', reason: 'text' });
  });

  it('recognises Russian headings and synonyms in any case', () => {
    const text = [
      '## ЦА', 'Малый бизнес',
      '**Задача**', 'Увеличить продажи',
      'ОФФЕР: скидка 20%',
      'Формат: лендинг',
      'Каналы: VK, Telegram',
      'Сроки: до 15 мая',
      '### Критерии качества', 'Соответствие гайдлайнам',
      'Метрики успеха', 'CR 3%',
    ].join('\n');
    const r = checkBrief(T, text);
    expect(r.missing).toEqual([]);
    expect(r.present).toBe(8);
  });

  it('recognises "целевая аудитория", "KPI", "due date", "acceptance criteria", "objective"', () => {
    const text = 'Целевая аудитория: студенты вузов\nObjective: awareness\nKPI: reach 1M\nDue date: 2026-06-01\nAcceptance criteria: legal approved';
    const r = checkBrief(T, text);
    expect(r.fields.filter((f) => f.status === 'present').map((f) => f.id).sort()).toEqual(['audience', 'deadline', 'goal', 'metrics', 'quality']);
  });

  it('a bold label with an inline value, bullets and numbering', () => {
    const text = '1. **Goal:** more demos\n- **Offer**: free trial\n* Channel: email\n2) Format\nwebinar';
    const r = checkBrief(T, text);
    for (const id of ['goal', 'offer', 'channel', 'format']) expect(r.fields.find((f) => f.id === id)!.status).toBe('present');
  });

  it('"Label — value" lines with a spaced dash', () => {
    const r = checkBrief(T, 'ЦА — малый бизнес\nGoal - more demos\nОффер — —\nA sentence - with a dash about the offer');
    expect(r.fields.find((f) => f.id === 'audience')!.status).toBe('present');
    expect(r.fields.find((f) => f.id === 'goal')!.status).toBe('present');
    expect(r.fields.find((f) => f.id === 'offer')).toMatchObject({ status: 'empty', reason: 'placeholder' });
  });

  it('a native due date satisfies deadline, even if the text says TBD', () => {
    expect(checkBrief(T, '## Goal\nx').fields.find((f) => f.id === 'deadline')!.status).toBe('absent');
    const r = checkBrief(T, '## Goal\nx', { due: '2026-05-15' });
    expect(r.fields.find((f) => f.id === 'deadline')).toMatchObject({ status: 'present', reason: 'native' });
    const r2 = checkBrief(T, '## Deadline\nTBD', { due: '2026-05-15' });
    expect(r2.fields.find((f) => f.id === 'deadline')!.status).toBe('present');
    // A launch date is not the brief's deadline.
    expect(checkBrief(T, '', { launch: '2026-05-15' }).fields.find((f) => f.id === 'deadline')!.status).toBe('absent');
  });

  it('the section ends at the next heading, even an unrecognised markdown one', () => {
    const r = checkBrief(T, '## Goal\n## Background\nLong story\n## Offer\nyes');
    expect(r.fields.find((f) => f.id === 'goal')!.status).toBe('empty');
  });

  it('does not take words in prose for headings', () => {
    const r = checkBrief(T, 'The goal of this task is to fix the audience filter.\nOur offer page is broken.');
    expect(r.present).toBe(0);
  });

  it('a repeated field: a filled occurrence wins over an empty one', () => {
    const r = checkBrief(T, '## Goal\nTBD\n\n## Goal\nGrow MRR');
    expect(r.fields.find((f) => f.id === 'goal')!.status).toBe('present');
  });

  it('headings with a qualifier ("Target audience (B2B)", "Channels / каналы")', () => {
    const r = checkBrief(T, '## Target audience (B2B)\nCTOs\n## Channels / каналы\nemail');
    expect(r.fields.find((f) => f.id === 'audience')!.status).toBe('present');
    expect(r.fields.find((f) => f.id === 'channel')!.status).toBe('present');
  });

  it('the go-to-market plan template', () => {
    expect(GTM_PLAN_TEMPLATE.id).toBe('gtm-plan');
    expect(GTM_PLAN_TEMPLATE.fields).toHaveLength(8);
    const text = '## Segment and use cases\nSMB\n## Позиционирование\nПросто\n## Landing page\nurl\n## Channel plan\nemail\n## Measurement plan\nGA4\n## Dates\nMay\n## Owners\nAnna\n## Критерии успеха\n100 deals';
    const r = checkBrief(GTM_PLAN_TEMPLATE, text);
    expect(r.missing).toEqual([]);
  });

  it('teams can write their own template', () => {
    const t = BriefTemplateSchema.parse({ id: 'legal', name: 'Legal', fields: [{ id: 'risk', label: 'Risk', synonyms: ['risk', 'риск'] }] });
    expect(checkBrief(t, 'Риск: low').present).toBe(1);
    expect(checkBrief(t, 'Risk: —').present).toBe(0);
  });
});

describe('isBriefItem', () => {
  it.each([['brief'], ['Campaign'], ['БРИФ'], ['кампания'], ['q2-campaign']])('label %s marks a brief', (l) => {
    expect(isBriefItem([l], '')).toBe(true);
  });
  it('two brief headings mark a brief, one does not', () => {
    expect(isBriefItem([], '## Goal\nx\n## Audience\ny')).toBe(true);
    expect(isBriefItem([], '## Goal\nx')).toBe(false);
    expect(isBriefItem(['bug', 'frontend'], 'Fix the login button')).toBe(false);
  });
});

// Speed (10,000 checks in well under a second) is measured by bench/core.bench.ts, not by a timed test.
