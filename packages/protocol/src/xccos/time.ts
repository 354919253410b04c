// XCCOS timestamps. pidgin-sipe writes and reads UTC `YYYY-MM-DDTHH:MM:SSZ` (PROTOCOL-XCCOS.md (a),
// `grpchat@ts`); the Microsoft server writes 7 fractional digits (`serverTime="2010-09-14T14:26:17.6206356Z"`,
// quoted in pidgin-sipe's comments). We accept any number of fractional digits and keep milliseconds.
import { XccosError } from './errors.js';

const TS = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z$/;

/** Formats as `YYYY-MM-DDTHH:MM:SSZ`, adding `.mmm` only when the milliseconds are not zero. */
export function formatXccosTime(d: Date): string {
  const t = d.getTime();
  if (!Number.isFinite(t)) throw new XccosError('bad-argument', 'Cannot format an invalid Date as an XCCOS timestamp.');
  const iso = d.toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ for years 0..9999
  return t % 1000 === 0 ? iso.slice(0, 19) + 'Z' : iso;
}

/** Parses a UTC ISO-8601 timestamp as above; `what` names the attribute for the error message. */
export function parseXccosTime(s: string, what = 'timestamp'): Date {
  const m = TS.exec(s);
  if (!m) {
    throw new XccosError('bad-argument', `${what} "${s}" is not a UTC timestamp of the form YYYY-MM-DDTHH:MM:SSZ.`);
  }
  const frac = m[7] ?? '';
  const ms = frac === '' ? 0 : Math.floor(Number(frac.padEnd(3, '0').slice(0, 3)));
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), ms);
  const d = new Date(t);
  // Date.UTC rolls over (month 13, second 61); a round trip tells us whether the fields were in range.
  if (!Number.isFinite(t) || d.getUTCDate() !== Number(m[3]) || d.getUTCMinutes() !== Number(m[5]) || d.getUTCSeconds() !== Number(m[6]) || d.getUTCHours() !== Number(m[4])) {
    throw new XccosError('bad-argument', `${what} "${s}" is not a valid date and time.`);
  }
  // Years 0..99 are mapped to 1900+ by Date.UTC; fix them up.
  if (Number(m[1]) < 100) d.setUTCFullYear(Number(m[1]));
  return d;
}
