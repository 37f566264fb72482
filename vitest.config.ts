import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));
const alias = { "@": root };
// Generated keys of tests go to a temp folder, never the developer's .data/.
// The TikTok sandbox of the Connect test listens where env().tiktok points, on a port of its own.
// The local sandboxes are reached through the merchant-URL guard's operator allow list, as in `npm run dev`.
const testEnv = {
  DATA_DIR: path.join(tmpdir(), "orderbridge-test-data"),
  LOG_LEVEL: "warn",
  TIKTOK_SANDBOX_PORT: "4592",
  OUTBOUND_ALLOWED_HOSTS: "127.0.0.1,localhost",
};
const exclude = ["node_modules/**", ".next/**", ".data/**", "e2e/**"];

export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["**/*.test.ts"],
          exclude: [...exclude, "**/*.int.test.ts"],
          environment: "node",
          env: testEnv,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "int",
          include: ["**/*.int.test.ts"],
          exclude,
          environment: "node",
          env: testEnv,
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Each file gets its own database; files run in parallel on separate workers.
          fileParallelism: true,
          maxWorkers: 2,
        },
      },
    ],
  },
});
