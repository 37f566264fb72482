"use server";

import { defineAction } from "@/lib/actions/safe-action";
import { saveChannelSkuSchema } from "./schemas";
import { saveChannelSku } from "./service";

const save = defineAction({ schema: saveChannelSkuSchema, permission: "connectors:write" }, saveChannelSku);

/** Channel Options → Acumatica row → Channel SKU. */
export async function saveChannelSkuAction(input: unknown) {
  return save(input);
}
