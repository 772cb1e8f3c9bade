import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { trpc } from '../api/trpc';
import { useMe } from '../auth/session';
import { useDeleteProduct } from '../features/shop/api/delete-product';
import { useUpdateProduct } from '../features/shop/api/update-product';
import { ProductForm } from '../features/shop/components/product-form';
import { DangerZone } from '../ui/danger-zone';
import { formatPrice } from '../ui/money';
import { Page } from '../ui/page';
import { Query } from '../ui/states';

export function ProductPage({ id }: { id: number }): ReactNode {
  const product = useQuery(trpc.shop.products.get.queryOptions({ id }));
  const abilities = useQuery(trpc.shop.products.abilities.queryOptions({ ids: [id] }));
  const me = useMe();
  const remove = useDeleteProduct();
  const navigate = useNavigate();
  const may = abilities.data?.[id];
  return (
    <Page crumbs={<Link to="/shop">Shop</Link>}>
      <Query query={product} rows={3}>
        {(p) => (
          <>
            <div className="page-head">
              <h1>{p.name}</h1>
              <span className="price">{formatPrice(p.priceCents)}</span>
            </div>
            <p className="meta">
              {p.ownerId !== null && p.ownerId === me.data?.user?.id
                ? 'You own this product.'
                : 'Listed by another user.'}{' '}
              Added {new Date(p.createdAt).toLocaleDateString('en-GB')}.
            </p>
            {may?.change ? <EditProduct id={id} name={p.name} priceCents={p.priceCents} /> : null}
            {may?.delete ? (
              <DangerZone
                state={remove}
                label="Delete product"
                confirm="Yes, delete this product"
                onConfirm={() =>
                  remove.mutate({ id }, { onSuccess: () => navigate({ to: '/shop' }) })
                }
              />
            ) : null}
            {may && !may.change && !may.delete ? (
              <p className="notice notice-info">You may view this product, not change it.</p>
            ) : null}
          </>
        )}
      </Query>
    </Page>
  );
}

function EditProduct(props: { id: number; name: string; priceCents: number }): ReactNode {
  const save = useUpdateProduct();
  return (
    <ProductForm
      label="Edit product"
      submit="Save"
      state={save}
      saved="Saved."
      product={props}
      onSave={(product) => save.mutate({ id: props.id, ...product })}
    />
  );
}
