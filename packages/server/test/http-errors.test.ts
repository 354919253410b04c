// The HTTP edge's one mapper: Fastify's refusals of a request are told apart by their error code (schema
// validation → InvalidArgument naming the field; unreadable, unsupported or oversized bodies → BadRequest
// with Fastify's status), domain errors by their code, anything else is a 500 with an error id.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import { DomainError } from '@pchat/domain';
import { mapErrorToHttp } from '../src/errors/http.js';

test('Fastify refusals by code, domain errors by code, the rest with an error id', async () => {
  const app = Fastify({ bodyLimit: 100 });
  app.setErrorHandler((err, _req, reply) => {
    const m = mapErrorToHttp(err);
    return reply.status(m.status).send(m.body);
  });
  const body = { type: 'object', required: ['name'], properties: { name: { type: 'string' } } };
  app.post('/x', { schema: { body } }, async () => ({ ok: true }));
  app.get('/domain', async () => {
    throw new DomainError('NoSuchNode', 'No such room: check the URI.');
  });
  app.get('/bug', async () => {
    throw new TypeError('internal detail');
  });
  // An error that merely looks like a validation failure is not one.
  app.get('/shape', async () => {
    throw Object.assign(new Error('secret internals'), { validation: [{}], statusCode: 400 });
  });
  const post = (ct: string, payload: string) =>
    app.inject({ method: 'POST', url: '/x', headers: { 'content-type': ct }, payload });
  const cases: Array<[Promise<{ statusCode: number; json(): unknown }>, number, string]> = [
    [post('application/json', '{"other":1}'), 400, 'InvalidArgument'],
    [post('application/json', '{bad'), 400, 'BadRequest'],
    [post('application/json', ''), 400, 'BadRequest'],
    [post('text/xml', '<a/>'), 415, 'BadRequest'],
    [post('application/json', JSON.stringify({ name: 'x'.repeat(200) })), 413, 'BadRequest'],
    [app.inject({ method: 'GET', url: '/domain' }), 404, 'NoSuchNode'],
    [app.inject({ method: 'GET', url: '/bug' }), 500, 'ServerError'],
    [app.inject({ method: 'GET', url: '/shape' }), 500, 'ServerError'],
  ];
  for (const [p, status, code] of cases) {
    const r = await p;
    const b = r.json() as { error: { code: string; message: string } };
    assert.equal(r.statusCode, status, JSON.stringify(b));
    assert.equal(b.error.code, code);
    assert.ok(!b.error.message.includes('internal'), b.error.message);
  }
  const v = (await post('application/json', '{"other":1}')).json() as { error: { message: string } };
  assert.match(v.error.message, /name/, 'the validation message names the field');
  await app.close();
});
