import { test as setup } from "@playwright/test";
import { E2E_USERS, sessionFile, signInViaApi } from "./helpers";

// Signs each seeded person in once per run; specs reuse the saved sessions.
for (const [key, user] of Object.entries(E2E_USERS)) {
  setup(`sign in ${key}`, async ({ playwright, baseURL }) => {
    const request = await playwright.request.newContext({ baseURL });
    await signInViaApi(request, user);
    await request.storageState({ path: sessionFile(user.email) });
    await request.dispose();
  });
}
