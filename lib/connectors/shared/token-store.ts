/**
 * Token storage contract shared by every OAuth connector.
 *
 * A token chain (access + refresh token of one connection) may be used by many
 * worker processes at once. Only one of them may refresh it at a time: refresh
 * tokens rotate, so a second concurrent refresh would present a dead token and
 * break the chain. `withRefreshLock` is the single place where that is enforced;
 * the database implementation takes a lease on the chain's row (no transaction
 * is held across the vendor call), the memory one a promise chain.
 */
export interface OAuthTokens {
  accessToken: string;
  refreshToken: string | null;
  /** When the access token stops working. */
  accessExpiresAt: Date;
  /** When the refresh token (or the whole chain) stops working, if known. */
  refreshExpiresAt: Date | null;
  scope?: string | null;
  /** Vendor extras worth keeping (open_id, seller name, id_token…). Never secrets beyond the tokens. */
  extra?: Record<string, string | number | boolean | null>;
}

export interface TokenStore {
  /** Current tokens, or null when the connection has none (never connected, or disconnected). */
  get(): Promise<OAuthTokens | null>;
  /**
   * Runs `refresh` while holding an exclusive, cross-process lock on this chain.
   * `refresh` receives the tokens as re-read under the lock (another process may
   * have refreshed meanwhile) and returns the tokens to persist, or `null` to keep
   * what is stored. Resolves to the tokens stored when the lock is released.
   */
  withRefreshLock(refresh: (current: OAuthTokens | null) => Promise<OAuthTokens | null>): Promise<OAuthTokens | null>;
  /** Forget the tokens (disconnect, or the vendor revoked them). */
  clear(): Promise<void>;
}

/** In-process token store for tests and one-off scripts. */
export function createMemoryTokenStore(initial: OAuthTokens | null = null): TokenStore {
  let tokens = initial;
  let lock: Promise<unknown> = Promise.resolve();
  return {
    async get() {
      return tokens;
    },
    async withRefreshLock(refresh) {
      const run = lock.then(async () => {
        const next = await refresh(tokens);
        if (next) tokens = next;
        return tokens;
      });
      lock = run.catch(() => undefined);
      return run;
    },
    async clear() {
      tokens = null;
    },
  };
}

/** True when the access token is missing or expires within `skewMs`. */
export function accessTokenNeedsRefresh(tokens: OAuthTokens | null, now = Date.now(), skewMs = 60_000): boolean {
  return !tokens || tokens.accessExpiresAt.getTime() - skewMs <= now;
}
