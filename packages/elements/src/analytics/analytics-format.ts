/*
 * Durations as people say them: "1 h 5 min", «1 ч 5 мин». Two units at most, the smaller one
 * rounded (a first response of 1 h 5 min 40 s reads "1 h 6 min"), and only the units that are
 * not zero: "2 h", "45 s". The unit words are each language's (analytics.*.ts).
 */

export interface DurationUnits {
  d: string;
  h: string;
  min: string;
  s: string;
}

type Unit = keyof DurationUnits;

/** The amounts a duration is told in, largest unit first. */
export function durationParts(ms: number): [number, Unit][] {
  const seconds = Math.round(ms / 1000);
  const two = (value: number, size: number, big: Unit, small: Unit): [number, Unit][] => {
    const parts: [number, Unit][] = [[Math.floor(value / size), big]];
    if (value % size) parts.push([value % size, small]);
    return parts;
  };
  if (seconds < 60) return [[seconds, 's']];
  if (seconds < 3_600) return two(seconds, 60, 'min', 's');
  const minutes = Math.round(seconds / 60);
  // 23 h 59 min 40 s rounds to a whole day: told in days, not as "24 h".
  if (minutes < 1_440) return two(minutes, 60, 'h', 'min');
  return two(Math.round(seconds / 3_600), 24, 'd', 'h');
}

export function durationText(ms: number, units: DurationUnits): string {
  return durationParts(ms)
    .map(([n, unit]) => `${n} ${units[unit]}`)
    .join(' ');
}
