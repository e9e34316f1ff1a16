/** Objects already checked to be JSON as `JSON.parse` returns it, and frozen: a shared subtree is walked once. */
const checked = new WeakSet<object>();

/**
 * Adds the objects in `value` that are not checked yet to `fresh`; false when `value` is not what `JSON.parse`
 * would give back for its own JSON text (a `Date`, a class instance, `undefined`, a non-finite number, a hole…).
 */
function collect(value: unknown, fresh: object[]): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0);
    case 'object':
      break;
    default:
      return false;
  }
  if (value === null || checked.has(value)) return true;
  const prototype = Object.getPrototypeOf(value);
  if (prototype === Array.prototype) {
    for (const item of value as unknown[]) if (!collect(item, fresh)) return false;
  } else if (prototype === Object.prototype) {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) if (!collect(record[key], fresh)) return false;
  } else {
    return false;
  }
  fresh.push(value);
  return true;
}

/**
 * Freezes `snapshot` and everything in it, in place, when it is what its JSON text parses back to, so that it can
 * stand in for that parse; its own fields may be `undefined` (JSON leaves them out, and a missing field reads the
 * same). Returns whether it did; when not, nothing was frozen.
 */
export function freezeAsParsed(snapshot: object): boolean {
  const fresh: object[] = [];
  const fields = snapshot as Record<string, unknown>;
  if (Object.getPrototypeOf(snapshot) !== Object.prototype) return false;
  for (const key of Object.keys(fields)) {
    if (fields[key] !== undefined && !collect(fields[key], fresh)) return false;
  }
  for (const object of fresh) {
    Object.freeze(object);
    checked.add(object);
  }
  Object.freeze(snapshot);
  return true;
}
