import type { NextConfig } from "next";
import { API_CONTENT_SECURITY_POLICY, STATIC_SECURITY_HEADERS } from "./lib/security/headers";

const nextConfig: NextConfig = {
  // Server-only packages that must not be bundled (native bindings, wasm, worker threads).
  serverExternalPackages: ["pg", "pg-boss", "@electric-sql/pglite", "@electric-sql/pglite-socket"],
  poweredByHeader: false,
  // The dev server logs request URLs with their query; OAuth callbacks carry authorization codes there.
  logging: {
    incomingRequests: { ignore: [/\/api\/connectors\/[^/]+\/callback/, /\/sign-in\?callbackUrl=/] },
    // The dev server otherwise prints every server action call with its arguments: secrets, passwords.
    serverFunctions: false,
  },
  async headers() {
    return [
      { source: "/:path*", headers: STATIC_SECURITY_HEADERS },
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: API_CONTENT_SECURITY_POLICY }] },
    ];
  },
  typedRoutes: false,
  // `npm run check` type-checks the whole project (tests and scripts included); the build need not repeat it.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
