// Named failure kinds of the presence and contact-list codec (house style: never anonymous throws).
export type PresenceCodecErrorKind =
  | 'not-xml' // not well-formed, DOCTYPE/ENTITY present, illegal character, too large
  | 'wrong-document' // the root element is not the one this body must carry
  | 'bad-field'; // a required attribute or element is missing or unusable

export class PresenceCodecError extends Error {
  override readonly name = 'PresenceCodecError';
  constructor(
    readonly kind: PresenceCodecErrorKind,
    message: string,
  ) {
    super(message);
  }
}
