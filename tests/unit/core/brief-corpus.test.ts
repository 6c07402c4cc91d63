import { describe, expect, it } from 'vitest';
import { checkBrief } from '@/lib/core/brief';
import { MARKETING_BRIEF_TEMPLATE } from '@/lib/core/defaults';
import { CORPUS } from './brief-corpus/corpus';

describe('brief corpus: briefs as people write them (EN/RU, every format)', () => {
  it('has at least 40 briefs', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(40);
  });
  for (const b of CORPUS) {
    it(b.name, () => {
      const r = checkBrief(MARKETING_BRIEF_TEMPLATE, b.text, b.native);
      const present = r.fields.filter((f) => f.status === 'present').map((f) => f.id).sort();
      expect(present).toEqual([...b.present].sort());
      if (b.placeholders) {
        const ph = r.fields.filter((f) => f.reason === 'placeholder').map((f) => f.id).sort();
        expect(ph).toEqual([...b.placeholders].sort());
      }
    });
  }
});

describe('brief properties', () => {
  it('never throws, and a field named only inside a sentence is never found', async () => {
    const fc = (await import('fast-check')).default;
    const synonyms = MARKETING_BRIEF_TEMPLATE.fields.flatMap((f) => f.synonyms);
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), fc.constantFrom(...synonyms), fc.constantFrom('We think the ', 'Наша ', 'In order to fix the ', 'и ещё '), (noise, syn, lead) => {
        expect(() => checkBrief(MARKETING_BRIEF_TEMPLATE, noise)).not.toThrow();
        const r = checkBrief(MARKETING_BRIEF_TEMPLATE, `${lead}${syn.toLowerCase()} is important: really, we mean it.`);
        expect(r.present).toBe(0);
      }),
      { numRuns: 150 },
    );
  });
});
