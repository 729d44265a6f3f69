/**
 * `--queue redis://HOST:PORT[/db]` (or rediss:// for TLS, with user:password@ if the server
 * wants them): parsed into connection options, and probed before a study submits or a worker
 * waits — an unreachable, wrong or too old Redis fails within a few seconds naming the URL and
 * the cause, instead of a client retrying silently forever. BullMQ needs Redis ≥ 6.2.
 */

export class RedisUrlError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'RedisUrlError';
  }
}

/** Redis cannot be reached or used at the URL (a runtime failure, not a usage error). */
export class RedisUnreachableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RedisUnreachableError';
  }
}

/** What both ioredis and BullMQ take as connection options. */
export interface RedisConnectionOptions {
  readonly host: string;
  readonly port: number;
  readonly db: number;
  readonly username?: string;
  readonly password?: string;
  readonly tls?: Record<string, never>;
  /** Reconnect after 1, 2, … 5 s (BullMQ's default waits up to 20 s, long after a restarted Redis is back). */
  readonly retryStrategy: (times: number) => number;
}

export interface RedisTarget {
  /** The URL as given, without a password (for messages). */
  readonly url: string;
  readonly options: RedisConnectionOptions;
}

export function parseRedisUrl(text: string): RedisTarget {
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    throw new RedisUrlError(`--queue ${text}: expected a Redis URL redis://HOST:PORT[/db]`);
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw new RedisUrlError(`--queue ${text}: expected redis:// or rediss://, got ${u.protocol}//`);
  if (u.hostname === '') throw new RedisUrlError(`--queue ${text}: no host; expected redis://HOST:PORT[/db]`);
  const port = u.port === '' ? 6379 : Number(u.port);
  const dbText = u.pathname.replace(/^\//, '');
  const db = dbText === '' ? 0 : Number(dbText);
  if (!(Number.isSafeInteger(db) && db >= 0)) throw new RedisUrlError(`--queue ${text}: database '${dbText}' is not an integer ≥ 0`);
  if (u.search !== '' || u.hash !== '') throw new RedisUrlError(`--queue ${text}: expected no query or fragment`);
  const shown = `${u.protocol}//${u.username ? `${decodeURIComponent(u.username)}@` : ''}${u.host}${db !== 0 ? `/${db}` : ''}`;
  const options: RedisConnectionOptions = {
    host: u.hostname.replace(/^\[|\]$/g, ''),
    port,
    db,
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
    retryStrategy: (times) => Math.min(1000 * times, 5000),
  };
  return { url: shown, options };
}

/** Connects once (no retries), checks the server answers and is new enough; throws RedisUnreachableError otherwise. */
export async function probeRedis(t: RedisTarget, timeout_ms = 4000): Promise<{ readonly version: string }> {
  const { Redis } = await import('ioredis');
  const client = new Redis({ ...t.options, lazyConnect: true, connectTimeout: timeout_ms, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  let cause: Error | null = null;
  client.on('error', (e: Error) => {
    cause ??= e;
  });
  const fail = (e: unknown): never => {
    const c = cause ?? (e instanceof Error ? e : new Error(String(e)));
    const code = (c as NodeJS.ErrnoException).code;
    throw new RedisUnreachableError(`cannot reach Redis at ${t.url}: ${c.message}${code && !c.message.includes(code) ? ` (${code})` : ''}`);
  };
  try {
    const timer = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${timeout_ms} ms`)), timeout_ms).unref());
    await Promise.race([client.connect(), timer]).catch(fail);
    const info = await Promise.race([client.info('server'), timer]).catch(fail);
    const version = /redis_version:(\S+)/.exec(info)?.[1] ?? '0';
    const [maj = 0, min = 0] = version.split('.').map(Number);
    if (maj < 6 || (maj === 6 && min < 2)) throw new RedisUnreachableError(`Redis at ${t.url} is version ${version}; BullMQ needs Redis ≥ 6.2`);
    return { version };
  } finally {
    client.disconnect();
  }
}
