/**
 * The valid codenames nearest to a wrong one, best first. Knows the classic mistakes of Django's
 * docs (`polls.can_add` for `polls.add_<model>`, a capitalised model name) and falls back to edit
 * distance for typos.
 */
export function suggestCodenames(value: string, valid: readonly string[], limit = 3): string[] {
  const out: string[] = [];
  const push = (c: string) => {
    if (!out.includes(c) && out.length < limit) out.push(c);
  };
  const lower = value.toLowerCase();
  if (lower !== value && valid.includes(lower)) push(lower);

  // `<app>.can_<action>` (or `<app>.<action>`) → that action on each model of the app.
  const match = /^([^.]+)\.(?:can_)?(view|add|change|delete)$/.exec(lower);
  if (match) {
    const [, app, action] = match;
    for (const c of valid) if (c.startsWith(`${app}.${action}_`)) push(c);
  }

  const scored = valid
    .map((c) => ({ c, d: distance(lower, c) }))
    .filter(({ c, d }) => d <= Math.max(2, Math.floor(c.length / 3)))
    .sort((a, b) => a.d - b.d || a.c.localeCompare(b.c));
  for (const { c } of scored) push(c);
  return out;
}

/** Levenshtein distance, two rows. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
    }
    prev = row;
  }
  return prev[b.length] ?? 0;
}
