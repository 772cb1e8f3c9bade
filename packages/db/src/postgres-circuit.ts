import net from 'node:net';
import { Duplex } from 'node:stream';
import postgres from 'postgres';

/**
 * What postgres.js hands a `socket` factory (its parsed options; the option is documented in its
 * README but missing from its types, so this says what is read).
 */
export interface SocketTarget {
  readonly host: readonly string[];
  readonly port: readonly number[];
  readonly path?: string | false;
  readonly ssl?: unknown;
}

/** The postgres.js options through which the circuit sees and fails connection attempts. */
export interface CircuitOptions {
  socket(target: SocketTarget): Promise<Duplex>;
  backoff(retries: number): number;
}

export interface PostgresCircuit {
  /** Spread into postgres.js's options (through a variable: `socket` is not in its type). */
  readonly options: CircuitOptions;
  /** Stops probing. Idempotent. */
  close(): void;
}

/** The code of the error a query gets while the circuit is open; its `cause` is what opened it. */
export const DATABASE_UNAVAILABLE_CODE = 'DATABASE_UNAVAILABLE';

/**
 * A circuit breaker around postgres.js's connection attempts (issue 24, #15).
 *
 * While Postgres is down, postgres.js queues every query and rejects only the one that started a
 * connection attempt, then waits out its backoff before the next: with 8 clients in flight the
 * first got its 503 in 2 ms, the next in 102, 301, 702, 1,502 … 5,503 ms, and the rest waited for
 * the whole outage. A connection attempt that fails (refused, reset, timed out, or answered by a
 * Postgres that is shutting down or starting: SQLSTATE 57P01–57P03, 53300, class 08) opens the
 * circuit: from then on postgres.js's attempts get a socket that fails at once, without touching
 * the network, and no backoff, so every queued and every new query is rejected within
 * milliseconds (postgres.js rejects one per attempt; the attempts are now immediate). A probe on a
 * connection of its own runs `select 1` every `probeMs`; the first that answers closes the circuit,
 * and the pool connects again on its next query: served again within about `probeMs` of the
 * database's return, without a restart.
 *
 * Only connecting goes through it: queries on connections already open are untouched (one refused
 * connection among working ones costs at most `probeMs` of fast failures). Over TLS the startup
 * answer is encrypted, so there only a failed TCP connection opens it.
 */
export function postgresCircuit(
  url: string,
  { probeMs = 250, connectTimeoutS = 10 }: { probeMs?: number; connectTimeoutS?: number } = {},
): PostgresCircuit {
  let cause: Error | undefined; // set while open
  let probing: NodeJS.Timeout | undefined;
  let probeInFlight = false;
  let closed = false;
  let attempts = 0;

  const trip = (error: Error) => {
    if (closed) return;
    if (cause === undefined) probing = setInterval(probe, probeMs).unref();
    cause = error;
  };

  async function probe() {
    if (probeInFlight || cause === undefined) return;
    probeInFlight = true;
    // A client per probe: it holds no connection between probes, and its own backoff never
    // delays one (the interval paces them).
    const client = postgres(url, {
      max: 1,
      fetch_types: false,
      connect_timeout: connectTimeoutS,
      backoff: () => 0,
      onnotice: () => {},
      connection: { application_name: 'warden-probe' },
    });
    try {
      await client`select 1`;
      cause = undefined;
      clearInterval(probing);
    } catch {
      // still down: the next tick tries again
    } finally {
      probeInFlight = false;
      await client.end({ timeout: 0 }).catch(() => {});
    }
  }

  return {
    options: {
      async socket(target) {
        if (cause !== undefined) return failingSocket(fastFailure(cause));
        // postgres.js rotates through a multi-host URL's hosts only for sockets it makes itself.
        const at = attempts++ % Math.max(target.host.length, 1);
        const socket = target.path
          ? net.connect(target.path)
          : net.connect(target.port[at] ?? target.port[0] ?? 5432, target.host[at] ?? 'localhost');
        const failure = await connected(socket, connectTimeoutS * 1000);
        if (failure !== undefined) {
          trip(failure);
          return failingSocket(failure);
        }
        if (!target.ssl) watchStartup(socket, trip);
        return socket;
      },
      // Capped at 1 s while attempts are real (postgres.js's own grows to 20 s); none while open.
      backoff: (retries) => (cause !== undefined ? 0 : Math.min(0.05 * 2 ** retries, 1)),
    },
    close() {
      closed = true;
      cause = undefined;
      clearInterval(probing);
    },
  };
}

/** Waits for the TCP connection; resolves with why it failed, or undefined once it is made. */
function connected(socket: net.Socket, timeoutMs: number): Promise<Error | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(Object.assign(new Error('connect timed out'), { code: 'CONNECT_TIMEOUT' }));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.off('error', onError);
      resolve(undefined);
    });
    const onError = (error: Error) => {
      clearTimeout(timer);
      resolve(error);
    };
    socket.once('error', onError);
  });
}

function fastFailure(cause: Error): Error {
  const code = 'code' in cause && typeof cause.code === 'string' ? ` (${cause.code})` : '';
  return Object.assign(
    new Error(`database unavailable${code}: failing fast until it answers again`, { cause }),
    { code: DATABASE_UNAVAILABLE_CODE },
  );
}

/**
 * The socket postgres.js gets for an attempt that failed: it accepts the first write (the startup
 * message), then fails with `error`. Not sooner: postgres.js schedules that write as it is handed
 * the socket, and a socket closed before it ran leaves the write pending on the connection, which
 * then never writes again (every later attempt of that pool slot timed out). Not a net.Socket: one
 * that never connected refuses writes with an error of its own. A new error each attempt:
 * postgres.js writes the failed query onto the error object it is given.
 */
function failingSocket(error: Error): Duplex {
  const socket = new Duplex({
    read() {},
    write(_chunk, _encoding, callback) {
      callback();
      setImmediate(() => socket.destroy(error));
    },
  });
  // postgres.js's listener reports it; this one keeps an unheard error from ending the process.
  socket.on('error', () => {});
  return socket;
}

// Startup answers that mean "not now" rather than "not you": shutting down or starting (57P01–
// 57P03), too many connections (53300), a connection exception (class 08).
const UNAVAILABLE_STATE = /^(57P0[123]|53300|08\w{3})$/;

/**
 * Opens the circuit when the server answers this connection's startup with an unavailable SQLSTATE
 * (an ErrorResponse before its first ReadyForQuery). Reads the bytes beside postgres.js, until
 * that first answer; unencrypted connections only (over TLS the answer is encrypted).
 */
function watchStartup(socket: net.Socket, trip: (error: Error) => void): void {
  let buffered = Buffer.alloc(0);
  const onData = (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    // Messages are a type byte and a length (which counts itself, not the type byte).
    while (buffered.length >= 5) {
      const type = String.fromCharCode(buffered[0] ?? 0);
      const length = buffered.readUInt32BE(1);
      if (buffered.length < length + 1) return;
      const body = buffered.subarray(5, length + 1);
      buffered = buffered.subarray(length + 1);
      if (type === 'Z') return socket.off('data', onData); // ready: this attempt succeeded
      if (type === 'E') {
        socket.off('data', onData);
        const state = sqlState(body);
        if (state !== undefined && UNAVAILABLE_STATE.test(state)) {
          trip(
            Object.assign(new Error(`Postgres refused the connection (${state})`), { code: state }),
          );
        }
        return;
      }
    }
  };
  socket.on('data', onData);
}

/** The `C` field of an ErrorResponse body: NUL-terminated fields, each a type byte and a string. */
function sqlState(body: Buffer): string | undefined {
  let at = 0;
  while (at < body.length && body[at] !== 0) {
    const field = body[at];
    const end = body.indexOf(0, at + 1);
    if (end === -1) return undefined;
    if (field === 0x43) return body.toString('utf8', at + 1, end); // 'C'
    at = end + 1;
  }
  return undefined;
}
