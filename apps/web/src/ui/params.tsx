import { useParams } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { NotFoundPage } from './states';

/** Route ids are positive integers; anything else shows the not-found page. */
export function idParam(value: string): number | null {
  const n = Number(value);
  return /^\d+$/.test(value) && Number.isSafeInteger(n) && n > 0 ? n : null;
}

/**
 * The route component of a detail page (`/shop/$id`): the page for a row id, the not-found page
 * for anything else (`/shop/abc`), so no page repeats the check.
 */
export function detailPage(Page: (props: { id: number }) => ReactNode) {
  return function DetailPage(): ReactNode {
    const { id } = useParams({ strict: false });
    const rowId = id === undefined ? null : idParam(id);
    return rowId === null ? <NotFoundPage /> : <Page id={rowId} />;
  };
}
