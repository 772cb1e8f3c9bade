import { useQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { type RouterOutputs, trpc } from '../api/trpc';
import { Can, useCanCall } from '../auth/can';
import { useMe } from '../auth/session';
import { useCreateProduct } from '../features/shop/api/create-product';
import { useDeleteProduct } from '../features/shop/api/delete-product';
import { ProductForm } from '../features/shop/components/product-form';
import { ConfirmButton } from '../ui/confirm-button';
import { formatPrice } from '../ui/money';
import { Page } from '../ui/page';
import { PagedTable } from '../ui/query-table';
import { RowLink } from '../ui/row-link';
import { actionsColumn, type Column } from '../ui/table';

const PAGE_SIZE = 10;

type Product = RouterOutputs['shop']['products']['list']['items'][number];

export function ShopPage(): ReactNode {
  const { page = 1 } = useSearch({ from: '/shop' });
  const navigate = useNavigate({ from: '/shop' });
  const me = useMe();
  const products = useQuery(
    trpc.shop.products.list.queryOptions({ page, pageSize: PAGE_SIZE, withTotal: true }),
  );
  const ids = products.data?.items.map((p) => p.id) ?? [];
  // Per object: owner, global grant or object grant (the same rules the server applies).
  const abilities = useQuery({
    ...trpc.shop.products.abilities.queryOptions({ ids }),
    enabled: ids.length > 0,
  });
  const admin = useCanCall('admin.objectGrants');
  const remove = useDeleteProduct();
  const userId = me.data?.user?.id;
  const columns: readonly Column<Product>[] = [
    {
      header: 'Product',
      cell: (p) => (
        <>
          <RowLink to="/shop/$id" id={p.id}>
            {p.name}
          </RowLink>
          {p.ownerId !== null && p.ownerId === userId ? <span className="badge">yours</span> : null}
        </>
      ),
    },
    { header: 'Price', className: 'num', cell: (p) => formatPrice(p.priceCents) },
    actionsColumn((p) => {
      const may = abilities.data?.[p.id];
      return (
        <>
          {may?.change ? (
            <RowLink
              to="/shop/$id"
              id={p.id}
              className="button secondary small"
              label={`Edit ${p.name}`}
            >
              Edit
            </RowLink>
          ) : null}
          {may?.delete ? (
            <ConfirmButton
              small
              label="Delete"
              confirm={`Delete ${p.name}`}
              busy={remove.isPending}
              onConfirm={() => remove.mutate({ id: p.id })}
            />
          ) : null}
          {admin.may('admin.objectGrants') ? (
            <RowLink to="/admin/products/$id" id={p.id} className="button secondary small">
              Permissions
            </RowLink>
          ) : null}
        </>
      );
    }),
  ];

  return (
    <Page
      title="Shop"
      aside={
        products.data ? (
          <span className="meta">
            {products.data.total ?? 0} {products.data.total === 1 ? 'product' : 'products'} you may
            see
          </span>
        ) : null
      }
    >
      <PagedTable
        label="Products"
        query={products}
        page={page}
        pageSize={PAGE_SIZE}
        onPage={(p) => void navigate({ search: { page: p } })}
        skeleton={4}
        rowAttributes={(p) => ({ 'data-product': p.name })}
        columns={columns}
        error={remove.error}
        empty="There are no products you may see."
      />
      <Can perm="shop.add_product">
        <NewProduct />
      </Can>
    </Page>
  );
}

function NewProduct(): ReactNode {
  const create = useCreateProduct();
  return (
    <ProductForm
      label="New product"
      submit="Add product"
      state={create}
      onSave={(product, clear) => create.mutate(product, { onSuccess: clear })}
    />
  );
}
