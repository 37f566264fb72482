"use server";

import { cookies } from "next/headers";
import { z } from "zod";
import { defineAction } from "@/lib/actions/safe-action";
import { env } from "@/lib/env";
import { FLASH_COOKIE, flashCookieOptions } from "./flash";

const clearFlash = defineAction({ schema: z.object({}).optional() }, async () => {
  (await cookies()).set(FLASH_COOKIE, "", { ...flashCookieOptions(env().appUrl), maxAge: 0 });
});

/** Forgets the flash once the screen has shown it, so a reload does not show it again. */
export async function clearFlashAction() {
  return clearFlash({});
}
