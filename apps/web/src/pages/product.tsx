import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from '@tanstack/react-router';
import { type ReactNode, useState } from 'react';
import { trpc } from '../api/trpc';
import { useMe } from '../auth/session';
import { DangerZone } from '../ui/danger-zone';
import { Field, Saved } from '../ui/form';
import { formatPrice, parsePrice } from '../ui/money';
import { idParam } from '../ui/params';
import { ProblemNotice } from '../ui/problem';
import { NotFoundPage, Query } from '../ui/states';

export function ProductPage(): ReactNode {
  const { productId } = useParams({ from: '/shop/$productId' });
  const id = idParam(productId);
  if (id === null) return <NotFoundPage />;
  return <Product id={id} />;
}

function Product({ id }: { id: number }): ReactNode {
  const product = useQuery(trpc.shop.products.get.queryOptions({ id }));
  const abilities = useQuery(trpc.shop.products.abilities.queryOptions({ ids: [id] }));
  const me = useMe();
  const may = abilities.data?.[id];
  return (
    <section className="page">
      <p className="crumbs">
        <Link to="/shop">Shop</Link> /
      </p>
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
            {may?.delete ? <DeleteProduct id={id} /> : null}
            {may && !may.change && !may.delete ? (
              <p className="notice notice-info">You may view this product, not change it.</p>
            ) : null}
          </>
        )}
      </Query>
    </section>
  );
}

function EditProduct(props: { id: number; name: string; priceCents: number }): ReactNode {
  const queryClient = useQueryClient();
  const [name, setName] = useState(props.name);
  const [price, setPrice] = useState((props.priceCents / 100).toFixed(2));
  const [invalid, setInvalid] = useState<string | null>(null);
  const save = useMutation(
    trpc.shop.products.update.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.shop.pathKey() }),
    }),
  );
  return (
    <form
      className="card form"
      aria-label="Edit product"
      onSubmit={(e) => {
        e.preventDefault();
        const priceCents = parsePrice(price);
        if (priceCents === null) return setInvalid('Price: a number like 12.50');
        setInvalid(null);
        save.mutate({ id: props.id, name, priceCents });
      }}
    >
      <h2>Edit product</h2>
      <div className="row">
        <Field label="Name" name="name" value={name} onChange={setName} required />
        <Field
          label="Price (€)"
          name="price"
          value={price}
          onChange={setPrice}
          inputMode="decimal"
          required
        />
      </div>
      {invalid ? (
        <p className="notice notice-invalid" role="alert">
          {invalid}
        </p>
      ) : null}
      <ProblemNotice error={save.error} />
      {save.isSuccess ? <Saved>Saved.</Saved> : null}
      <button type="submit" className="button" disabled={save.isPending}>
        Save
      </button>
    </form>
  );
}

function DeleteProduct({ id }: { id: number }): ReactNode {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const remove = useMutation(
    trpc.shop.products.delete.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.shop.pathKey() });
        await navigate({ to: '/shop' });
      },
    }),
  );
  return (
    <DangerZone
      error={remove.error}
      label="Delete product"
      confirm="Yes, delete this product"
      busy={remove.isPending}
      onConfirm={() => remove.mutate({ id })}
    />
  );
}
