import { launch } from "./launch";

// `npm start`: a production build (`npm run build` first) on DATABASE_URL or the embedded default.
// The queue worker runs separately (`npm run worker`, on any number of machines).
void launch({ mode: "start", withSandboxes: false, withWorker: false }).catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
