/** Report periods: keys, office-local bounds, the period before, chart buckets. */
import { describe, expect, it } from 'vitest';
import { buckets, customPeriod, parsePeriod, periodContaining, periodRange, previousPeriod } from '../../../engine/report/period.ts';

describe('periods', () => {
  it('reads month, semester, year and custom keys', () => {
    expect(parsePeriod('2026-11')).toMatchObject({ kind: 'month', from: '2026-11-01', to: '2026-11-30', label: 'November 2026' });
    expect(parsePeriod('2026-02')).toMatchObject({ to: '2026-02-28' });
    expect(parsePeriod('2028-02')).toMatchObject({ to: '2028-02-29' });
    expect(parsePeriod('2026-S2')).toMatchObject({ kind: 'semester', from: '2026-07-01', to: '2026-12-31', label: 'Semester II 2026' });
    expect(parsePeriod('2026')).toMatchObject({ kind: 'year', from: '2026-01-01', to: '2026-12-31', label: 'Tahun 2026' });
    expect(parsePeriod('2026-11-01..2026-11-15')).toMatchObject({ kind: 'custom', label: '1 Nov 2026 - 15 Nov 2026' });
  });

  it('refuses bad keys and dates with a message', () => {
    expect(parsePeriod('2026-13')).toHaveProperty('error');
    expect(customPeriod('2026-02-30', '2026-03-01')).toHaveProperty('error');
    expect(customPeriod('2026-03-02', '2026-03-01')).toEqual({ error: 'Tanggal akhir lebih awal daripada tanggal awal.' });
  });

  it('bounds are office-local midnights (WIB is UTC+7)', () => {
    const r = periodRange({ from: '2026-11-01', to: '2026-11-30' }, 'Asia/Jakarta');
    expect(new Date(r.start).toISOString()).toBe('2026-10-31T17:00:00.000Z');
    expect(new Date(r.end).toISOString()).toBe('2026-11-30T17:00:00.000Z');
  });

  it('the period containing an instant, and the one before', () => {
    // 31 Dec 2026 20:00 UTC is already 1 Jan 2027 in WIB.
    expect(periodContaining('month', new Date('2026-12-31T20:00:00Z'), 'Asia/Jakarta').key).toBe('2027-01');
    expect(previousPeriod(parsePeriod('2027-01') as never).key).toBe('2026-12');
    expect(previousPeriod(parsePeriod('2027-S1') as never).key).toBe('2026-S2');
    expect(previousPeriod(parsePeriod('2026-11-11..2026-11-20') as never).key).toBe('2026-11-01..2026-11-10');
  });

  it('charts count per day up to two months, else per month', () => {
    expect(buckets({ from: '2026-11-01', to: '2026-11-30' })).toHaveLength(30);
    expect(buckets({ from: '2026-01-01', to: '2026-12-31' }).map((b) => b.key)).toEqual(Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`));
  });
});
