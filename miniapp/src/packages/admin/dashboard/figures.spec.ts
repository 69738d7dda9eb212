import { describe, expect, it } from '@jest/globals';
import type { GridStats, StatsNumbers } from '@linli/shared';
import {
  barWidth,
  decodeTrail,
  encodeTrail,
  formatAsOf,
  formatCount,
  formatPercent,
  reportSegments,
  sortChildren,
  stackedSegments,
  troubles,
  worstChild,
} from './figures';

const zero: StatsNumbers = {
  microGrids: 0,
  rentalGroups: 0,
  households: 0,
  joinedHouseholds: 0,
  coverage: null,
  members: 0,
  underCare: 0,
  overdue: 0,
  visits7d: 0,
  openCheckRequests: 0,
  notices30d: 0,
  noticeReadRate: null,
  reportsOpen: { submitted: 0, accepted: 0, inProgress: 0 },
  slaBreaches: 0,
  tenanciesActive: 0,
  tenanciesPending: 0,
};

const child = (name: string, n: Partial<StatsNumbers>): GridStats['children'][number] => ({
  node: { id: `id-${name}`, name, kind: 'community' },
  numbers: { ...zero, ...n },
});

describe('dashboard figures', () => {
  it('reads rates as whole percents, never 100% while someone is missing nor 0% when someone did it', () => {
    expect(formatPercent(null)).toBe('—');
    expect(formatPercent(0)).toBe('0%');
    expect(formatPercent(1)).toBe('100%');
    expect(formatPercent(0.456)).toBe('46%');
    expect(formatPercent(0.998)).toBe('99%');
    expect(formatPercent(0.002)).toBe('1%');
  });

  it('writes big counts with 万, never rounding up past the real number', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(9_999)).toBe('9999');
    expect(formatCount(10_000)).toBe('1万');
    expect(formatCount(283_412)).toBe('28.3万');
    expect(formatCount(11_999)).toBe('1.1万');
  });

  it('sizes bars against the largest shown, keeping anything above zero visible', () => {
    expect(barWidth(0, 10)).toBe(0);
    expect(barWidth(null, 1)).toBe(0);
    expect(barWidth(5, 0)).toBe(0);
    expect(barWidth(10, 10)).toBe(100);
    expect(barWidth(5, 10)).toBe(50);
    expect(barWidth(1, 1000)).toBe(3);
    expect(barWidth(0.456, 1)).toBe(45.6);
    expect(barWidth(20, 10)).toBe(100);
  });

  it('splits a stacked bar into segments that add up to exactly 100, skipping empty ones', () => {
    expect(stackedSegments([{ key: 'a', count: 0 }])).toEqual([]);
    const thirds = stackedSegments([{ key: 'a', count: 1 }, { key: 'b', count: 1 }, { key: 'c', count: 1 }]);
    expect(thirds.reduce((s, x) => s + x.width, 0)).toBe(100);
    expect(thirds.map((x) => x.width).sort()).toEqual([33, 33, 34]);
    const tiny = stackedSegments([{ key: 'a', count: 1000 }, { key: 'b', count: 0 }, { key: 'c', count: 1 }]);
    expect(tiny).toEqual([{ key: 'a', count: 1000, width: 96 }, { key: 'c', count: 1, width: 4 }]);
    const reports = reportSegments({ ...zero, reportsOpen: { submitted: 3, accepted: 0, inProgress: 1 } });
    expect(reports).toEqual([{ key: 'submitted', count: 3, width: 75 }, { key: 'inProgress', count: 1, width: 25 }]);
  });

  it('puts the worst child first: most overdue, then lowest read rate, then most SLA breaches', () => {
    const list = [
      child('fine', { noticeReadRate: 0.9 }),
      child('unread', { noticeReadRate: 0.2 }),
      child('late', { overdue: 2, noticeReadRate: 0.95 }),
      child('breaches', { noticeReadRate: 0.2, slaBreaches: 3 }),
      child('no notices', {}),
    ];
    expect(sortChildren(list).map((c) => c.node.name)).toEqual(['late', 'breaches', 'unread', 'fine', 'no notices']);
    expect(worstChild(list)?.node.name).toBe('late');
    // a low read rate alone puts a child first in the list but is not "something wrong" to flag
    expect(worstChild([child('unread', { noticeReadRate: 0.2 }), child('reports', { slaBreaches: 1 })])?.node.name).toBe('reports');
    expect(worstChild([child('fine', {})])).toBeNull();
    expect(troubles({ ...zero, overdue: 1, openCheckRequests: 2 })).toEqual(['1 人超时未走访', '2 个上门请求待处理']);
  });

  it('says when the numbers were counted: the time today, the day too otherwise', () => {
    const now = new Date(2026, 10, 30, 15, 0);
    expect(formatAsOf(new Date(2026, 10, 30, 9, 5).toISOString(), now)).toBe('09:05');
    expect(formatAsOf(new Date(2026, 10, 29, 23, 59).toISOString(), now)).toBe('11月29日 23:59');
    expect(formatAsOf('not a date', now)).toBe('');
  });

  it('carries the breadcrumb through the query and ignores what it cannot read', () => {
    const trail = [{ id: 'a1-b2', name: '江南街道' }, { id: 'c3', name: '兴学|社区~' }];
    const raw = encodeTrail(trail)!;
    expect(decodeTrail(raw)).toEqual([{ id: 'a1-b2', name: '江南街道' }, { id: 'c3', name: '兴学 社区 ' }]);
    expect(encodeTrail([])).toBeUndefined();
    expect(decodeTrail(undefined)).toEqual([]);
    expect(decodeTrail('<x>~a|~b|c~|ok~好')).toEqual([{ id: 'ok', name: '好' }]);
  });
});
