// The admin API's declarative route table (docs/architecture.md, house rule 2, on the HTTP edge): each route
// names its cmdlet, the access it needs and its TypeBox schemas; one registration (index.ts) authenticates,
// authorises and validates before any handler runs, and the OpenAPI document is generated from the table.
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TSchema } from 'typebox';
import { DomainError } from '@pchat/domain';
import type { AdminDeps, Caller } from './context.js';
import type { Access } from './roles.js';

export interface RouteCtx {
  deps: AdminDeps;
  caller: Caller;
  req: FastifyRequest;
  reply: FastifyReply;
  body: Record<string, unknown>;
  query: Record<string, unknown>;
  params: Record<string, string>;
  whatIf: boolean;
}

export interface AdminRoute {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  url: string;
  /** The cmdlet the route implements (audit action, refusals, OpenAPI operationId). */
  cmdlet: string;
  summary: string;
  access: Access;
  body?: TSchema;
  querystring?: TSchema;
  /** Writes accept ?whatIf=true (PowerShell -WhatIf, a server-side dry run). */
  whatIf?: boolean;
  /** Optimistic concurrency: the body's `version` (or If-Match) must name the version read (PC-28). */
  versioned?: boolean;
  /** Raw NDJSON body (import). */
  ndjsonBody?: boolean;
  /**
   * How the change reaches the running chat service, after it committed (not on -WhatIf): 'topology'
   * (re)starts it on the current pool and data, 'settings' makes it read its configuration again. Changes
   * of rooms, categories and principals need neither: they reach it as domain events.
   */
  applies?: 'topology' | 'settings';
  handler: (ctx: RouteCtx) => Promise<unknown>;
}

/** The version the client read: the body's `version` or an If-Match header (quotes and W/ ignored). */
export function expectedVersion(ctx: RouteCtx): string {
  const fromBody = ctx.body.version ?? ctx.query.version;
  const header = ctx.req.headers['if-match'];
  const raw =
    fromBody !== undefined && fromBody !== null
      ? String(fromBody)
      : typeof header === 'string'
        ? header.replace(/^W\//, '').replace(/"/g, '')
        : '';
  if (raw === '') {
    throw new DomainError(
      'InvalidArgument',
      `${ctx.req.method} ${ctx.req.url} needs the version you read (a "version" field or an If-Match header), so that a concurrent change is not overwritten. Read the object first and send its version.`,
    );
  }
  return raw;
}

export function numericVersion(ctx: RouteCtx): number {
  const v = expectedVersion(ctx);
  const n = Number(v);
  if (!Number.isInteger(n))
    throw new DomainError(
      'InvalidArgument',
      `The version '${v}' is not a whole number. Send the version field of the object you read.`,
    );
  return n;
}

/** A content version for records the store keeps without a counter (policies, configurations): a hash. */
export function contentVersion(record: unknown): string {
  return createHash('sha256').update(stableJson(record)).digest('hex').slice(0, 12);
}

export function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

export function collisionOf(what: string): DomainError {
  return new DomainError(
    'DataCollision',
    `${what} was changed by someone else since you read it. Refresh your copy (Get it again) and apply your change again.`,
  );
}

export function checkContentVersion(ctx: RouteCtx, current: unknown, what: string): void {
  if (expectedVersion(ctx) !== contentVersion(current)) throw collisionOf(what);
}

export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
export const bool = (v: unknown): boolean | undefined =>
  typeof v === 'boolean' ? v : v === 'true' ? true : v === 'false' ? false : undefined;
export const num = (v: unknown): number | undefined =>
  typeof v === 'number'
    ? v
    : typeof v === 'string' && v !== '' && Number.isFinite(Number(v))
      ? Number(v)
      : undefined;

/** A -Filter as PowerShell's -like reads it: `*` matches any run of characters, case-insensitively. */
export function wildcard(filter: string | undefined): (s: string) => boolean {
  if (!filter) return () => true;
  const re = new RegExp(
    `^${filter
      .split('*')
      .map((x) => x.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
    'i',
  );
  return (s) => re.test(s);
}

/** A body or query already validated by its TypeBox schema (fields read by name in the handler). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Body = Record<string, any>;
