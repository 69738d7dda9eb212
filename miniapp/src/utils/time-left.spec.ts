import { describe, expect, it } from '@jest/globals';
import { formatExpected, formatMoment, formatSpan, timeLeft } from './time-left';

// Local times, so the assertions hold in any time zone.
const now = new Date(2026, 10, 30, 10, 0, 0);
const at = (h: number, m = 0, dayOffset = 0) => new Date(2026, 10, 30 + dayOffset, h, m).toISOString();

describe('time left to a deadline', () => {
  it('says how long is left, in the unit people use', () => {
    expect(timeLeft(at(13), now)).toEqual({ text: '还剩 3 小时', overdue: false, soon: false });
    expect(timeLeft(at(13, 59), now)!.text).toBe('还剩 3 小时');
    expect(timeLeft(at(10, 25), now)).toEqual({ text: '还剩 25 分钟', overdue: false, soon: true });
    expect(timeLeft(at(10, 0, 3), now)!.text).toBe('还剩 3 天');
    expect(timeLeft(at(10, 0, 1), now)!.text).toBe('还剩 24 小时');
    expect(timeLeft(new Date(now.getTime() + 10_000).toISOString(), now)!.text).toBe('还剩 1 分钟');
  });

  it('says how late, and is red (overdue), once the deadline has passed', () => {
    expect(timeLeft(at(8), now)).toEqual({ text: '已超时 2 小时', overdue: true, soon: false });
    expect(timeLeft(at(9, 50), now)!.text).toBe('已超时 10 分钟');
    expect(timeLeft(at(10, 0, -5), now)!.text).toBe('已超时 5 天');
    // The server's word wins over a phone clock a little off.
    expect(timeLeft(at(10, 5), now, true)).toEqual({ text: '已超时 1 分钟', overdue: true, soon: false });
    expect(timeLeft('not a date', now)).toBeNull();
  });

  it('formats spans and moments', () => {
    expect(formatSpan(0)).toBe('1 分钟');
    expect(formatSpan(59)).toBe('59 分钟');
    expect(formatSpan(60)).toBe('1 小时');
    expect(formatSpan(47 * 60 + 59)).toBe('47 小时');
    expect(formatSpan(48 * 60)).toBe('2 天');
    expect(formatMoment(at(18), now)).toBe('今天 18:00');
    expect(formatMoment(at(9, 5, 1), now)).toBe('明天 09:05');
    expect(formatMoment(at(9, 5, -1), now)).toBe('昨天 09:05');
    expect(formatMoment(at(18, 0, 3), now)).toBe('12月3日 18:00');
    expect(formatMoment(new Date(2027, 0, 5, 18, 0).toISOString(), now)).toBe('2027年1月5日 18:00');
    expect(formatExpected(at(18, 0, 1), now)).toBe('预计 明天 18:00 前解决');
    expect(formatExpected(at(8), now)).toBe('原定 今天 08:00 前解决，已超时');
  });
});
