// Input checks shared by the provisioning services: identities must be well-formed before they reach the
// store, and the messages say what a correct value looks like.
import { DomainError } from '../../errors.js';
import { normalizeUri } from '../../access/ancestry.js';

const SIP_URI = /^sips?:([a-z0-9._%+~!$&'*=-]+)@([a-z0-9.-]+\.[a-z0-9-]+|[a-z0-9-]+)$/i;
const FQDN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;

/** Returns the lower-cased `sip:user@domain` URI, or throws InvalidArgument. */
export function sipUri(value: string, what = 'SIP address'): string {
  const v = normalizeUri(value);
  const withScheme = v.startsWith('sip:') || v.startsWith('sips:') ? v : `sip:${v}`;
  if (!SIP_URI.test(withScheme)) {
    throw new DomainError(
      'InvalidArgument',
      `'${value}' is not a valid ${what}: use the form sip:user@domain.`,
      { value },
    );
  }
  return withScheme;
}

export function sipDomainOf(uri: string): string {
  return uri.slice(uri.indexOf('@') + 1);
}

export function fqdn(value: string, what = 'FQDN'): string {
  const v = value.trim().toLowerCase();
  if (!FQDN.test(v))
    throw new DomainError(
      'InvalidArgument',
      `'${value}' is not a valid ${what}: use a DNS name such as pchat.example.test.`,
      { value },
    );
  return v;
}

export function intInRange(value: number, min: number, max: number, what: string): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new DomainError(
      'InvalidArgument',
      `${what} must be a whole number from ${min} to ${max}; got ${value}.`,
      { value, min, max },
    );
  }
  return value;
}

export function nonEmpty(value: string, what: string): string {
  const v = value.trim();
  if (v === '') throw new DomainError('InvalidArgument', `${what} is empty. Give it a value.`);
  return v;
}
