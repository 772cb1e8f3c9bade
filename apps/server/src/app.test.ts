import { describeEachBackend } from '@warden/db/testing';
import { expect, it } from 'vitest';
import { createApp } from './app';

describeEachBackend('HTTP app', (t) => {
  it('reports the backend and that the database answers on /healthz', async () => {
    const res = await createApp({ db: t.handle }).request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: 'ok',
      database: { backend: t.backend, ok: true, version: expect.stringMatching(/^\d+/) },
    });
  });

  it('answers unknown routes with a JSON 404', async () => {
    const res = await createApp({ db: t.handle }).request('/no/such/thing');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: { code: 'NOT_FOUND', message: 'no route for GET /no/such/thing' },
    });
  });

  // Last in the block: it closes the database under the app.
  it('answers 503 on /healthz when the database is gone', async () => {
    const app = createApp({ db: t.handle });
    await t.handle.close();
    const res = await app.request('/healthz');
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({
      status: 'unavailable',
      database: { backend: t.backend, ok: false },
    });
  });
});
