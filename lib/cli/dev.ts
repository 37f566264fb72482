import { launch } from "./launch";

// `npm run dev`: embedded database (unless DATABASE_URL), sandboxes, worker, next dev.
void launch({ mode: "dev", withSandboxes: true, withWorker: true }).catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
