/** A moment as people here read it ("22 Nov 2026, 14:05"); a dash for never. */
export const when = (value: string | null) =>
  value === null
    ? '—'
    : new Date(value).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
