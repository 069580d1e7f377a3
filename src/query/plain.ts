// Plain data, as the cache holds it and as structural sharing and the serializers walk it.

/** Whether `value` is a plain object (an object literal or `JSON.parse`'s), not a class instance such as a `Decimal`. */
export function isPlain(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** `out[key] = value`, where a `__proto__` key is an own property like any other, never the prototype. */
export function put(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}
