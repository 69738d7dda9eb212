import { ENDPOINTS, type Endpoint } from '@linli/shared';
import { z } from 'zod';
import { ERROR_STATUS } from '../errors/error-status.js';
import { APP_VERSION } from '../version.js';

type JsonSchema = Record<string, unknown>;

function schemaOf(s: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(s, { target: 'openapi-3.0', io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

function parametersOf(e: Endpoint): JsonSchema[] {
  const params: JsonSchema[] = [];
  for (const [where, s] of [['path', e.params], ['query', e.query]] as const) {
    if (!s) continue;
    const js = schemaOf(s, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
    for (const [name, schema] of Object.entries(js.properties ?? {})) {
      params.push({ name, in: where, required: where === 'path' || (js.required ?? []).includes(name), schema });
    }
  }
  return params;
}

/** The OpenAPI document, generated from the shared endpoint list and its zod schemas. */
export function buildOpenApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const errorStatuses = [...new Set(Object.values(ERROR_STATUS))].sort();
  for (const e of ENDPOINTS as readonly Endpoint[]) {
    const fullPath = (e.root ? '' : '/api/v1') + e.path.replace(/:([A-Za-z]+)/g, '{$1}');
    const status = String(e.status ?? 200);
    const responses: Record<string, unknown> = {
      [status]: {
        description: 'OK',
        ...(e.response ? { content: { [e.produces ?? 'application/json']: { schema: schemaOf(e.response, 'output') } } } : {}),
      },
    };
    for (const s of errorStatuses) responses[String(s)] = { $ref: '#/components/responses/Error' };
    paths[fullPath] ??= {};
    paths[fullPath][e.method.toLowerCase()] = {
      tags: [e.tag],
      summary: e.summary,
      'x-permission': e.permission,
      ...(e.permission === 'public' ? { security: [] } : {}),
      parameters: parametersOf(e),
      ...(e.body ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(e.body, 'input') } } } } : {}),
      responses,
    };
  }
  return {
    openapi: '3.0.3',
    info: { title: 'Linli API (邻里微网格)', version: APP_VERSION, description: 'Errors answer `{"error": {"code", "message", "details"?}}`; objects outside the caller\'s scope answer 404.' },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      responses: {
        Error: {
          description: 'Coded error',
          content: { 'application/json': { schema: { type: 'object', properties: { error: { type: 'object', properties: { code: { type: 'string', enum: Object.keys(ERROR_STATUS) }, message: { type: 'string' }, details: {} }, required: ['code', 'message'] } }, required: ['error'] } } },
        },
      },
    },
    paths,
  };
}
