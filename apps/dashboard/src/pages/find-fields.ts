import type { FieldInfo, SchemaCapabilities } from '../schema-capabilities.js';

/** Query fields whose names match `pattern`, minus the ones a page shows elsewhere. */
export function queryFieldsMatching(
  capabilities: SchemaCapabilities,
  pattern: RegExp,
  except: readonly string[] = [],
): FieldInfo[] {
  return capabilities.queries().filter((field) => pattern.test(field.name) && !except.includes(field.name));
}
