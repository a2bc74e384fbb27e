/**
 * The OpenAPI 3.1 `webhooks` section documents every event integrators may subscribe to, with
 * the Standard Webhooks headers, a schema that exists in the document, and an example the schema
 * itself accepts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EventSchemas,
  WEBHOOK_EVENT_TYPES,
  eventExamples,
  eventSchemaId,
} from '../src/modules/events/events.schemas.js';
import { createTestApp, type TestApp } from './helpers/app.js';

let t: TestApp;
interface JsonSchema {
  properties: Record<string, JsonSchema & { const?: unknown }>;
}
interface WebhookOperation {
  parameters: { name: string }[];
  requestBody: {
    content: Record<string, { schema: { $ref: string }; example: unknown }>;
  };
  responses: Record<string, unknown>;
}
let doc: {
  webhooks: Record<string, { post: WebhookOperation }>;
  components: { schemas: Record<string, JsonSchema> };
  paths: Record<string, unknown>;
};
beforeAll(async () => {
  t = await createTestApp({ seed: false });
  doc = (await t.http().get('/api/openapi.json')).body;
});
afterAll(async () => t?.close());

describe('OpenAPI webhooks section', () => {
  it('documents every subscribable event type, and no internal one', () => {
    expect(Object.keys(doc.webhooks).sort()).toEqual([...WEBHOOK_EVENT_TYPES].sort());
    expect(doc.webhooks).not.toHaveProperty('webhook_endpoint.disabled');
  });

  it.each(WEBHOOK_EVENT_TYPES)('%s: headers, schema and example', (type) => {
    const post = doc.webhooks[type]!.post;
    expect(post.parameters.map((p) => p.name)).toEqual([
      'webhook-id',
      'webhook-timestamp',
      'webhook-signature',
    ]);
    const content = post.requestBody.content['application/json']!;
    const ref = content.schema.$ref;
    expect(ref).toBe(`#/components/schemas/${eventSchemaId(type)}`);
    const component = doc.components.schemas[eventSchemaId(type)];
    expect(component, ref).toBeDefined();
    expect(component!.properties.type).toMatchObject({ const: type });
    expect(Object.keys(component!.properties.data!.properties)).toContain('actor');
    expect(content.example).toEqual(eventExamples[type]);
    const parsed = EventSchemas[type].safeParse(content.example);
    expect(parsed.success, parsed.error?.message).toBe(true);
    expect(post.responses).toHaveProperty('2XX');
    expect(post.responses).toHaveProperty('410');
  });

  it('documents the admin routes under the webhooks tag', () => {
    for (const path of [
      '/api/webhooks',
      '/api/webhooks/{id}',
      '/api/webhooks/{id}/rotate-secret',
      '/api/webhooks/{id}/deliveries',
      '/api/webhooks/{id}/deliveries/{deliveryId}',
      '/api/webhooks/{id}/deliveries/{deliveryId}/retry',
    ]) {
      expect(Object.keys(doc.paths), path).toContain(path);
    }
    expect(doc.components.schemas.WebhookEndpoint!.properties).not.toHaveProperty('secret');
    expect(doc.components.schemas.WebhookEndpointWithSecret!.properties).toHaveProperty('secret');
  });
});
