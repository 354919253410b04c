// /v1/openapi.json, generated from the route table and its TypeBox schemas (docs/architecture.md, house rule
// 9).
import type { TSchema } from 'typebox';
import type { AdminRoute } from './route.js';
import { ErrorBody } from './schemas.js';

const plain = (s: TSchema | undefined): Record<string, unknown> | undefined =>
  s ? (JSON.parse(JSON.stringify(s)) as Record<string, unknown>) : undefined;

export function openApiDocument(routes: readonly AdminRoute[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const errorResponse = (description: string) => ({
    description,
    content: { 'application/json': { schema: plain(ErrorBody) } },
  });
  for (const r of routes) {
    const q = plain(r.querystring) as
      { properties?: Record<string, unknown>; required?: string[] } | undefined;
    const parameters = Object.entries(q?.properties ?? {}).map(([name, schema]) => ({
      name,
      in: 'query',
      required: q?.required?.includes(name) ?? false,
      schema,
    }));
    if (r.whatIf)
      parameters.push({
        name: 'whatIf',
        in: 'query',
        required: false,
        schema: {
          type: 'boolean',
          description: 'dry run: validate, check permissions, report the change, roll back (-WhatIf)',
        },
      });
    if (r.versioned)
      parameters.push({
        name: 'If-Match',
        in: 'header',
        required: false,
        schema: { type: 'string', description: 'the version you read; or send a version field' },
      } as never);
    const op: Record<string, unknown> = {
      operationId: r.cmdlet,
      summary: `${r.cmdlet}: ${r.summary}`,
      tags: [
        r.access === 'read'
          ? 'read (any admin role)'
          : 'change (CsPersistentChatAdministrator, CsAdministrator)',
      ],
      parameters,
      responses: {
        200: { description: 'OK' },
        400: errorResponse('InvalidArgument and other refusals of the request'),
        401: errorResponse('InvalidToken: no or wrong credentials'),
        403: errorResponse('ErrorPermission: the role may not do this'),
        404: errorResponse('NoSuchNode / NoSuchPrincipal'),
        409: errorResponse('DataCollision (stale version), Duplicate*, NotEmpty'),
      },
    };
    if (r.body)
      op.requestBody = { required: true, content: { 'application/json': { schema: plain(r.body) } } };
    if (r.ndjsonBody)
      op.requestBody = {
        required: true,
        content: { 'application/x-ndjson': { schema: { type: 'string', description: 'an export stream' } } },
      };
    (paths[r.url] ??= {})[r.method.toLowerCase()] = op;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'pchat admin API',
      version,
      description: 'The Persistent Chat administration cmdlets as HTTP.',
    },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
        basic: { type: 'http', scheme: 'basic' },
      },
    },
    security: [{ bearer: [] }, { basic: [] }],
    paths,
  };
}
