import { createServer, type Server } from 'node:http';
import { schema } from '@warden/api';
import { invitation } from '@warden/authz/schema';
import { isNull } from 'drizzle-orm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, DESKTOP, launch, shoot } from './browser';
import { startServer } from './server';

// The web app in Debian's Chromium against the real server (in-process, fresh PGlite, demo data).
// One browser for the file; one context (cookie jar) per user, as separate people would have.
// Tests run in order and build on each other's data, as a person clicking through would.
const run = chromiumAvailable();

describe.skipIf(!run)('web app in Chromium', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launch()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: DESKTOP, baseURL: server.url });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    return page;
  }

  async function logIn(page: Page, username: string, password = `${username}-demo-pw`) {
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Log in' }).click();
  }

  // One logged-in page per user, reused across tests: logging in costs an argon2 hash and a cold
  // page load, which add up on a busy 2-core machine.
  const sessions = new Map<string, Page>();
  const at = (path: string) => (u: URL) => `${u.pathname}${u.search}` === path;

  async function as(username: string, path = '/'): Promise<Page> {
    const open = sessions.get(username);
    if (open) {
      await open.goto(path);
      await open.waitForURL(at(path));
      return open;
    }
    const page = await newPage();
    await page.goto(`/login?next=${encodeURIComponent(path)}`);
    await logIn(page, username);
    await page.waitForURL(at(path));
    sessions.set(username, page);
    return page;
  }

  const row = (page: Page, product: string) => page.locator(`tr[data-product="${product}"]`);

  it('serves deep links, the CSP and long-cached hashed assets from the real server', async () => {
    const html = await fetch(`${server.url}/admin/users/1`);
    expect(html.status).toBe(200);
    expect(html.headers.get('cache-control')).toBe('no-cache');
    const csp = html.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    const asset = /\/assets\/[\w-]+\.js/.exec(await html.text())?.[0];
    const js = await fetch(`${server.url}${asset}`);
    expect(js.status).toBe(200);
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('sends an anonymous visitor to the login page and back to the deep link after', async () => {
    const page = await newPage();
    await page.goto('/shop');
    await page.waitForURL(/\/login\?next=%2Fshop/);
    await expect.poll(() => page.getByText('Please log in to continue.').isVisible()).toBe(true);
    await shoot(page, 'login');
    await logIn(page, 'viewer', 'wrong-password');
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toBe('Invalid username or password.');
    // By keyboard only: the username field has focus, Tab moves on, Enter submits.
    await page.getByLabel('Username').fill('');
    await page.getByLabel('Password').fill('');
    await page.getByLabel('Username').focus();
    await page.keyboard.type('viewer');
    await page.keyboard.press('Tab');
    await page.keyboard.type('viewer-demo-pw');
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.pathname === '/shop');
    await expect.poll(() => page.getByRole('heading', { name: 'Shop' }).isVisible()).toBe(true);
    sessions.set('viewer', page);
  });

  it('refuses the inactive user at the login page', async () => {
    const page = await newPage();
    await page.goto('/login');
    await logIn(page, 'inactive');
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toBe('Invalid username or password.');
  });

  it('shows admin every action, the admin area and per-product permissions', async () => {
    const admin = await as('admin', '/shop');
    await row(admin, 'Spoon').waitFor();
    // The per-product abilities arrive after the rows: wait for them before counting.
    await row(admin, 'Mug').getByRole('link', { name: 'Edit Mug' }).waitFor();
    await admin.getByRole('form', { name: 'New product' }).waitFor();
    expect(await admin.getByRole('link', { name: 'Admin' }).isVisible()).toBe(true);
    expect(await row(admin, 'Mug').getByRole('link', { name: 'Edit Mug' }).count()).toBe(1);
    expect(await row(admin, 'Mug').getByRole('button', { name: 'Delete' }).count()).toBe(1);
    expect(await row(admin, 'Mug').getByRole('link', { name: 'Permissions' }).count()).toBe(1);
    expect(await admin.getByRole('form', { name: 'New product' }).count()).toBe(1);
    await shoot(admin, 'shop-admin');
    await admin.goto('/');
    await admin.getByRole('heading', { name: 'Welcome, admin' }).waitFor();
    await shoot(admin, 'home-admin');
  });

  it('shows editor edit on every product (global grant), no delete, and poll editing', async () => {
    const editor = await as('editor', '/shop');
    await row(editor, 'Spoon').waitFor();
    await row(editor, 'Spoon').getByRole('link', { name: 'Edit Spoon' }).waitFor();
    expect(await editor.getByRole('button', { name: 'Delete' }).count()).toBe(0);
    expect(await editor.getByRole('link', { name: 'Permissions' }).count()).toBe(0);
    expect(await editor.getByRole('form', { name: 'New product' }).count()).toBe(1);
    expect(await editor.getByRole('link', { name: 'Admin' }).count()).toBe(0);
    await shoot(editor, 'shop-editor');
    await editor.getByRole('link', { name: 'Polls' }).click();
    await editor.getByRole('link', { name: 'Tabs or spaces?' }).click();
    await editor.getByRole('form', { name: 'Add a choice' }).waitFor();
    expect(await editor.getByRole('form', { name: 'Edit question' }).count()).toBe(1);
    expect(await editor.getByRole('form', { name: 'Vote' }).count()).toBe(0);
    expect(await editor.getByRole('button', { name: 'Delete question' }).count()).toBe(0);
    await shoot(editor, 'poll-editor');
  });

  it('shows viewer everything and no action', async () => {
    const viewer = await as('viewer', '/shop');
    await row(viewer, 'Spoon').waitFor();
    expect(await viewer.getByRole('link', { name: /^Edit / }).count()).toBe(0);
    expect(await viewer.getByRole('button', { name: 'Delete' }).count()).toBe(0);
    expect(await viewer.getByRole('form', { name: 'New product' }).count()).toBe(0);
    await viewer.goto('/polls');
    await viewer.getByRole('link', { name: 'Tabs or spaces?' }).waitFor();
    expect(await viewer.getByRole('form', { name: 'New question' }).count()).toBe(0);
    await shoot(viewer, 'polls-viewer');
  });

  it('shows a member of an organization its products only (acme-editor, globex-viewer)', async () => {
    // Mug's page, by its id: the viewer sees every product, so its list links to it.
    const viewer = await as('viewer', '/shop');
    const mugPage = await row(viewer, 'Mug')
      .getByRole('link', { name: 'Mug', exact: true })
      .getAttribute('href');
    expect(mugPage).toMatch(/^\/shop\/\d+$/);

    // A Shop editor in Acme: Acme's products, editable; no delete, no create.
    const acme = await as('acme-editor', '/shop');
    await row(acme, 'Kettle').getByRole('link', { name: 'Edit Kettle' }).waitFor();
    expect(await acme.locator('tr[data-product]').count()).toBe(2);
    expect(await row(acme, 'Teapot').count()).toBe(1);
    expect(await acme.getByRole('button', { name: 'Delete' }).count()).toBe(0);
    expect(await acme.getByRole('form', { name: 'New product' }).count()).toBe(0);
    await shoot(acme, 'shop-acme-editor');
    const rename = async (from: string, to: string) => {
      await row(acme, from)
        .getByRole('link', { name: `Edit ${from}` })
        .click();
      const edit = acme.getByRole('form', { name: 'Edit product' });
      await edit.getByLabel('Name').fill(to);
      await edit.getByRole('button', { name: 'Save' }).click();
      await edit.getByText('Saved.').waitFor();
      await acme
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Shop' })
        .click();
      await row(acme, to).waitFor();
    };
    await rename('Teapot', 'Acme Teapot');
    await rename('Acme Teapot', 'Teapot'); // as it was, for the tests after this one
    await acme.goto(mugPage ?? '');
    await expect
      .poll(() => acme.getByRole('alert').textContent())
      .toBe('Not found: it does not exist, or you may not see it.');
    await shoot(acme, 'product-hidden-acme-editor');

    // A Shop viewer in Globex: Globex's products, to view only.
    const globex = await as('globex-viewer', '/shop');
    await row(globex, 'Spoon').waitFor();
    expect(await globex.locator('tr[data-product]').count()).toBe(2);
    expect(await row(globex, 'Mug').count()).toBe(1);
    await row(globex, 'Mug').getByRole('link', { name: 'Mug', exact: true }).click();
    await globex.getByText('You may view this product, not change it.').waitFor();
    expect(await globex.getByRole('form', { name: 'Edit product' }).count()).toBe(0);
    await shoot(globex, 'product-globex-viewer');
  });

  it('switches the organization a member acts in, and every page answers for it', async () => {
    const acme = await as('acme-editor', '/account');
    const switcher = acme.getByRole('combobox', { name: 'Organization' });
    await switcher.waitFor();
    // No organization: the roles add nothing, and the account page says which roles there are.
    await acme.getByText('Acme: Shop editors').waitFor();
    expect(await acme.getByRole('list', { name: 'Permissions in Acme' }).count()).toBe(0);
    await switcher.selectOption({ label: 'Acme' });
    const inAcme = acme.getByRole('list', { name: 'Permissions in Acme' });
    await inAcme.getByText('Can change product').waitFor();
    await inAcme.getByText('Can view product').waitFor();
    await shoot(acme, 'account-acme-editor-in-acme');
    // The choice is this browser's: after a reload, still Acme.
    await acme.reload();
    await expect.poll(() => switcher.inputValue()).not.toBe('');
    // The viewer is a member of nothing: no switcher.
    const viewer = await as('viewer', '/account');
    await viewer.getByRole('heading', { name: 'My account' }).waitFor();
    expect(await viewer.getByRole('combobox', { name: 'Organization' }).count()).toBe(0);
  });

  // An organization's own admin (acme-admin: Organization admins in Acme, not staff) on its
  // Organization page; a member of two organizations; invitation links, opened in a fresh browser.
  const member = (page: Page, username: string) => page.locator(`tr[data-member="${username}"]`);
  const organizationId = async (name: string) => {
    const rows = await server.db.select().from(schema.organization);
    const found = rows.find((o) => o.name === name);
    if (found === undefined) throw new Error(`no organization ${name}`);
    return found.id;
  };
  /** Names an organization in this browser as the switcher would, even one the user is not in. */
  const actIn = (page: Page, id: number) =>
    page.evaluate((org) => localStorage.setItem('warden:organization', String(org)), id);
  const productNames = (page: Page) =>
    page.locator('tr[data-product]').evaluateAll((rows) => rows.map((r) => r.dataset.product));

  it('shows Organization to acme-admin in Acme: add a member, change their roles', async () => {
    const admin = await as('acme-admin', '/shop');
    const switcher = admin.getByRole('combobox', { name: 'Organization' });
    await row(admin, 'Kettle').waitFor();
    const nav = admin.getByRole('navigation', { name: 'Main' });
    // Acting in no organization, it manages none: no link.
    expect(await nav.getByRole('link', { name: 'Organization' }).count()).toBe(0);
    await switcher.selectOption({ label: 'Acme' });
    await nav.getByRole('link', { name: 'Organization' }).click();
    await admin.getByRole('heading', { name: 'Acme' }).waitFor();
    await member(admin, 'acme-editor').waitFor();
    expect(await admin.locator('tr[data-member]').count()).toBe(2);
    // Only the roles whose every grant it holds in Acme are offered (not Editors, not Viewers).
    const add = admin.getByRole('form', { name: 'Add a member' });
    expect(await add.getByRole('checkbox').evaluateAll((boxes) => boxes.length)).toBe(3);
    expect(await add.getByLabel('Editors', { exact: true }).count()).toBe(0);

    await add.getByLabel('Username').fill('globex-viewer');
    await add.getByLabel('Shop viewers').check();
    await add.getByRole('button', { name: 'Add member' }).click();
    const added = member(admin, 'globex-viewer');
    await expect.poll(() => added.getByLabel('Shop viewers').isChecked()).toBe(true);
    // Adding them again is the server's 409, in words.
    await add.getByLabel('Username').fill('globex-viewer');
    await add.getByLabel('Shop viewers').check();
    await add.getByRole('button', { name: 'Add member' }).click();
    await expect
      .poll(() => add.getByRole('alert').textContent())
      .toBe("'globex-viewer' is a member already: change their roles instead");

    await added.getByLabel('Shop editors').check();
    await added.getByLabel('Shop viewers').uncheck();
    await added.getByRole('button', { name: 'Save' }).click();
    await admin.getByText('Roles saved.').waitFor();
    await expect.poll(() => added.getByLabel('Shop editors').isChecked()).toBe(true);
    expect(await added.getByLabel('Shop viewers').isChecked()).toBe(false);
    await shoot(admin, 'organization-acme-admin');
  });

  it('lets a member of two organizations switch: each answers for its own', async () => {
    // globex-viewer: Shop viewers in Globex, and now Shop editors in Acme.
    const both = await as('globex-viewer', '/account');
    const switcher = both.getByRole('combobox', { name: 'Organization' });
    await both.getByText('Acme: Shop editors').waitFor();
    await both.getByText('Globex: Shop viewers').waitFor();
    await switcher.selectOption({ label: 'Acme' });
    await both
      .getByRole('list', { name: 'Permissions in Acme' })
      .getByText('Can change product')
      .waitFor();
    await switcher.selectOption({ label: 'Globex' });
    const inGlobex = both.getByRole('list', { name: 'Permissions in Globex' });
    await inGlobex.getByText('Can view product').waitFor();
    expect(await inGlobex.getByText('Can change product').count()).toBe(0);
    await shoot(both, 'account-two-organizations');
    // The products of both; each row answers for its own organization, whichever one is active:
    // Acme's Teapot is editable (Shop editors there), Globex's Mug is not (Shop viewers).
    for (const label of ['Globex', 'Acme']) {
      await both.goto('/shop');
      await switcher.selectOption({ label });
      await row(both, 'Teapot').getByRole('link', { name: 'Edit Teapot' }).waitFor();
      expect(await productNames(both)).toEqual(['Teapot', 'Kettle', 'Mug', 'Spoon']);
      expect(await row(both, 'Mug').getByRole('link', { name: 'Edit Mug' }).count()).toBe(0);
    }

    const admin = await as('acme-admin', '/organization');
    await member(admin, 'globex-viewer').getByRole('button', { name: 'Remove' }).click();
    await admin.getByRole('button', { name: 'Remove globex-viewer from Acme' }).click();
    await expect.poll(() => admin.locator('tr[data-member]').count()).toBe(2);
    await both.goto('/shop');
    await row(both, 'Spoon').waitFor();
    expect(await productNames(both)).toEqual(['Mug', 'Spoon']);
  });

  it('sends an invitation link: a newcomer creates an account by it and sees Acme’s products', async () => {
    const admin = await as('acme-admin', '/organization');
    const invite = admin.getByRole('form', { name: 'Invite someone' });
    await invite.getByLabel('Shop viewers').check();
    await invite.getByLabel('For (email)').fill('newcomer@example.com');
    await invite.getByRole('button', { name: 'Create invitation link' }).click();
    const link = (await admin.getByTestId('invitation-link').textContent()) ?? '';
    expect(link).toMatch(new RegExp(`^${server.url}/invitation#[A-Za-z0-9_-]{43}$`));
    const token = link.split('#')[1] ?? '';
    const sent = admin.locator('tr[data-status="pending"]');
    await expect.poll(() => sent.textContent()).toContain('newcomer@example.com');
    await shoot(admin, 'organization-invited');

    // Someone else's browser: no session, no cookie.
    const newcomer = await newPage();
    const seen: string[] = [];
    // What a server receives of each request: its path and query, and the Referer header.
    newcomer.on('request', (r) => {
      const url = new URL(r.url());
      seen.push(`${url.pathname}${url.search}`, r.headers().referer ?? '');
    });
    await newcomer.goto(link);
    await newcomer.getByText('Join Acme as Shop viewers (invited by acme-admin)').waitFor();
    await shoot(newcomer, 'invitation');
    const signUp = newcomer.getByRole('form', { name: 'Create an account' });
    expect(await signUp.getByLabel('Email').inputValue()).toBe('newcomer@example.com');
    await signUp.getByLabel('Username').fill('newcomer');
    await signUp.getByLabel('Password').fill('newcomer-long-pw');
    await signUp.getByRole('button', { name: 'Create account and join' }).click();
    await newcomer.waitForURL((u) => u.pathname === '/shop');
    await row(newcomer, 'Kettle').waitFor();
    expect(await productNames(newcomer)).toEqual(['Teapot', 'Kettle']);
    expect(await newcomer.locator('.username').textContent()).toBe('newcomer');
    const switcher = newcomer.getByRole('combobox', { name: 'Organization' });
    await expect.poll(() => switcher.locator('option:checked').textContent()).toBe('Acme');
    // The token went in POST bodies only: in no URL and no Referer a server could log.
    expect(seen.filter((s) => s.includes(token))).toEqual([]);

    // A link works once.
    await newcomer.goto(link);
    await newcomer.getByText('This invitation has been used already').waitFor();
    expect(await newcomer.getByRole('button', { name: /^Join/ }).count()).toBe(0);
    await shoot(newcomer, 'invitation-used');
    await admin.reload();
    const used = admin.locator('tr[data-status="accepted"]');
    await expect.poll(() => used.textContent()).toContain('newcomer');
  });

  it('joins by a link after logging in on its page; withdrawn and expired links say so', async () => {
    const admin = await as('acme-admin', '/organization');
    const invite = admin.getByRole('form', { name: 'Invite someone' });
    const shown = admin.getByTestId('invitation-link');
    const text = async () => ((await shown.count()) > 0 ? await shown.textContent() : null);
    const create = async () => {
      const before = await text();
      await invite.getByLabel('Shop viewers').check();
      await invite.getByRole('button', { name: 'Create invitation link' }).click();
      // The previous link goes while the new one is asked for: wait for a link, and a new one.
      await expect.poll(async () => [null, before].includes(await text())).toBe(false);
      return (await text()) ?? '';
    };
    const link = await create();

    const visitor = await newPage();
    await visitor.goto(link);
    const login = visitor.getByRole('form', { name: 'Log in' });
    await login.getByLabel('Username').fill('globex-viewer');
    await login.getByLabel('Password').fill('globex-viewer-demo-pw');
    await login.getByRole('button', { name: 'Log in' }).click();
    await visitor.waitForURL((u) => u.pathname === '/shop');
    await row(visitor, 'Teapot').waitFor();
    expect(await productNames(visitor)).toEqual(['Teapot', 'Kettle', 'Mug', 'Spoon']);
    const switcher = visitor.getByRole('combobox', { name: 'Organization' });
    await expect.poll(() => switcher.locator('option:checked').textContent()).toBe('Acme');

    const unused = await create();
    await admin
      .locator('tr[data-status="pending"]')
      .getByRole('button', { name: 'Withdraw' })
      .click();
    await admin.getByRole('button', { name: 'Withdraw the link' }).click();
    await expect.poll(() => admin.locator('tr[data-status="pending"]').count()).toBe(0);
    await visitor.goto(unused);
    await visitor.getByText('This invitation link does not exist, or it was withdrawn.').waitFor();

    // One left unused past its expiry (moved there in the database, as time would).
    const stale = await create();
    const past = new Date(Date.now() - 60_000);
    await server.db
      .update(invitation)
      .set({ expiresAt: past })
      .where(isNull(invitation.acceptedAt));
    await visitor.goto(stale);
    await visitor.getByText(/^This invitation expired on /).waitFor();
    await admin.reload();
    await admin.locator('tr[data-status="expired"]').waitFor();
    expect(await admin.locator('tr[data-status="pending"]').count()).toBe(0);
  });

  it('keeps Globex from Acme’s admin and members, even when a browser names it', async () => {
    const globex = await organizationId('Globex');
    const acme = await organizationId('Acme');
    const admin = await as('acme-admin', '/');
    await actIn(admin, globex);
    await admin.goto('/organization');
    await expect
      .poll(() => admin.getByRole('alert').textContent())
      .toBe('You need the permission “Can manage members and invitations” (orgs.manage_members).');
    expect(await admin.locator('tr[data-member]').count()).toBe(0);
    const nav = admin.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link', { name: 'Organization' }).count()).toBe(0);
    await shoot(admin, 'organization-forbidden');
    await actIn(admin, acme);

    // acme-editor, acting in Acme, then naming Globex: Acme's products only, either way.
    const editor = await as('acme-editor', '/shop');
    await actIn(editor, acme);
    await editor.reload();
    await row(editor, 'Kettle').waitFor();
    expect(await productNames(editor)).toEqual(['Teapot', 'Kettle']);
    await actIn(editor, globex);
    await editor.reload();
    await row(editor, 'Kettle').waitFor();
    expect(await productNames(editor)).toEqual(['Teapot', 'Kettle']);
    await actIn(editor, acme);
  });

  it('shows owner only their own products, with edit and delete, and no polls', async () => {
    const owner = await as('owner', '/shop');
    await row(owner, 'Teapot').waitFor();
    expect(await owner.locator('tr[data-product]').count()).toBe(2);
    await row(owner, 'Kettle').getByRole('link', { name: 'Edit Kettle' }).waitFor();
    expect(await row(owner, 'Kettle').getByRole('button', { name: 'Delete' }).count()).toBe(1);
    expect(await owner.getByRole('form', { name: 'New product' }).count()).toBe(1);

    // Create where permitted (shop.add_product): the new product is theirs, so editable.
    const form = owner.getByRole('form', { name: 'New product' });
    await form.getByLabel('Name').fill('Teacup');
    await form.getByLabel('Price (€)').fill('12,50');
    await form.getByRole('button', { name: 'Add product' }).click();
    await row(owner, 'Teacup').getByRole('link', { name: 'Edit Teacup' }).waitFor();
    expect(await row(owner, 'Teacup').textContent()).toContain('€12.50');

    // Edit under the owner rule (no change_product grant at all).
    await row(owner, 'Kettle').getByRole('link', { name: 'Edit Kettle' }).click();
    const edit = owner.getByRole('form', { name: 'Edit product' });
    await edit.getByLabel('Price (€)').fill('42');
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.getByText('Saved.').waitFor();
    await owner
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Shop' })
      .click();
    await expect.poll(() => row(owner, 'Kettle').textContent()).toContain('€42.00');

    await owner.goto('/polls');
    await expect
      .poll(() => owner.getByRole('alert').textContent())
      .toBe('You need the permission “Can view question” (polls.view_question).');
    await shoot(owner, 'polls-forbidden');
  });

  it('lets the voter vote once and refuses a second vote', async () => {
    const voter = await as('voter', '/polls');
    await voter.getByRole('link', { name: 'What’s up?' }).click();
    const form = voter.getByRole('form', { name: 'Vote' });
    await form.getByLabel('The sky').check();
    await form.getByRole('button', { name: 'Vote' }).click();
    await voter.getByText('Thank you: your vote is counted.').waitFor();
    await expect
      .poll(() => voter.getByRole('list', { name: 'Results' }).textContent())
      .toContain('The sky1 vote');
    await shoot(voter, 'poll-voted');
    await form.getByLabel('Not much').check();
    await form.getByRole('button', { name: 'Vote' }).click();
    await expect
      .poll(() => form.getByRole('alert').textContent())
      .toBe('You have already voted on this question');
    expect(await voter.getByRole('list', { name: 'Results' }).textContent()).toContain(
      'Not much0 votes',
    );
  });

  it('refuses a mutation the viewer sends from the page’s console', async () => {
    const viewer = await as('viewer', '/shop');
    await row(viewer, 'Mug').waitFor();
    const answer = await viewer.evaluate(async () => {
      const token = /csrftoken=([^;]+)/.exec(document.cookie)?.[1] ?? '';
      const res = await fetch('/trpc/shop.products.delete', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrftoken': token },
        body: JSON.stringify({ id: 3 }),
      });
      return { status: res.status, body: await res.text() };
    });
    expect(answer.status).toBe(403);
    expect(answer.body).toContain('FORBIDDEN');
    await viewer.reload();
    await row(viewer, 'Mug').waitFor();
  });

  it('refuses a cross-site form post to /trpc from another origin’s page', async () => {
    const victim = await as('admin', '/shop');
    await row(victim, 'Spoon').waitFor();
    // Another site (localhost is not 127.0.0.1) whose page auto-submits a form at the API.
    const evil: Server = createServer((_req, res) => {
      res.setHeader('content-type', 'text/html');
      res.end(`<form method="POST" enctype="text/plain" action="${server.url}/trpc/shop.products.delete">
        <input name='{"id":4,"x":"' value='"}'></form><script>document.forms[0].submit()</script>`);
    });
    await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', () => resolve()));
    const address = evil.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    try {
      const response = victim.waitForResponse((r) =>
        r.url().includes('/trpc/shop.products.delete'),
      );
      await victim.goto(`http://localhost:${port}/`);
      const refused = await response;
      expect(refused.status()).toBe(403);
      expect(await refused.text()).toContain('CSRF check failed');
    } finally {
      await new Promise<void>((resolve) => evil.close(() => resolve()));
    }
    await victim.goto(`${server.url}/shop`);
    await row(victim, 'Spoon').waitFor(); // still there
  });

  it('gives a user an action after an admin grants it in the grid', async () => {
    const viewer = await as('viewer', '/shop');
    await row(viewer, 'Mug').waitFor();
    expect(await viewer.getByRole('form', { name: 'New product' }).count()).toBe(0);

    const admin = await as('admin', '/admin/permissions');
    const box = admin.getByRole('checkbox', {
      name: 'Viewers: Can add product (shop.add_product)',
      exact: true, // not Shop viewers' (the role of Globex's members)
    });
    await box.waitFor();
    expect(await box.isChecked()).toBe(false);
    await box.click();
    await expect.poll(() => box.isChecked()).toBe(true);
    await expect.poll(() => box.isEnabled()).toBe(true);
    await shoot(admin, 'admin-grid');

    await viewer.reload();
    await viewer.getByRole('form', { name: 'New product' }).waitFor();
    await viewer.goto('/account');
    await viewer.getByRole('cell', { name: 'Can add product' }).waitFor();
    await shoot(viewer, 'account-viewer');
  });

  it('lets an admin grant and revoke an object grant on a product', async () => {
    const owner = await as('owner', '/shop');
    await row(owner, 'Teapot').waitFor();
    expect(await row(owner, 'Mug').count()).toBe(0);

    const admin = await as('admin', '/shop');
    await row(admin, 'Mug').getByRole('link', { name: 'Permissions' }).click();
    await admin.getByRole('heading', { name: 'Permissions on Mug' }).waitFor();
    await admin.getByText('No object grants on this product.').waitFor();
    const form = admin.getByRole('form', { name: 'Grant on this product' });
    await form.getByLabel('To').selectOption({ label: 'User owner' });
    await form.getByLabel('Permission').selectOption('shop.view_product');
    await form.getByRole('button', { name: 'Grant' }).click();
    const grants = admin.getByRole('table', { name: 'Object grants' });
    await expect.poll(() => grants.textContent()).toContain('User owner');
    await shoot(admin, 'admin-product-grants');

    await owner.reload();
    await row(owner, 'Mug').waitFor();
    expect(await row(owner, 'Mug').getByRole('link', { name: /^Edit/ }).count()).toBe(0);

    await admin.getByRole('button', { name: 'Revoke shop.view_product from User owner' }).click();
    await admin.getByText('No object grants on this product.').waitFor();
    await owner.reload();
    await row(owner, 'Teapot').waitFor();
    expect(await row(owner, 'Mug').count()).toBe(0);
  });

  it('shows the admin area to a staff user without auth.change_user read-only', async () => {
    const admin = await as('admin', '/admin/users');
    await admin.getByRole('link', { name: 'viewer', exact: true }).waitFor();
    await shoot(admin, 'admin-users');
    const form = admin.getByRole('form', { name: 'New user' });
    await form.getByLabel('Username').fill('clerk');
    await form.getByLabel('Email').fill('clerk@example.com');
    await form.getByLabel('Password').fill('clerk-demo-pw');
    await form.getByLabel('Staff (may open the admin area)').check();
    await form.getByRole('button', { name: 'Create user' }).click();
    await admin.getByRole('heading', { name: 'clerk' }).waitFor();
    for (const name of [
      'Can view user (auth.view_user)',
      'Can view group (auth.view_group)',
      'Can view permission (auth.view_permission)',
    ]) {
      const box = admin.getByRole('checkbox', { name: `Direct: ${name}` });
      await box.click();
      await expect.poll(() => box.isChecked()).toBe(true);
      await expect.poll(() => box.isEnabled()).toBe(true);
    }
    await shoot(admin, 'admin-user');

    const clerk = await as('clerk', '/admin/users');
    await clerk.getByRole('link', { name: 'viewer', exact: true }).waitFor();
    await clerk.getByTestId('read-only').waitFor();
    expect(await clerk.getByRole('form', { name: 'New user' }).count()).toBe(0);
    await clerk.getByRole('link', { name: 'viewer', exact: true }).click();
    await clerk.getByRole('heading', { name: 'viewer', exact: true }).waitFor();
    expect(await clerk.getByRole('button', { name: 'Save' }).count()).toBe(0);
    expect(await clerk.getByRole('button', { name: 'Deactivate user' }).count()).toBe(0);
    expect(await clerk.getByRole('form', { name: 'Set password' }).count()).toBe(0);
    await expect
      .poll(() =>
        clerk
          .getByRole('checkbox', { name: /^Direct: / })
          .first()
          .isDisabled(),
      )
      .toBe(true);
    await shoot(clerk, 'admin-user-read-only');
  });

  it('sends a deactivated user’s open page to the login page', async () => {
    const editor = await as('editor', '/shop');
    await row(editor, 'Mug').waitFor();

    const admin = await as('admin', '/admin/users?q=editor');
    await admin.getByRole('link', { name: 'editor', exact: true }).click();
    await admin.getByRole('heading', { name: 'editor', exact: true }).waitFor();
    await admin.getByRole('button', { name: 'Deactivate user' }).click();
    await admin
      .getByRole('button', { name: 'Yes, deactivate editor and end their sessions' })
      .click();
    await admin.getByText('inactive', { exact: true }).waitFor();

    await editor.getByRole('link', { name: 'Polls' }).click();
    await editor.waitForURL(/\/login/);
    await editor.getByRole('heading', { name: 'Log in' }).waitFor();
    await logIn(editor, 'editor');
    await expect
      .poll(() => editor.getByRole('alert').textContent())
      .toBe('Invalid username or password.');
  });

  it('asks for the current password before setting one’s own', async () => {
    const admin = await as('admin', '/admin/users?q=admin');
    await admin.getByRole('link', { name: 'admin', exact: true }).click();
    await admin.getByRole('heading', { name: 'admin' }).waitFor();
    const form = admin.getByRole('form', { name: 'Set password' });
    await form.getByLabel('Current password').fill('not-the-password');
    await form.getByLabel('New password').fill('admin-demo-pw-2');
    await form.getByRole('button', { name: 'Set password' }).click();
    await expect
      .poll(() => form.getByRole('alert').textContent())
      .toMatch(/current password is not right/);
  });

  it('shows the pages’ own not-found states', async () => {
    const admin = await as('admin', '/');
    await admin.goto('/no/such/page');
    await admin.getByRole('heading', { name: 'Page not found' }).waitFor();
    await shoot(admin, 'not-found');
    await admin.goto('/shop/99999');
    await expect
      .poll(() => admin.getByRole('alert').textContent())
      .toBe('Not found: it does not exist, or you may not see it.');
    // An id that is no row id is the router's not-found page, for every detail route.
    await admin.goto('/admin/users/abc');
    await admin.getByRole('heading', { name: 'Page not found' }).waitFor();
  });

  it('pages the shop, ten products a page', async () => {
    const admin = await as('admin', '/shop');
    await row(admin, 'Spoon').waitFor();
    // Eight more products through the API, as a script in the admin's page would add them.
    const statuses = await admin.evaluate(async () => {
      const token = /csrftoken=([^;]+)/.exec(document.cookie)?.[1] ?? '';
      const made: number[] = [];
      for (let i = 1; i <= 8; i++) {
        const res = await fetch('/trpc/shop.products.create', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-csrftoken': token },
          body: JSON.stringify({ name: `Saucer ${i}`, priceCents: 150 + i }),
        });
        made.push(res.status);
      }
      return made;
    });
    expect(statuses).toEqual(Array(8).fill(200));
    await admin.reload();
    const pager = admin.getByRole('navigation', { name: 'Pages' });
    await expect.poll(() => pager.textContent()).toContain('Page 1 of 2');
    expect(await admin.locator('tr[data-product]').count()).toBe(10);
    await pager.getByRole('button', { name: 'Next →' }).click();
    await admin.waitForURL(/\/shop\?page=2$/);
    await row(admin, 'Saucer 8').waitFor();
    expect(await admin.locator('tr[data-product]').count()).toBe(3); // 4 + Teacup + 8 = 13
    await shoot(admin, 'shop-page-2');
  });

  it('takes screenshots of the remaining main pages', async () => {
    const admin = await as('admin', '/admin');
    await admin.getByRole('heading', { name: 'Administration' }).waitFor();
    await shoot(admin, 'admin-home');
    await admin.goto('/admin/groups');
    await admin.getByRole('link', { name: 'Editors', exact: true }).waitFor();
    await shoot(admin, 'admin-groups');
    await admin.getByRole('link', { name: 'Viewers', exact: true }).click();
    await admin.getByRole('list', { name: 'Members' }).waitFor();
    await shoot(admin, 'admin-group');
    await admin.goto('/admin/codenames');
    await admin.getByRole('cell', { name: 'polls.can_vote' }).waitFor();
    await shoot(admin, 'admin-codenames');
    // The object grant given and revoked by the earlier test, in the audit log, newest first.
    await admin.goto('/admin/audit');
    const log = admin.getByRole('table', { name: 'Audit log' });
    await log
      .getByRole('cell', { name: /^shop\.view_product on \d+ user #\d+$/ })
      .first()
      .waitFor();
    expect(await log.getByRole('cell', { name: 'revoked' }).count()).toBeGreaterThan(0);
    // The actor's id beside the name, linking to the user (issue 24 #10: a name alone is ambiguous).
    await log
      .getByRole('cell', { name: /^admin #1 session$/ })
      .first()
      .waitFor();
    expect(
      await log.getByRole('link', { name: '#1', exact: true }).first().getAttribute('href'),
    ).toBe('/admin/users/1');
    await shoot(admin, 'admin-audit');
    await admin.goto('/account');
    await admin
      .getByRole('form', { name: 'New API token' })
      .getByLabel('Token name')
      .fill('ci script');
    await admin.getByRole('button', { name: 'Create token' }).click();
    await admin.getByTestId('new-token').waitFor();
    expect(await admin.getByTestId('new-token').textContent()).toMatch(/^wdn_/);
    await admin.getByRole('cell', { name: 'ci script' }).waitFor();
    await shoot(admin, 'account-admin');
    await admin.goto('/shop/1');
    await admin.getByRole('form', { name: 'Edit product' }).waitFor();
    await shoot(admin, 'product-edit');
  });

  it('loads the shop without layout shift', async () => {
    const page = await as('voter', '/');
    await page.goto('/shop');
    await row(page, 'Spoon').waitFor();
    const shift = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          let total = 0;
          new PerformanceObserver((list) => {
            for (const entry of list.getEntries())
              if ('value' in entry && typeof entry.value === 'number') total += entry.value;
          }).observe({ type: 'layout-shift', buffered: true });
          setTimeout(() => resolve(total), 300);
        }),
    );
    // Google's "good" cumulative layout shift is below 0.1.
    expect(shift).toBeLessThan(0.1);
  });

  it('logs out, and out everywhere: the other device’s page lands on the login page', async () => {
    const laptop = await as('voter', '/account');
    const phone = await newPage();
    await phone.goto('/login?next=%2Fpolls');
    await logIn(phone, 'voter');
    await phone.getByRole('link', { name: 'What’s up?' }).waitFor();
    await laptop.getByRole('button', { name: 'Log out everywhere' }).click();
    await laptop.getByRole('button', { name: 'Yes, log out on every device' }).click();
    await laptop.getByText('You have been logged out on every device.').waitFor();
    await phone.getByRole('link', { name: 'Shop' }).click();
    await phone.waitForURL(/\/login/);
    await phone.getByRole('heading', { name: 'Log in' }).waitFor();

    await logIn(laptop, 'voter');
    await laptop.getByRole('heading', { name: 'Welcome, voter' }).waitFor();
    await laptop.getByRole('button', { name: 'Log out' }).click();
    await laptop.getByText('You have been logged out.').waitFor();
    await laptop.goto('/account');
    await laptop.waitForURL(/\/login\?next=%2Faccount/);
  });

  it('handles an expired session: login page, then back where the user was', async () => {
    const viewer = await as('viewer', '/polls');
    await viewer.getByRole('link', { name: 'Tabs or spaces?' }).waitFor();
    server.skipDays(8); // every session is now past its 7-day inactivity timeout
    try {
      await viewer.getByRole('link', { name: 'Shop' }).click();
      await viewer.waitForURL(/\/login/);
      await viewer.getByText(/Please log in|Your session has ended/).waitFor();
      await shoot(viewer, 'login-expired');
      await logIn(viewer, 'viewer');
      await viewer.waitForURL((u) => u.pathname === '/shop');
      await row(viewer, 'Mug').waitFor();
    } finally {
      server.skipDays(0);
    }
  });
});
