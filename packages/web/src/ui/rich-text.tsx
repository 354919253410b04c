// Message text as React text nodes, never HTML. Links become anchors only for http, https, mailto and sip
// (everything else stays text); they open in a new tab with rel="noopener noreferrer". Mentions of my
// name are highlighted.
import type { ReactNode } from 'react';

const LINK = /\b((?:https?:\/\/|mailto:|sip:)[^\s<>"']+[^\s<>"'.,;:!?)\]])/gi;
const SAFE = /^(https?:|mailto:|sip:)/i;

/** True when `href` may be clickable. */
export function isSafeHref(href: string): boolean {
  return SAFE.test(href.trim());
}

function withMentions(text: string, me: string, key: string): ReactNode[] {
  if (!me) return [text];
  const re = new RegExp(`(@?\\b${me.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b)`, 'gi');
  const out: ReactNode[] = [];
  let last = 0;
  for (const m of text.matchAll(re)) {
    if (m.index > last) out.push(text.slice(last, m.index));
    out.push(
      <mark key={`${key}-m${m.index}`} className="mention">
        {m[0]}
      </mark>,
    );
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

export function RichText({ text, me = '' }: { text: string; me?: string }): ReactNode {
  const out: ReactNode[] = [];
  let last = 0;
  for (const m of text.matchAll(LINK)) {
    const href = m[1]!;
    if (m.index > last) out.push(...withMentions(text.slice(last, m.index), me, `t${last}`));
    if (isSafeHref(href))
      out.push(
        <a key={`l${m.index}`} href={href} target="_blank" rel="noopener noreferrer">
          {href}
        </a>,
      );
    else out.push(href);
    last = m.index + href.length;
  }
  if (last < text.length) out.push(...withMentions(text.slice(last), me, `t${last}`));
  return <>{out}</>;
}
