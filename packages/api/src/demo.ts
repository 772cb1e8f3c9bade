import { hashPassword } from '@warden/auth';
import { type AnyPgDatabase, createGrants, syncPermissions, within } from '@warden/authz';
import { user } from '@warden/authz/schema';
import { count } from 'drizzle-orm';
import { organization } from './orgs/tables.js';
import { choice, question } from './polls/tables.js';
import { type Codename, registry } from './registry.js';
import { product } from './shop/tables.js';

export interface DemoLogin {
  username: string;
  password: string;
  role: string;
}

/** The logins as aligned columns (username, password, role), as the server prints them. */
export function demoLoginLines(logins: readonly DemoLogin[]): string[] {
  const width = (pick: (l: DemoLogin) => string) => Math.max(...logins.map((l) => pick(l).length));
  const user = width((l) => l.username);
  const password = width((l) => l.password);
  return logins.map((l) => `${l.username.padEnd(user)} ${l.password.padEnd(password)} ${l.role}`);
}

const VIEW: Codename[] = [
  'polls.view_question',
  'polls.view_choice',
  'polls.view_polloption',
  'shop.view_product',
];

/**
 * Demo data for a first start: one user of each kind the permission rules distinguish, the groups
 * that give them their rights, and a few questions and products, which belong to two
 * organizations with a member each. Only into an empty database (no user yet); returns the logins
 * to print, or null when it did nothing.
 */
export async function seedDemo(db: AnyPgDatabase): Promise<DemoLogin[] | null> {
  const [users] = await db.select({ n: count() }).from(user);
  if ((users?.n ?? 0) > 0) return null;
  await syncPermissions(db, registry);
  const logins: DemoLogin[] = [
    {
      username: 'admin',
      password: 'admin-demo-pw',
      role: 'superuser (and staff): everything, the admin area',
    },
    {
      username: 'editor',
      password: 'editor-demo-pw',
      role: 'group Editors: add/change products and questions',
    },
    { username: 'viewer', password: 'viewer-demo-pw', role: 'group Viewers: view only' },
    { username: 'voter', password: 'voter-demo-pw', role: 'polls.can_vote (+ Viewers)' },
    { username: 'owner', password: 'owner-demo-pw', role: 'owns two products; may add products' },
    { username: 'inactive', password: 'inactive-demo-pw', role: 'inactive: cannot log in' },
    // Last, so the users above keep their ids.
    {
      username: 'acme-editor',
      password: 'acme-editor-demo-pw',
      role: 'Shop editor in Acme: views and changes Acme’s products only',
    },
    {
      username: 'globex-viewer',
      password: 'globex-viewer-demo-pw',
      role: 'Shop viewer in Globex: views Globex’s products only',
    },
    {
      username: 'acme-admin',
      password: 'acme-admin-demo-pw',
      role: 'Organization admin of Acme: its members, roles, invitations; edits its products',
    },
  ];
  const hashes = await Promise.all(logins.map((l) => hashPassword(l.password)));
  await db.transaction(async (tx) => {
    const grants = createGrants({ db: tx, registry });
    const ids: Record<string, number> = {};
    for (const [i, login] of logins.entries()) {
      const superuser = login.username === 'admin';
      ids[login.username] = (
        await grants.createUser({
          username: login.username,
          email: `${login.username}@example.com`,
          passwordHash: hashes[i] ?? '',
          isStaff: superuser,
          isSuperuser: superuser,
          isActive: login.username !== 'inactive',
        })
      ).id;
    }
    await grants.createGroup('Editors');
    await grants.createGroup('Viewers');
    const editorGrants: Codename[] = [
      ...VIEW,
      'shop.add_product',
      'shop.change_product',
      'polls.add_question',
      'polls.change_question',
      'polls.add_choice',
    ];
    for (const c of editorGrants) await grants.grant({ group: { name: 'Editors' } }, c);
    for (const c of VIEW) await grants.grant({ group: { name: 'Viewers' } }, c);
    await grants.addToGroup({ username: 'editor' }, { name: 'Editors' });
    await grants.addToGroup({ username: 'viewer' }, { name: 'Viewers' });
    await grants.addToGroup({ username: 'voter' }, { name: 'Viewers' });
    await grants.grant({ user: { username: 'voter' } }, 'polls.can_vote');
    await grants.grant({ user: { username: 'owner' } }, 'shop.add_product');

    const questions = await tx
      .insert(question)
      .values([{ questionText: 'What’s up?' }, { questionText: 'Tabs or spaces?' }])
      .returning({ id: question.id });
    const [q1, q2] = questions;
    if (q1 && q2) {
      await tx.insert(choice).values([
        { questionId: q1.id, choiceText: 'Not much' },
        { questionId: q1.id, choiceText: 'The sky' },
        { questionId: q2.id, choiceText: 'Tabs' },
        { questionId: q2.id, choiceText: 'Spaces' },
      ]);
    }
    const [acme, globex] = await tx
      .insert(organization)
      .values([{ name: 'Acme' }, { name: 'Globex' }])
      .returning({ id: organization.id });
    if (acme === undefined || globex === undefined) throw new Error('no organizations inserted');
    await tx.insert(product).values([
      { name: 'Teapot', priceCents: 2500, ownerId: ids.owner ?? null, orgId: acme.id },
      { name: 'Kettle', priceCents: 4000, ownerId: ids.owner ?? null, orgId: acme.id },
      { name: 'Mug', priceCents: 800, ownerId: null, orgId: globex.id },
      { name: 'Spoon', priceCents: 300, ownerId: null, orgId: globex.id },
    ]);

    // Roles: groups whose model grants a member holds within their organization only (nobody is
    // in them globally, which would make the grants hold on every product).
    await grants.createGroup('Shop editors');
    await grants.createGroup('Shop viewers');
    const shopEditor: Codename[] = ['shop.view_product', 'shop.change_product'];
    for (const c of shopEditor) await grants.grant({ group: { name: 'Shop editors' } }, c);
    await grants.grant({ group: { name: 'Shop viewers' } }, 'shop.view_product');
    await grants.addToGroup(
      { username: 'acme-editor' },
      { name: 'Shop editors' },
      within(organization, acme.id),
    );
    await grants.addToGroup(
      { username: 'globex-viewer' },
      { name: 'Shop viewers' },
      within(organization, globex.id),
    );
    // An organization's own admins: they manage its members and may give the roles above (they
    // hold every grant of those there), in Acme only.
    await grants.createGroup('Organization admins');
    const orgAdmin: Codename[] = [
      'orgs.manage_members',
      'shop.view_product',
      'shop.add_product',
      'shop.change_product',
    ];
    for (const c of orgAdmin) await grants.grant({ group: { name: 'Organization admins' } }, c);
    await grants.addToGroup(
      { username: 'acme-admin' },
      { name: 'Organization admins' },
      within(organization, acme.id),
    );
  });
  return logins;
}
