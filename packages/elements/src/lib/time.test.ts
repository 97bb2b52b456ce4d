import { expect } from '@open-wc/testing';
import { formatAgo, formatClock, formatDay, formatDuration, formatFull, formatListTime, localeOf } from './time.js';

// 14:05 local time on 25 November 2026, and the same moment a year earlier.
const at = new Date(2026, 10, 25, 14, 5).getTime();
const lastYear = new Date(2025, 10, 25, 14, 5).getTime();
const now = new Date(2026, 10, 25, 18, 0).getTime();

/** Runs `fn` with the browser's preferred languages set to `languages`. */
function withLanguages<T>(languages: string[], fn: () => T): T {
  Object.defineProperty(navigator, 'languages', { configurable: true, get: () => languages });
  try {
    return fn();
  } finally {
    delete (navigator as unknown as { languages?: unknown }).languages;
  }
}

describe('times and dates: 12- or 24-hour clocks and numeric dates as the locale writes them', () => {
  it('Russian writes a 24-hour clock and day.month.year', () => {
    withLanguages(['ru-RU'], () => {
      expect(formatClock(at, 'ru')).to.equal('14:05');
      expect(formatListTime(at, 'ru', now)).to.equal('14:05');
      expect(formatListTime(lastYear, 'ru', now)).to.equal('25.11.2025');
      expect(formatFull(at, 'ru')).to.equal('25 нояб. 2026 г., 14:05');
    });
  });

  it('US English writes a 12-hour clock and month/day/year', () => {
    withLanguages(['en-US'], () => {
      expect(localeOf('en')).to.equal('en-US');
      expect(formatClock(at, 'en').replace(/\s/g, ' ')).to.equal('2:05 PM');
      expect(formatListTime(lastYear, 'en', now)).to.equal('11/25/2025');
      expect(formatFull(at, 'en').replace(/\s/g, ' ')).to.equal('Nov 25, 2026, 2:05 PM');
    });
  });

  it("a British reader's English keeps the 24-hour clock and day/month/year", () => {
    withLanguages(['en-GB', 'en'], () => {
      expect(localeOf('en')).to.equal('en-GB');
      expect(formatClock(at, 'en')).to.equal('14:05');
      expect(formatListTime(lastYear, 'en', now)).to.equal('25/11/2025');
    });
  });

  it("the element's language wins over the browser's: a Russian element in an English browser stays Russian", () => {
    withLanguages(['en-US'], () => {
      expect(localeOf('ru')).to.equal('ru');
      expect(formatClock(at, 'ru')).to.equal('14:05');
    });
  });
});

describe("days and distances: a day line's date, and distances in the browser's words before date-fns' come", () => {
  it("a day line names this year's days without the year and other years' with it", () => {
    withLanguages(['ru-RU'], () => {
      expect(formatDay(at, 'ru', now)).to.equal('25 ноября');
      expect(formatDay(lastYear, 'ru', now)).to.equal('25 ноября 2025 г.');
    });
    withLanguages(['en-US'], () => {
      expect(formatDay(at, 'en', now)).to.equal('November 25');
      expect(formatDay(lastYear, 'en', now)).to.equal('November 25, 2025');
    });
  });

  it('distances with and without "ago", in each language and unit, the same on every call (the formatters are kept)', () => {
    const minutes = now - 5 * 60_000;
    const hours = now - 3 * 3_600_000;
    for (let round = 0; round < 2; round++) {
      expect(formatAgo(minutes, 'ru', now)).to.equal('5 минут назад');
      expect(formatAgo(hours, 'ru', now)).to.equal('3 часа назад');
      expect(formatAgo(minutes, 'en', now)).to.equal('5 minutes ago');
      expect(formatDuration(minutes, 'ru', now)).to.equal('5 минут');
      expect(formatDuration(hours, 'en', now)).to.equal('3 hours');
      expect(formatDuration(minutes, 'en', now)).to.equal('5 minutes');
    }
  });
});
