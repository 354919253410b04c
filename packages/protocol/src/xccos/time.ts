// XCCOS timestamps. pidgin-sipe writes and reads UTC `YYYY-MM-DDTHH:MM:SSZ` (docs/xccos.md §3,
// `grpchat@ts`); the Microsoft server writes 7 fractional digits (`serverTime="2010-09-14T14:26:17.6206356Z"`,
// quoted in pidgin-sipe's comments). We accept any number of fractional digits and keep milliseconds.
import { XccosError } from './errors.js';

const TS = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z$/;

/** Formats as `YYYY-MM-DDTHH:MM:SSZ`, adding `.mmm` only when the milliseconds are not zero. */
export function formatXccosTime(d: Date): string {
  const t = d.getTime();
  if (!Number.isFinite(t))
    throw new XccosError('bad-argument', 'Cannot format an invalid Date as an XCCOS timestamp.');
  const iso = d.toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ for years 0..9999
  return t % 1000 === 0 ? iso.slice(0, 19) + 'Z' : iso;
}

/** Parses a UTC ISO-8601 timestamp as above; `what` names the attribute for the error message. */
export function parseXccosTime(s: string, what = 'timestamp'): Date {
  const m = TS.exec(s);
  if (!m) {
    throw new XccosError(
      'bad-argument',
      `${what} "${s}" is not a UTC timestamp of the form YYYY-MM-DDTHH:MM:SSZ.`,
    );
  }
  const frac = m[7] ?? '';
  const ms = frac === '' ? 0 : Math.floor(Number(frac.padEnd(3, '0').slice(0, 3)));
  const [y, mo, da, h, mi, se] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i]));
  const d = new Date(Date.UTC(2000, (mo ?? 1) - 1, da, h, mi, se, ms));
  // Date.UTC maps years 0..99 to 1900+; set the year separately.
  d.setUTCFullYear(y ?? 2000, (mo ?? 1) - 1, da);
  // Date rolls over (month 13, 30 February, second 61); reading the fields back tells whether they were in range.
  if (
    d.getUTCFullYear() !== y ||
    d.getUTCMonth() !== (mo ?? 0) - 1 ||
    d.getUTCDate() !== da ||
    d.getUTCHours() !== h ||
    d.getUTCMinutes() !== mi ||
    d.getUTCSeconds() !== se
  ) {
    throw new XccosError('bad-argument', `${what} "${s}" is not a valid date and time.`);
  }
  return d;
}
