import { describe, expect, it } from 'vitest';
import { CURRENT_SCHEMA_VERSION, MIGRATIONS } from '@/lib/store/migrations';

describe('storage schema version', () => {
  it('the version every context compares with (lib/store/migrations/version.ts) is the newest migration', () => {
    expect(CURRENT_SCHEMA_VERSION).toBe(Math.max(...MIGRATIONS.map((m) => m.version)));
  });
});
