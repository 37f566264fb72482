/**
 * Marks connections to the embedded server (the `application_name` in its URL). Its socket server runs every
 * connection in one PGlite session, so what is per-connection on PostgreSQL (named prepared statements) is shared
 * there: lib/db/prepared.ts checks this.
 */
export const EMBEDDED_APPLICATION_NAME = "orderbridge_embedded";

/** Whether a connection string points at the embedded server. */
export function isEmbeddedUrl(url: string): boolean {
  return new RegExp(`[?&]application_name=${EMBEDDED_APPLICATION_NAME}(&|$)`).test(url);
}
