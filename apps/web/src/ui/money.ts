/** Cents → "€25.00" (the demo shop's currency); one formatter for every page. */
const euros = new Intl.NumberFormat('en-IE', { style: 'currency', currency: 'EUR' });
export const formatPrice = (cents: number) => euros.format(cents / 100);

/** "25" or "25.5" or "25,50" → 2550 cents; null when it is no price. */
export function parsePrice(text: string): number | null {
  const normal = text.trim().replace(',', '.');
  if (!/^\d{1,7}(\.\d{1,2})?$/.test(normal)) return null;
  return Math.round(Number(normal) * 100);
}
