import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { type ReactNode, useState } from 'react';
import { trpc } from '../api/trpc';
import { Can, useCanCall } from '../auth/can';
import { useMe } from '../auth/session';
import { ConfirmButton, Field } from '../ui/form';
import { formatPrice, parsePrice } from '../ui/money';
import { Pager } from '../ui/pager';
import { ProblemNotice } from '../ui/problem';
import { Empty, Query } from '../ui/states';

const PAGE_SIZE = 10;

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
  const queryClient = useQueryClient();
  const remove = useMutation(
    trpc.shop.products.delete.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.shop.pathKey() }),
    }),
  );
  const userId = me.data?.user?.id;

  return (
    <section className="page">
      <div className="page-head">
        <h1>Shop</h1>
        {products.data ? (
          <span className="meta">
            {products.data.total ?? 0} {products.data.total === 1 ? 'product' : 'products'} you may
            see
          </span>
        ) : null}
      </div>
      <ProblemNotice error={remove.error} />
      <Query query={products} rows={4}>
        {(data) =>
          data.items.length === 0 ? (
            <Empty>There are no products you may see.</Empty>
          ) : (
            <>
              <div className="table-wrap">
                <table className="table" aria-label="Products">
                  <thead>
                    <tr>
                      <th scope="col">Product</th>
                      <th scope="col" className="num">
                        Price
                      </th>
                      <th scope="col">
                        <span className="sr-only">Actions</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.items.map((p) => {
                      const may = abilities.data?.[p.id];
                      return (
                        <tr key={p.id} data-product={p.name}>
                          <td>
                            <Link to="/shop/$productId" params={{ productId: String(p.id) }}>
                              {p.name}
                            </Link>
                            {p.ownerId !== null && p.ownerId === userId ? (
                              <span className="badge">yours</span>
                            ) : null}
                          </td>
                          <td className="num">{formatPrice(p.priceCents)}</td>
                          <td className="actions">
                            {may?.change ? (
                              <Link
                                to="/shop/$productId"
                                params={{ productId: String(p.id) }}
                                className="button secondary small"
                                aria-label={`Edit ${p.name}`}
                              >
                                Edit
                              </Link>
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
                              <Link
                                to="/admin/products/$productId"
                                params={{ productId: String(p.id) }}
                                className="button secondary small"
                              >
                                Permissions
                              </Link>
                            ) : null}
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
              <Pager
                page={page}
                pageSize={PAGE_SIZE}
                total={data.total ?? 0}
                onPage={(p) => void navigate({ search: { page: p } })}
              />
            </>
          )
        }
      </Query>
      <Can perm="shop.add_product">
        <NewProduct />
      </Can>
    </section>
  );
}

function NewProduct(): ReactNode {
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [price, setPrice] = useState('');
  const [invalid, setInvalid] = useState<string | null>(null);
  const create = useMutation(
    trpc.shop.products.create.mutationOptions({
      onSuccess: async () => {
        setName('');
        setPrice('');
        await queryClient.invalidateQueries({ queryKey: trpc.shop.pathKey() });
      },
    }),
  );
  return (
    <form
      className="card form"
      aria-label="New product"
      onSubmit={(e) => {
        e.preventDefault();
        const priceCents = parsePrice(price);
        if (priceCents === null) {
          setInvalid('Price: a number like 12.50');
          return;
        }
        setInvalid(null);
        create.mutate({ name, priceCents });
      }}
    >
      <h2>New product</h2>
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
      <ProblemNotice error={create.error} />
      <button type="submit" className="button" disabled={create.isPending}>
        Add product
      </button>
    </form>
  );
}
