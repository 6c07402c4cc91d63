import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defaultWorkspace } from '@/lib/core/defaults';
import { parseManagedPolicy } from '@/lib/store/managed';
import { COLLECTION_SCHEMAS, MANAGED_COLLECTIONS } from '@/lib/store/types';

const schema = JSON.parse(readFileSync('public/managed-schema.json', 'utf8')) as {
  type: string;
  properties: Record<string, { type: string; items: { properties: Record<string, unknown> } }>;
};

describe('managed storage schema (public/managed-schema.json)', () => {
  it('has exactly the managed collections, each a list of objects with the entity fields', () => {
    expect(schema.type).toBe('object');
    expect(Object.keys(schema.properties).sort()).toEqual([...MANAGED_COLLECTIONS].sort());
    for (const c of MANAGED_COLLECTIONS) {
      const zodKeys = Object.keys((COLLECTION_SCHEMAS[c] as unknown as z.ZodObject).shape).sort();
      expect(schema.properties[c]!.type).toBe('array');
      expect(Object.keys(schema.properties[c]!.items.properties).sort(), c).toEqual(zodKeys);
    }
  });

  it('the default workspace is a valid policy (an admin can start from an export)', () => {
    const ws = defaultWorkspace();
    const policy = parseManagedPolicy({ teams: ws.teams, kpis: ws.kpis, slaPolicies: ws.slaPolicies, briefTemplates: ws.briefTemplates });
    expect(policy.issues).toEqual([]);
    expect(policy.docs.kpis.length).toBe(ws.kpis.length);
  });

  it('reports bad entries with their path and keeps the good ones', () => {
    const p = parseManagedPolicy({ kpis: 'all', teams: [{ id: 'a', name: 'A' }, { id: 'a', name: 'B' }] });
    expect(p.docs.teams).toHaveLength(1);
    expect(p.issues.map((i) => [i.key, i.reason])).toEqual([
      ['managed:teams[1]', 'duplicate id "a"'],
      ['managed:kpis', 'the "kpis" policy must be a list'],
    ]);
  });
});
