// Host-permission patterns: Chromium keeps the port; Firefox cannot match a pattern with a port
// (it grants it, then matches nothing), so there the pattern names the host on every port.
import { describe, expect, it } from 'vitest';
import { originPatternFor } from '@/lib/background/origins';
import { originPatterns } from '@/lib/background/custom-hosts';
import { originPattern } from '@/lib/background/kpi-sources';

describe('originPatternFor', () => {
  it('keeps the port for Chromium and drops it for Firefox', () => {
    expect(originPatternFor(new URL('http://127.0.0.1:8080/cpl.csv'), false)).toBe('http://127.0.0.1:8080/*');
    expect(originPatternFor(new URL('http://127.0.0.1:8080/cpl.csv'), true)).toBe('http://127.0.0.1/*');
    expect(originPatternFor(new URL('https://crm.example.ru:8443/crm/deal/details/1/'), true)).toBe('https://crm.example.ru/*');
    expect(originPatternFor(new URL('https://Sheets.Example.com/pub?output=csv'), true)).toBe('https://sheets.example.com/*');
    expect(originPatternFor(new URL('http://[::1]:3000/x'), true)).toBe('http://[::1]/*');
    expect(originPatternFor(new URL('https://bi.example.com/x.csv'), false)).toBe('https://bi.example.com/*');
  });
  it('is what the KPI sources and the self-hosted domains ask for in this build (Chromium in unit tests)', () => {
    expect(import.meta.env.FIREFOX).toBeFalsy();
    expect(originPattern('http://127.0.0.1:8080/cpl.csv')).toBe('http://127.0.0.1:8080/*');
    expect(originPatterns('crm.example.com:8443')).toEqual(['https://crm.example.com:8443/*']);
  });
});
