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
import { LoginPage } from './pages/login';
import { PollPage } from './pages/poll';
import { PollsPage } from './pages/polls';
import { ProductPage } from './pages/product';
import { ShopPage } from './pages/shop';
import { Layout } from './ui/layout';
import { NotFoundPage } from './ui/states';

// TanStack Router, routes declared in code: links and search params are type-checked, so a link to
// a route that does not exist fails `pnpm typecheck` (docs/decisions/0007-web-router-and-bundler.md).

const page = (value: unknown) => {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 ? n : 1;
};
const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

const rootRoute = createRootRoute({ component: Layout, notFoundComponent: NotFoundPage });

const routes = [
  createRoute({ getParentRoute: () => rootRoute, path: '/', component: HomePage }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/login',
    component: LoginPage,
    validateSearch: (s: Record<string, unknown>): { next?: string; reason?: string } => ({
      ...(text(s.next) ? { next: text(s.next) } : {}),
      ...(text(s.reason) ? { reason: text(s.reason) } : {}),
    }),
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/polls',
    component: PollsPage,
    validateSearch: (s: Record<string, unknown>): { page?: number } =>
      s.page === undefined ? {} : { page: page(s.page) },
  }),
  createRoute({ getParentRoute: () => rootRoute, path: '/polls/$questionId', component: PollPage }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/shop',
    component: ShopPage,
    validateSearch: (s: Record<string, unknown>): { page?: number } =>
      s.page === undefined ? {} : { page: page(s.page) },
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/shop/$productId',
    component: ProductPage,
  }),
  createRoute({ getParentRoute: () => rootRoute, path: '/account', component: AccountPage }),
  createRoute({ getParentRoute: () => rootRoute, path: '/admin', component: AdminHomePage }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/admin/users',
    component: UsersPage,
    validateSearch: (s: Record<string, unknown>): { q?: string; page?: number } => ({
      ...(text(s.q) ? { q: text(s.q) } : {}),
      ...(s.page === undefined ? {} : { page: page(s.page) }),
    }),
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/admin/users/$userId',
    component: UserPage,
  }),
  createRoute({ getParentRoute: () => rootRoute, path: '/admin/groups', component: GroupsPage }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/admin/groups/$groupId',
    component: GroupPage,
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/admin/permissions',
    component: PermissionGridPage,
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/admin/codenames',
    component: CodenamesPage,
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/admin/audit',
    component: AuditPage,
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/admin/products/$productId',
    component: ProductGrantsPage,
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
