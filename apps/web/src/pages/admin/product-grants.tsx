import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { type RouterOutputs, trpc } from '../../api/trpc';
import { useCanCall } from '../../auth/can';
import { useRevoke } from '../../features/admin/api/revoke';
import { AdminCrumbs } from '../../features/admin/components/admin-crumbs';
import { ObjectGrantForm } from '../../features/admin/components/object-grant-form';
import { ReadOnlyBanner } from '../../features/admin/components/read-only';
import { formatPrice } from '../../ui/money';
import { Page } from '../../ui/page';
import { Query } from '../../ui/states';
import { actionsColumn, type Column, Table } from '../../ui/table';

/** One user's or group's grant of one codename on the product, as a row. */
interface Holder {
  readonly key: string;
  readonly who: string;
  readonly codename: string;
  readonly target: { userId: number } | { groupId: number };
}

/** The users' and the groups' grants on the object, in one list. */
const holdersOf = (data: RouterOutputs['admin']['objectGrants']): Holder[] => [
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
];

/** django-guardian's object permissions page: who holds what on this one product. */
export function ProductGrantsPage({ id }: { id: number }): ReactNode {
  const product = useQuery(trpc.shop.products.get.queryOptions({ id }));
  const grants = useQuery(
    trpc.admin.objectGrants.queryOptions({ model: 'shop.product', objectId: id }),
  );
  const codenames = useQuery(trpc.admin.codenames.queryOptions());
  const access = useCanCall('admin.grants.grant');
  const readOnly = !access.may('admin.grants.grant');
  const revoke = useRevoke();
  const productPerms = (codenames.data ?? []).filter(
    (c) => c.appLabel === 'shop' && c.model === 'product',
  );
  const nameOf = (c: string) => productPerms.find((p) => p.codename === c)?.name ?? c;
  const columns: readonly Column<Holder>[] = [
    { header: 'Who', cell: (row) => row.who },
    {
      header: 'Permission',
      cell: (row) => (
        <>
          {nameOf(row.codename)} <code>{row.codename}</code>
        </>
      ),
    },
    actionsColumn((row) =>
      readOnly ? null : (
        <button
          type="button"
          className="button danger-outline small"
          disabled={revoke.isPending}
          aria-label={`Revoke ${row.codename} from ${row.who}`}
          onClick={() =>
            revoke.mutate({ target: row.target, codename: row.codename, objectId: id })
          }
        >
          Revoke
        </button>
      ),
    ),
  ];

  return (
    <Page crumbs={<AdminCrumbs to="/shop" />}>
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
      <Query query={grants} rows={3}>
        {(data) => (
          <Table
            label="Object grants"
            rows={holdersOf(data)}
            rowKey={(row) => row.key}
            columns={columns}
            error={revoke.error}
            empty="No object grants on this product."
          />
        )}
      </Query>
      {readOnly ? null : <ObjectGrantForm objectId={id} codenames={productPerms} />}
    </Page>
  );
}
