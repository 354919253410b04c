// Shared TypeBox schemas of the admin API (they also feed /v1/openapi.json).
import Type from 'typebox';

/** A list edit (PC-43/PC-44 @{Add=..;Remove=..}, $null clears): replace first, then remove, then add. */
export const ListEdit = Type.Object(
  {
    add: Type.Optional(Type.Array(Type.String())),
    remove: Type.Optional(Type.Array(Type.String())),
    replace: Type.Optional(Type.Union([Type.Null(), Type.Array(Type.String())])),
  },
  { additionalProperties: false, description: 'replace (null clears) applies first, then remove, then add' },
);

export const Version = Type.Union([Type.Integer(), Type.String()], {
  description: 'the version you read (optimistic concurrency); or send If-Match',
});

export const ErrorBody = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String(), details: Type.Optional(Type.Unknown()) }),
});

export const Privacy = Type.Union([Type.Literal('Open'), Type.Literal('Closed'), Type.Literal('Secret')]);
export const RoomType = Type.Union([Type.Literal('Normal'), Type.Literal('Auditorium')]);
export const Invitations = Type.Union([Type.Literal('Inherit'), Type.Literal('False')]);
export const Identity = Type.Object({ identity: Type.String({ minLength: 1 }) });
