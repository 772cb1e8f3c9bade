import { createRootRoute, createRoute, createRouter } from '@tanstack/react-router';
import { AccountPage } from './pages/account';
import { AuditPage } from './pages/admin/audit';
import { CodenamesPage } from './pages/admin/codenames';
import { PermissionGridPage } from './pages/admin/grid';
import { GroupPage } from './pages/admin/group';
import { GroupsPage } from './pages/admin/groups';
import { AdminHomePage } from './pages/admin/home';
import { ProductGrantsPage } from './pages/admin/product-grants';
import { UserPage } from './pages/admin/user';
import { UsersPage } from './pages/admin/users';
import { HomePage } from './pages/home';
import { InvitationPage } from './pages/invitation';
import { LoginPage } from './pages/login';
import { OrganizationPage } from './pages/organization';
import { PollPage } from './pages/poll';
import { PollsPage } from './pages/polls';
import { ProductPage } from './pages/product';
import { ShopPage } from './pages/shop';
import { Layout } from './ui/layout';
import { detailPage } from './ui/params';
import { NotFoundPage } from './ui/states';

// TanStack Router, routes declared in code: links and search params are type-checked, so a link to
// a route that does not exist fails `pnpm typecheck` (docs/decisions/0007-web-router-and-bundler.md).
// Every detail route names its row `$id`, so one component checks it (`detailPage`).

type Search = Record<string, unknown>;
/** A text param (`?q=`): absent when empty (undefined params stay out of the address). */
const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
/** `?page=`: a page number from 1, absent on the first page. */
const paged = (s: Search): { page?: number } => {
  if (s.page === undefined) return {};
  const n = Number(s.page);
  return { page: Number.isInteger(n) && n >= 1 ? n : 1 };
};
/** `/login?next=/shop&reason=expired`: where to go afterwards, and why the user is here. */
const loginSearch = (s: Search): { next?: string; reason?: string } => ({
  next: text(s.next),
  reason: text(s.reason),
});
/** `/admin/users?q=ann&page=2` */
const usersSearch = (s: Search): { q?: string; page?: number } => ({ q: text(s.q), ...paged(s) });

const rootRoute = createRootRoute({ component: Layout, notFoundComponent: NotFoundPage });
const getParentRoute = () => rootRoute;

const routes = [
  createRoute({ getParentRoute, path: '/', component: HomePage }),
  createRoute({
    getParentRoute,
    path: '/login',
    component: LoginPage,
    validateSearch: loginSearch,
  }),
  createRoute({ getParentRoute, path: '/polls', component: PollsPage, validateSearch: paged }),
  createRoute({ getParentRoute, path: '/polls/$id', component: detailPage(PollPage) }),
  createRoute({ getParentRoute, path: '/shop', component: ShopPage, validateSearch: paged }),
  createRoute({ getParentRoute, path: '/shop/$id', component: detailPage(ProductPage) }),
  createRoute({ getParentRoute, path: '/account', component: AccountPage }),
  createRoute({ getParentRoute, path: '/organization', component: OrganizationPage }),
  // The link's token is its fragment (`/invitation#…`): never in a URL a server sees.
  createRoute({ getParentRoute, path: '/invitation', component: InvitationPage }),
  createRoute({ getParentRoute, path: '/admin', component: AdminHomePage }),
  createRoute({
    getParentRoute,
    path: '/admin/users',
    component: UsersPage,
    validateSearch: usersSearch,
  }),
  createRoute({ getParentRoute, path: '/admin/users/$id', component: detailPage(UserPage) }),
  createRoute({ getParentRoute, path: '/admin/groups', component: GroupsPage }),
  createRoute({ getParentRoute, path: '/admin/groups/$id', component: detailPage(GroupPage) }),
  createRoute({ getParentRoute, path: '/admin/permissions', component: PermissionGridPage }),
  createRoute({ getParentRoute, path: '/admin/codenames', component: CodenamesPage }),
  createRoute({ getParentRoute, path: '/admin/audit', component: AuditPage }),
  createRoute({
    getParentRoute,
    path: '/admin/products/$id',
    component: detailPage(ProductGrantsPage),
  }),
];

export const router = createRouter({
  routeTree: rootRoute.addChildren(routes),
  defaultPreload: 'intent',
  scrollRestoration: true,
});

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
