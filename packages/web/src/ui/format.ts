// Dates and names with Intl (the browser's locale), and SIP addresses shown as people read them.
const time = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
const full = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'medium' });
const day = new Intl.DateTimeFormat(undefined, {
  weekday: 'long',
  month: 'long',
  day: 'numeric',
  year: 'numeric',
});
const short = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', year: 'numeric' });

export const formatTime = (d: Date): string => time.format(d);
export const formatFull = (d: Date): string => full.format(d);
export const formatShortDate = (d: Date): string => short.format(d);

export function formatDay(d: Date, now = new Date()): string {
  const a = new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  const b = new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
  const days = Math.round((b - a) / 86_400_000);
  if (days === 0) return 'Today';
  if (days === 1) return 'Yesterday';
  return day.format(d);
}

export const sameDay = (a: Date, b: Date): boolean =>
  a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();

/** `sip:alice.smith@example.test` → `alice.smith`: what people call each other. */
export function displayName(uri: string): string {
  return uri.replace(/^sips?:/i, '').replace(/@.*/, '');
}

/** Initials and a stable hue for an avatar. */
export function avatarOf(uri: string): { initials: string; hue: number } {
  const name = displayName(uri);
  const parts = name.split(/[._\-\s]+/).filter(Boolean);
  const initials = ((parts[0]?.[0] ?? '?') + (parts[1]?.[0] ?? '')).toUpperCase();
  let h = 0;
  for (const c of uri) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return { initials, hue: h % 360 };
}

export function privacyLabel(p: string | null, isPrivate?: boolean): string {
  if (p === 'open') return 'Open';
  if (p === 'closed') return 'Closed';
  if (p === 'secret') return 'Secret';
  return isPrivate ? 'Closed' : 'Open';
}
