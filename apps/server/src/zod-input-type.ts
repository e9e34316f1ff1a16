import type { InputObjectRef, SchemaTypes } from '@pothos/core';
import { builder } from './builder.js';

/** The schema types of kefu's builder. */
type KefuTypes = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer Types> ? Types : SchemaTypes;

/** The parts of a zod (v4) schema this module reads: its definition, and an enum's options. */
interface ZodLike {
  def: {
    type: string;
    innerType?: ZodLike;
    defaultValue?: unknown;
    element?: ZodLike;
    shape?: Record<string, ZodLike>;
  };
  options?: readonly string[];
  description?: string;
}

// biome-ignore lint/suspicious/noExplicitAny: Pothos' enum and input refs are generic over their values
type Ref = any;

/** Enum types made from zod enums, by their values, so an input field with the same values uses the same type. */
const enumsByValues = new Map<string, Ref>();
/** Input types made from zod objects, by schema, for nested objects. */
const inputsBySchema = new Map<ZodLike, Ref>();

/** The enum a zod enum (or an optional / defaulted one) holds. */
function innerEnum(schema: ZodLike): ZodLike {
  let current = schema;
  while (current.def.innerType && !current.options) current = current.def.innerType;
  if (!current.options) throw new TypeError(`zodEnumType: not a zod enum (${schema.def.type})`);
  return current;
}

/**
 * A GraphQL enum whose values are a zod enum's options, so the API cannot drift from the validation behind it.
 * Input fields derived with `zodInputType` whose zod enum has the same values use this type.
 */
export function zodEnumType<const Values extends readonly string[]>(
  name: string,
  schema: { options: Values } | ZodLike,
  description?: string,
) {
  const values = innerEnum(schema as ZodLike).options as unknown as Values;
  const ref = builder.enumType(name, { values, ...(description ? { description } : {}) });
  enumsByValues.set(values.join('|'), ref);
  return ref;
}

export interface ZodInputTypeOptions {
  description?: string;
  /** Descriptions of fields, by field name (a zod `.describe()` is used otherwise). */
  fields?: Record<string, string>;
  /** Fields of the zod object the API does not take. */
  omit?: readonly string[];
  /** Fields whose zod default the API does not apply (left out, the server decides). */
  withoutDefault?: readonly string[];
}

/**
 * A GraphQL input type with one field per field of a zod object: strings, booleans, numbers, enums (made with
 * `zodEnumType` first), lists of strings, and objects made into input types with this function first. A field is
 * required unless zod makes it optional or gives it a default (which becomes the GraphQL default). The server's
 * inputs are derived this way so they cannot drift from the schemas that validate the events they become.
 */
export function zodInputType<Schema extends { _zod: { input: unknown } }>(
  name: string,
  schema: Schema,
  options: ZodInputTypeOptions = {},
): InputObjectRef<KefuTypes, Schema['_zod']['input']> {
  const { shape } = (schema as unknown as ZodLike).def;
  if (!shape) throw new TypeError(`zodInputType(${name}): not a zod object`);
  const ref = builder.inputType(name, {
    ...(options.description ? { description: options.description } : {}),
    fields: (t) =>
      Object.fromEntries(
        Object.entries(shape)
          .filter(([field]) => !options.omit?.includes(field))
          .map(([field, fieldSchema]) => [
            field,
            inputField(
              t,
              `${name}.${field}`,
              fieldSchema,
              options.fields?.[field],
              options.withoutDefault?.includes(field) ?? false,
            ),
          ]),
      ),
  });
  inputsBySchema.set(schema as unknown as ZodLike, ref);
  return ref as InputObjectRef<KefuTypes, Schema['_zod']['input']>;
}

// biome-ignore lint/suspicious/noExplicitAny: Pothos' input field builder
function inputField(t: any, path: string, schema: ZodLike, description?: string, withoutDefault = false) {
  let current = schema;
  let required = true;
  let defaultValue: unknown;
  for (;;) {
    const { type } = current.def;
    if (type === 'optional' || type === 'nullable') required = false;
    else if (type === 'default') {
      required = false;
      if (!withoutDefault) defaultValue = current.def.defaultValue;
    } else break;
    current = current.def.innerType as ZodLike;
  }
  const common = {
    required,
    ...(defaultValue !== undefined ? { defaultValue } : {}),
    ...((description ?? schema.description ?? current.description)
      ? { description: description ?? schema.description ?? current.description }
      : {}),
  };
  switch (current.def.type) {
    case 'string':
      return t.string(common);
    case 'boolean':
      return t.boolean(common);
    case 'number':
      return t.float(common);
    case 'enum': {
      const ref = enumsByValues.get((current.options ?? []).join('|'));
      if (!ref) throw new TypeError(`${path}: make its enum with zodEnumType first`);
      return t.field({ type: ref, ...common });
    }
    case 'array':
      if (current.def.element?.def.type === 'string') return t.stringList(common);
      throw new TypeError(`${path}: only lists of strings are derived`);
    case 'object': {
      const ref = inputsBySchema.get(current);
      if (!ref) throw new TypeError(`${path}: make its input type with zodInputType first`);
      return t.field({ type: ref, ...common });
    }
    default:
      throw new TypeError(`${path}: no GraphQL input for zod "${current.def.type}"`);
  }
}
