// Named failure kinds of the provisioning codec (house style 1: never anonymous throws).
export type ProvisioningErrorKind =
  | 'not-xml' // not well-formed, DOCTYPE/ENTITY present, illegal character
  | 'too-large'
  | 'not-provisioning' // root element is neither provisionGroupList nor provisioningGroupList
  | 'bad-property'; // a property with no name, an unusable name, or a bad boolean

export class ProvisioningError extends Error {
  override readonly name = 'ProvisioningError';
  constructor(
    readonly kind: ProvisioningErrorKind,
    message: string,
  ) {
    super(message);
  }
}
