import { introspection } from './graphql-env.js';

/**
 * The committed schema's input and enum types, read at run time from the generated `graphql-env.ts` (the same
 * introspection gql.tada types the documents with). Forms use it to show the fields of a mutation's input;
 * nothing is fetched from the server, so the dashboard and its documents agree with the schema it was built against.
 */
export interface TypeRef {
  readonly kind: string;
  readonly name?: string;
  readonly ofType?: TypeRef | null;
}

export interface InputValueInfo {
  readonly name: string;
  readonly type: TypeRef;
  readonly defaultValue?: string | null;
}

interface TypeInfo {
  readonly kind: string;
  readonly name: string;
  readonly inputFields?: readonly InputValueInfo[];
  readonly enumValues?: ReadonlyArray<{ readonly name: string }>;
}

const types = new Map<string, TypeInfo>(
  (introspection.__schema.types as readonly TypeInfo[]).map((type) => [type.name, type]),
);

export interface NamedType {
  name: string;
  kind: string;
  list: boolean;
  nonNull: boolean;
}

/** Unwraps NON_NULL and LIST wrappers. */
export function namedType(ref: TypeRef): NamedType {
  let current: TypeRef | null | undefined = ref;
  let list = false;
  const nonNull = ref.kind === 'NON_NULL';
  while (current && (current.kind === 'NON_NULL' || current.kind === 'LIST')) {
    if (current.kind === 'LIST') list = true;
    current = current.ofType;
  }
  const name = current?.name ?? 'Unknown';
  return { name, kind: types.get(name)?.kind ?? current?.kind ?? 'SCALAR', list, nonNull };
}

/** The fields of an input type, in schema order (empty for any other type). */
export function inputFieldsOf(typeName: string): readonly InputValueInfo[] {
  return types.get(typeName)?.inputFields ?? [];
}

/** The values of an enum type (empty for any other type). */
export function enumValuesOf(typeName: string): string[] {
  return types.get(typeName)?.enumValues?.map((value) => value.name) ?? [];
}

interface TypeNode {
  readonly kind: string;
  readonly name?: { readonly value: string };
  readonly type?: TypeNode;
}

/** A variable's declared type in a parsed document (`$input: OpenComplaintInput!`) as a type reference. */
export function typeRefOf(node: TypeNode): TypeRef {
  if (node.kind === 'NonNullType' && node.type) return { kind: 'NON_NULL', ofType: typeRefOf(node.type) };
  if (node.kind === 'ListType' && node.type) return { kind: 'LIST', ofType: typeRefOf(node.type) };
  const name = node.name?.value ?? 'Unknown';
  return { kind: types.get(name)?.kind ?? 'SCALAR', name };
}
