/**
 * What the API offers right now, read by introspection. The API grows while the dashboard is used:
 * every page asks this which queries, fields and mutations exist, builds its operations from them,
 * and says plainly what is missing instead of failing or inventing data.
 */
export interface TypeRef {
  kind: string;
  name: string | null;
  ofType: TypeRef | null;
}

export interface InputValueInfo {
  name: string;
  description: string | null;
  type: TypeRef;
  defaultValue: string | null;
}

export interface FieldInfo {
  name: string;
  description: string | null;
  args: InputValueInfo[];
  type: TypeRef;
}

export interface TypeInfo {
  kind: string;
  name: string;
  fields: FieldInfo[] | null;
  inputFields: InputValueInfo[] | null;
  enumValues: Array<{ name: string }> | null;
}

export interface IntrospectedSchema {
  queryType: { name: string } | null;
  mutationType: { name: string } | null;
  subscriptionType: { name: string } | null;
  types: TypeInfo[];
}

const typeRef =
  'kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } }';
const inputValue = `name description defaultValue type { ${typeRef} }`;

export const introspectionQuery = `query DashboardCapabilities {
  __schema {
    queryType { name }
    mutationType { name }
    subscriptionType { name }
    types {
      kind name
      fields { name description args { ${inputValue} } type { ${typeRef} } }
      inputFields { ${inputValue} }
      enumValues { name }
    }
  }
}`;

export interface NamedType {
  name: string;
  kind: string;
  list: boolean;
  nonNull: boolean;
}

/** Unwraps NON_NULL and LIST wrappers. */
export function namedType(ref: TypeRef): NamedType {
  let current: TypeRef | null = ref;
  let list = false;
  const nonNull = ref.kind === 'NON_NULL';
  while (current && (current.kind === 'NON_NULL' || current.kind === 'LIST')) {
    if (current.kind === 'LIST') list = true;
    current = current.ofType;
  }
  return { name: current?.name ?? 'Unknown', kind: current?.kind ?? 'SCALAR', list, nonNull };
}

/** Prints a type reference the way an operation declares a variable: `[String!]!`. */
export function printTypeRef(ref: TypeRef): string {
  if (ref.kind === 'NON_NULL') return `${printTypeRef(ref.ofType!)}!`;
  if (ref.kind === 'LIST') return `[${printTypeRef(ref.ofType!)}]`;
  return ref.name ?? 'Unknown';
}

const leafKinds = new Set(['SCALAR', 'ENUM']);

export class SchemaCapabilities {
  readonly #types = new Map<string, TypeInfo>();

  constructor(readonly schema: IntrospectedSchema) {
    for (const type of schema.types) this.#types.set(type.name, type);
  }

  type(name: string): TypeInfo | undefined {
    return this.#types.get(name);
  }

  field(typeName: string | undefined, fieldName: string): FieldInfo | undefined {
    if (!typeName) return undefined;
    return this.#types.get(typeName)?.fields?.find((field) => field.name === fieldName);
  }

  query(name: string): FieldInfo | undefined {
    return this.field(this.schema.queryType?.name, name);
  }

  mutation(name: string): FieldInfo | undefined {
    return this.field(this.schema.mutationType?.name, name);
  }

  /** The first query among `names` that exists. */
  firstQuery(...names: string[]): FieldInfo | undefined {
    for (const name of names) {
      const found = this.query(name);
      if (found) return found;
    }
    return undefined;
  }

  queries(): FieldInfo[] {
    return this.type(this.schema.queryType?.name ?? '')?.fields ?? [];
  }

  mutations(): FieldInfo[] {
    return this.type(this.schema.mutationType?.name ?? '')?.fields ?? [];
  }

  subscriptions(): FieldInfo[] {
    return this.type(this.schema.subscriptionType?.name ?? '')?.fields ?? [];
  }

  hasField(typeName: string, fieldName: string): boolean {
    return this.field(typeName, fieldName) !== undefined;
  }

  /** A connection type (Relay) has `edges { node }`; its node type is what a list shows. */
  listShape(field: FieldInfo): { kind: 'list' | 'connection'; itemType: string } {
    const target = namedType(field.type);
    const edges = this.field(target.name, 'edges');
    if (!target.list && edges) {
      const node = this.field(namedType(edges.type).name, 'node');
      return { kind: 'connection', itemType: node ? namedType(node.type).name : 'Unknown' };
    }
    return { kind: 'list', itemType: target.name };
  }

  /**
   * A selection set for `typeName`: the wanted fields that exist and take no required argument;
   * object fields get their own leaf fields, up to `depth` levels.
   */
  selection(typeName: string, wanted?: readonly string[], depth = 2): string {
    const type = this.type(typeName);
    if (!type?.fields) return '__typename';
    const parts: string[] = [];
    for (const field of type.fields) {
      if (wanted && !wanted.includes(field.name)) continue;
      if (field.args.some((arg) => arg.type.kind === 'NON_NULL' && arg.defaultValue === null)) continue;
      const target = namedType(field.type);
      if (leafKinds.has(target.kind)) parts.push(field.name);
      else if (depth > 0 && (target.kind === 'OBJECT' || target.kind === 'INTERFACE')) {
        const inner = this.selection(target.name, undefined, depth - 1);
        if (inner !== '__typename') parts.push(`${field.name} { ${inner} }`);
      }
    }
    return parts.length > 0 ? parts.join(' ') : '__typename';
  }
}

export async function fetchCapabilities(
  endpoint: string,
  headers: Record<string, string>,
): Promise<SchemaCapabilities> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify({ query: introspectionQuery }),
  });
  const body = (await response.json()) as {
    data?: { __schema: IntrospectedSchema };
    errors?: Array<{ message: string }>;
  };
  if (!body.data)
    throw new Error(body.errors?.map((error) => error.message).join('; ') ?? `HTTP ${response.status}`);
  return new SchemaCapabilities(body.data.__schema);
}
