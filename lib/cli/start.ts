import { assertProductionEnv } from "@/lib/env";
import { launch } from "./launch";

// `npm start`: a production build (`npm run build` first) on DATABASE_URL or the embedded default.
// The queue worker runs separately (`npm run worker`, on any number of machines).
try {
  assertProductionEnv();
} catch (err) {
  console.error(`\n✖ ${(err as Error).message}\n`);
  process.exit(1);
}
void launch({ mode: "start", withSandboxes: false, withWorker: false }).catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
