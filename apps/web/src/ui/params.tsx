/** Route ids are positive integers; anything else shows the not-found page. */
export function idParam(value: string): number | null {
  const n = Number(value);
  return /^\d+$/.test(value) && Number.isSafeInteger(n) && n > 0 ? n : null;
}
