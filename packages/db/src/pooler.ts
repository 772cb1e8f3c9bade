import postgres from 'postgres';
import { redactUrl } from './env.js';

/**
 * Whether a connection to `url` is a session of its own on one Postgres backend, or a session a
 * pooler multiplexes. Postgres tells each session its backend's pid (BackendKeyData, which
 * postgres.js keeps as a result's `state.pid`), and `pg_backend_pid()` answers the same; a pooler
 * (PgBouncer in every version and mode) gives its client a cancel key of its own, so the two
 * differ. A plain TCP proxy passes both through, rightly counted as no pooler. `undefined` when
 * the probe got no answer (the pool's own queries will say why).
 */
export async function behindPooler(
  url: string,
  connectTimeoutS: number,
): Promise<boolean | undefined> {
  const probe = postgres(url, {
    max: 1,
    prepare: false,
    fetch_types: false,
    connect_timeout: connectTimeoutS,
    onnotice: () => {},
    connection: { application_name: 'warden-probe' },
  });
  try {
    const result = await probe<{ pid: number }[]>`select pg_backend_pid() as pid`;
    return result.state.pid !== Number(result[0]?.pid);
  } catch {
    return undefined;
  } finally {
    await probe.end({ timeout: 1 }).catch(() => {});
  }
}

/** What the server prints at start: how statements are sent, and mistakes it can see. */
export interface DbNotice {
  readonly level: 'info' | 'warn';
  readonly message: string;
}

export type PrepareSetting = boolean | 'auto';

/**
 * Decides postgres.js's `prepare` for a pool on `url`, and what to say about it. `false` needs no
 * probe. `'auto'` prepares unless a pooler answers (`?prepare=…` in the URL, postgres.js's own
 * option, decides instead when present); `true` prepares, and warns when a pooler answers, as it
 * must keep them (PgBouncer ≥ 1.21 with `max_prepared_statements`, or session mode). Either way a
 * listener sent through the same pooler is warned about: in transaction mode it hears nothing and
 * the credential cache stays off.
 */
export async function decidePrepare(
  setting: PrepareSetting,
  url: string,
  listenUrl: string,
  connectTimeoutS: number,
): Promise<{ prepare: boolean | undefined; notices: DbNotice[] }> {
  if (setting === false) {
    return {
      prepare: false,
      notices: [{ level: 'info', message: 'prepared statements: off (DATABASE_PREPARE=off)' }],
    };
  }
  const [pooled, listenPooled] = await Promise.all([
    behindPooler(url, connectTimeoutS),
    listenUrl === url ? undefined : behindPooler(listenUrl, connectTimeoutS),
  ]);
  const notices: DbNotice[] = [];
  const where = redactUrl(url);
  const fromUrl = prepareInUrl(url);
  let prepare: boolean | undefined;
  if (setting === true) {
    prepare = true;
    notices.push({ level: 'info', message: 'prepared statements: on (DATABASE_PREPARE=on)' });
    if (pooled === true) {
      notices.push({
        level: 'warn',
        message: `!!! DATABASE_PREPARE=on, and ${where} answers through a pooler: it must keep prepared statements (session mode, or PgBouncer >= 1.21 with max_prepared_statements), else queries fail with 'prepared statement "..." does not exist'. Set DATABASE_PREPARE=auto or off for PgBouncer in transaction mode before 1.21.`,
      });
    }
  } else if (fromUrl !== null) {
    // postgres.js reads it from the URL when the options leave `prepare` out.
    prepare = undefined;
    const on = fromUrl !== 'false' && fromUrl !== 'disable';
    notices.push({
      level: 'info',
      message: `prepared statements: ${on ? 'on' : 'off'} (prepare=${fromUrl} in DATABASE_URL)`,
    });
  } else {
    prepare = pooled !== true;
    notices.push({
      level: 'info',
      message:
        pooled === true
          ? `prepared statements: off (${where} answers through a pooler; DATABASE_PREPARE=on if it keeps them)`
          : `prepared statements: on (${where} is a Postgres session of its own${pooled === undefined ? ', assumed: the probe got no answer' : ''})`,
    });
  }
  if (pooled === true && listenUrl === url) {
    notices.push({
      level: 'warn',
      message: `!!! DATABASE_LISTEN_URL is unset, so the credential cache LISTENs through the pooler at ${where}: in transaction mode it hears nothing, and the cache stays off (every request reads its credentials from the database). Set DATABASE_LISTEN_URL to Postgres itself.`,
    });
  }
  if (listenPooled === true) {
    notices.push({
      level: 'warn',
      message: `!!! DATABASE_LISTEN_URL (${redactUrl(listenUrl)}) answers through a pooler: in transaction mode the LISTEN hears nothing, and the credential cache stays off. Point it at Postgres itself (or a session-mode pool).`,
    });
  }
  return { prepare, notices };
}

/** `?prepare=` of a URL, as postgres.js reads it; null when absent or the URL does not parse. */
function prepareInUrl(url: string): string | null {
  try {
    return new URL(url).searchParams.get('prepare');
  } catch {
    return null; // a multi-host URL (h1,h2): postgres.js parses those itself
  }
}
