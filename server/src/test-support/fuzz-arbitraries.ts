import { createRequire } from 'node:module';
import type * as FastCheck from 'fast-check';

/** fast-check's CommonJS build: its ES module build hangs in places under jest's VM modules. */
export const fc: typeof FastCheck = createRequire(import.meta.url)('fast-check');
import { z } from 'zod';

/**
 * fast-check arbitraries built from the shared zod schemas (through their JSON Schema, input
 * side): values that fit the schema, and hostile values to put in their place.
 */

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  additionalProperties?: JsonSchema | boolean;
  default?: unknown;
};

export function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
}

const UNICODE_NASTIES = [
  '', ' ', '\u0000', 'a\u0000b', '\u202eevil\u202c', '\u200b\u200c\u200d\ufeff', '😀👨‍👩‍👧‍👦🏳️‍🌈', 'ﷺ', '\ud800', '\udfff', 'Ω≈ç√∫',
  '𠜎𠜱𠝹', '张\u0301', '\r\n\t', '\\', '"', "'; drop table person; --", '<script>alert(1)</script>', '${7*7}', '../../../etc/passwd',
  '%00', '%', 'null', 'undefined', 'NaN', 'true', '[]', '{}', '__proto__', 'constructor', '0x41', '1e999', '-0',
];
const BAD_DATES = ['2026-02-30', '0000-00-00', '9999-12-31T23:59:59Z', '2026-13-01T00:00:00Z', '2026-11-30T25:61:61+08:00', '1900-01-01', '-000001-01-01T00:00:00Z', 'yesterday', '2026-11-30T00:00:00+99:00', '275760-09-13T00:00:00.001Z'];
const BAD_IDS = ['0', '-1', 'not-a-uuid', '00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', '123e4567-e89b-12d3-a456-42661417400', '123e4567-e89b-12d3-a456-4266141740000', "1' or '1'='1", '%2e%2e', 'a'.repeat(300)];
const BAD_NUMBERS = [-1, 0, -0, 1.5, -2147483649, 2147483648, 2 ** 53 + 1, -(2 ** 63), 1e308, -1e308, 5e-324, Number.MAX_SAFE_INTEGER];

/** A value of any JSON type that is likely to break a handler that trusts its input. */
export function nastyValue(): FastCheck.Arbitrary<unknown> {
  return fc.oneof(
    fc.constantFrom<unknown>(null, true, false, 0, -1, 1e308, [], {}, [[]], [null], { __proto__: { polluted: 1 } }, { constructor: { prototype: {} } }),
    fc.constantFrom(...UNICODE_NASTIES, ...BAD_DATES, ...BAD_IDS),
    fc.constantFrom(...BAD_NUMBERS),
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.integer({ min: 1000, max: 70_000 }).map((n) => '长'.repeat(n)),
    fc.integer(),
    fc.double(),
    fc.uuid(),
    fc.array(fc.oneof(fc.string({ maxLength: 5 }), fc.integer()), { maxLength: 5 }),
    fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 4 }),
  );
}

export interface SchemaContext {
  /** Real ids of the database, so generated requests reach past "not found" into the handlers. */
  ids: readonly string[];
}

/** Strings: mostly plausible (Chinese text, digits like phone and ID numbers), sometimes hostile. */
function plausibleString(s: JsonSchema): FastCheck.Arbitrary<string> {
  const min = s.minLength ?? 0;
  const max = Math.min(s.maxLength ?? 60, 2000);
  const fit = (a: FastCheck.Arbitrary<string>) => a.filter((v) => [...v].length >= min && [...v].length <= max);
  return fc.oneof(
    { weight: 4, arbitrary: fc.string({ unit: 'grapheme', minLength: min, maxLength: Math.min(max, min + 30) }) },
    { weight: 2, arbitrary: fit(fc.constantFrom('张桂英', '西29栋', '妈妈没接电话，麻烦去看看', '楼道堆放杂物，影响通行', '核实联系方式', '2-1-301', '寒潮预警')) },
    { weight: 2, arbitrary: fit(fc.constantFrom('13800138000', '13912345678', '110101199003074477', '11010119900307447X', '0571-88888888', '123')) },
    { weight: 1, arbitrary: fit(fc.constantFrom(...UNICODE_NASTIES)) },
  );
}

export function valueOf(s: JsonSchema, ctx: SchemaContext, depth = 0): FastCheck.Arbitrary<unknown> {
  if (depth > 6) return fc.constant(null);
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const alts = s.anyOf ?? s.oneOf;
  if (alts) return fc.oneof(...alts.map((a) => valueOf(a, ctx, depth + 1)));
  if (s.allOf?.length) return valueOf(s.allOf[0]!, ctx, depth + 1);
  if (Array.isArray(s.type)) return fc.oneof(...s.type.map((type) => valueOf({ ...s, type }, ctx, depth + 1)));
  switch (s.type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer': {
      const min = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : -1000);
      const max = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : 100_000);
      return fc.integer({ min: Math.max(min, -(2 ** 31)), max: Math.min(max, 2 ** 31 - 1) });
    }
    case 'number':
      return fc.double({ min: s.minimum ?? -1e6, max: s.maximum ?? 1e6, noNaN: true });
    case 'string': {
      if (s.format === 'uuid') return ctx.ids.length ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...ctx.ids) }, { weight: 1, arbitrary: fc.uuid() }) : fc.uuid();
      if (s.format === 'date-time') return fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());
      if (s.format === 'date') return fc.date({ min: new Date('1920-01-01T00:00:00Z'), max: new Date('2030-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
      if (s.pattern) {
        try {
          const re = new RegExp(s.pattern);
          if (/\\d\{4\}-\\d\{2\}-\\d\{2\}/.test(s.pattern)) {
            return fc.oneof(fc.date({ min: new Date('1920-01-01T00:00:00Z'), max: new Date('2030-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)), fc.stringMatching(re));
          }
          return fc.stringMatching(re).filter((v) => v.length >= (s.minLength ?? 0) && v.length <= (s.maxLength ?? 10_000));
        } catch {
          // a pattern JavaScript cannot compile: fall through to plain strings
        }
      }
      return plausibleString(s);
    }
    case 'array': {
      const item = s.items ? valueOf(s.items, ctx, depth + 1) : fc.string();
      return fc.array(item, { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 5, 10) });
    }
    case 'object': {
      const props = s.properties ?? {};
      const keys = Object.keys(props);
      if (keys.length === 0) return fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 });
      const model = Object.fromEntries(keys.map((k) => [k, valueOf(props[k]!, ctx, depth + 1)]));
      return fc.record(model, { requiredKeys: (s.required ?? []).filter((k) => keys.includes(k)) as never[] });
    }
    default:
      // unrepresentable in JSON Schema (a transform, custom check): anything
      return fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.boolean());
  }
}

/** Paths to every value inside a JSON value (objects and arrays), the root included as []. */
function pathsOf(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((v, i) => pathsOf(v, [...prefix, i], out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) pathsOf(v, [...prefix, k], out);
  return out;
}

function setAt(root: unknown, path: (string | number)[], fn: (parent: any, key: string | number) => void): unknown {
  if (path.length === 0) return root;
  const copy = structuredClone(root) as any;
  let cur = copy;
  for (const k of path.slice(0, -1)) cur = cur[k];
  fn(cur, path[path.length - 1]!);
  return copy;
}

/** A valid value, or one changed at a random place: a field replaced, dropped or added, or all of it. */
export function mutated(valid: FastCheck.Arbitrary<unknown>): FastCheck.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 3, arbitrary: valid },
    {
      weight: 7,
      arbitrary: fc.tuple(valid, fc.nat(), fc.constantFrom('replace', 'drop', 'add', 'whole'), nastyValue(), fc.string({ maxLength: 12 })).map(([v, pick, how, nasty, extraKey]) => {
        if (how === 'whole') return nasty;
        const paths = pathsOf(v).filter((p) => p.length > 0);
        if (paths.length === 0) return how === 'add' && v && typeof v === 'object' ? { ...(v as object), [extraKey]: nasty } : nasty;
        const path = paths[pick % paths.length]!;
        if (how === 'replace') return setAt(v, path, (parent, key) => (parent[key] = nasty));
        if (how === 'drop') return setAt(v, path, (parent, key) => (Array.isArray(parent) ? parent.splice(Number(key), 1) : delete parent[key]));
        return setAt(v, path, (parent, key) => {
          const target = parent[key];
          if (target && typeof target === 'object' && !Array.isArray(target)) target[extraKey || 'x'] = nasty;
          else parent[key] = [target, nasty];
        });
      }),
    },
  );
}
