import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { type ReactNode, useState } from 'react';
import { trpc } from '../../api/trpc';
import { useCanCall } from '../../auth/can';
import { Select } from '../../ui/form';
import { formatPrice } from '../../ui/money';
import { idParam } from '../../ui/params';
import { ProblemNotice } from '../../ui/problem';
import { Empty, NotFoundPage, Query } from '../../ui/states';
import { ReadOnlyBanner } from './read-only';

export function ProductGrantsPage(): ReactNode {
  const { productId } = useParams({ from: '/admin/products/$productId' });
  const id = idParam(productId);
  if (id === null) return <NotFoundPage />;
  return <ProductGrants id={id} />;
}

/** django-guardian's object permissions page: who holds what on this one product. */
function ProductGrants({ id }: { id: number }): ReactNode {
  const queryClient = useQueryClient();
  const product = useQuery(trpc.shop.products.get.queryOptions({ id }));
  const grants = useQuery(
    trpc.admin.objectGrants.queryOptions({ model: 'shop.product', objectId: id }),
  );
  const codenames = useQuery(trpc.admin.codenames.queryOptions());
  const users = useQuery(trpc.admin.users.list.queryOptions({ page: 1, pageSize: 100 }));
  const groups = useQuery(trpc.admin.groups.list.queryOptions());
  const access = useCanCall('admin.grants.grant');
  const readOnly = !access.may('admin.grants.grant');
  const [target, setTarget] = useState('');
  const [codename, setCodename] = useState('');
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.admin.pathKey() });
  const grant = useMutation(trpc.admin.grants.grant.mutationOptions({ onSuccess: refresh }));
  const revoke = useMutation(trpc.admin.grants.revoke.mutationOptions({ onSuccess: refresh }));

  const productPerms = (codenames.data ?? []).filter(
    (c) => c.appLabel === 'shop' && c.model === 'product',
  );
  const targets = [
    ...(users.data?.items ?? []).map((u) => ({
      value: `user:${u.id}`,
      label: `User ${u.username}`,
    })),
    ...(groups.data ?? []).map((g) => ({ value: `group:${g.id}`, label: `Group ${g.name}` })),
  ];
  const chosenTarget = target || targets[0]?.value || '';
  const chosenCodename = codename || productPerms[0]?.codename || '';
  const nameOf = (c: string) => productPerms.find((p) => p.codename === c)?.name ?? c;

  return (
    <section className="page">
      <p className="crumbs">
        <Link to="/admin">Admin</Link> / <Link to="/shop">Shop</Link> /
      </p>
      <Query query={product} rows={1}>
        {(p) => (
          <div className="page-head">
            <h1>Permissions on {p.name}</h1>
            <span className="price">{formatPrice(p.priceCents)}</span>
          </div>
        )}
      </Query>
      <p className="meta">
        Grants on this product only. A model-wide grant (in the permissions grid) covers every
        product; the owner may change and delete their own products regardless.
      </p>
      <ReadOnlyBanner show={!access.loading && readOnly} what="grants" />
      <ProblemNotice error={revoke.error} />
      <Query query={grants} rows={3}>
        {(data) =>
          data.users.length + data.groups.length === 0 ? (
            <Empty>No object grants on this product.</Empty>
          ) : (
            <div className="table-wrap">
              <table className="table" aria-label="Object grants">
                <thead>
                  <tr>
                    <th scope="col">Who</th>
                    <th scope="col">Permission</th>
                    <th scope="col">
                      <span className="sr-only">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {[
                    ...data.users.map((u) => ({
                      key: `u${u.id}:${u.codename}`,
                      who: `User ${u.username}`,
                      codename: u.codename,
                      target: { userId: u.id },
                    })),
                    ...data.groups.map((g) => ({
                      key: `g${g.id}:${g.codename}`,
                      who: `Group ${g.name}`,
                      codename: g.codename,
                      target: { groupId: g.id },
                    })),
                  ].map((row) => (
                    <tr key={row.key}>
                      <td>{row.who}</td>
                      <td>
                        {nameOf(row.codename)} <code>{row.codename}</code>
                      </td>
                      <td className="actions">
                        {readOnly ? null : (
                          <button
                            type="button"
                            className="button danger-outline small"
                            disabled={revoke.isPending}
                            aria-label={`Revoke ${row.codename} from ${row.who}`}
                            onClick={() =>
                              revoke.mutate({
                                target: row.target,
                                codename: row.codename,
                                objectId: id,
                              })
                            }
                          >
                            Revoke
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Query>
      {readOnly ? null : (
        <form
          className="card form"
          aria-label="Grant on this product"
          onSubmit={(e) => {
            e.preventDefault();
            const [kind, raw] = chosenTarget.split(':');
            const who = Number(raw);
            const perm = productPerms.find((p) => p.codename === chosenCodename);
            if (!perm || !(who > 0)) return;
            grant.mutate({
              target: kind === 'group' ? { groupId: who } : { userId: who },
              codename: perm.codename,
              objectId: id,
            });
          }}
        >
          <h2>Grant on this product</h2>
          <div className="row">
            <Select
              label="To"
              name="target"
              value={chosenTarget}
              onChange={setTarget}
              options={targets}
            />
            <Select
              label="Permission"
              name="codename"
              value={chosenCodename}
              onChange={setCodename}
              options={productPerms.map((p) => ({
                value: p.codename,
                label: `${p.name} (${p.codename})`,
              }))}
            />
          </div>
          <ProblemNotice error={grant.error} />
          <button type="submit" className="button" disabled={grant.isPending}>
            Grant
          </button>
        </form>
      )}
    </section>
  );
}
