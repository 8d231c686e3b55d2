/** The value when it is an array, else empty: API objects from a faulty server must not crash the report. */
export function arrayOf<T>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}
