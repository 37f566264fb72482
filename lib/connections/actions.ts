"use server";

import { z } from "zod";
import { defineAction } from "@/lib/actions/safe-action";
import { disconnectAcumatica, startAcumaticaConnect } from "./acumatica-connect";
import { testAcumaticaConnection } from "./acumatica-test";
import { acumaticaConnectionSchema } from "./schemas";
import { saveAcumaticaConnection } from "./service";
import { updateTikTokBuyerRequests } from "./tiktok-buyer-requests";
import { disconnectTikTokShop, startTikTokConnect, updateTikTokShopToggles } from "./tiktok-connect";
import { tiktokBuyerRequestsSchema, tiktokShopTogglesSchema } from "./tiktok-schemas";

const none = z.object({}).optional();

const saveAcumatica = defineAction({ schema: acumaticaConnectionSchema, permission: "connectors:write" }, saveAcumaticaConnection);
const connectAcumatica = defineAction({ schema: none, permission: "connectors:write" }, (db, ctx) => startAcumaticaConnect(db, ctx));
const testAcumatica = defineAction({ schema: none, permission: "connectors:write" }, (db, ctx) => testAcumaticaConnection(db, ctx));
const disconnectAcu = defineAction({ schema: none, permission: "connectors:write" }, (db, ctx) => disconnectAcumatica(db, ctx));

const connectTikTok = defineAction({ schema: none, permission: "connectors:write" }, (db, ctx) => startTikTokConnect(db, ctx));
const disconnectTikTok = defineAction({ schema: z.object({ connectionId: z.string().uuid() }), permission: "connectors:write" }, (db, ctx, input) =>
  disconnectTikTokShop(db, ctx, input.connectionId),
);
const saveTikTokToggles = defineAction({ schema: tiktokShopTogglesSchema, permission: "connectors:write" }, updateTikTokShopToggles);
const saveTikTokBuyerRequests = defineAction({ schema: tiktokBuyerRequestsSchema, permission: "connectors:write" }, updateTikTokBuyerRequests);

export async function saveAcumaticaConnectionAction(input: unknown) {
  return saveAcumatica(input);
}
export async function connectAcumaticaAction() {
  return connectAcumatica({});
}
export async function testAcumaticaConnectionAction() {
  return testAcumatica({});
}
export async function disconnectAcumaticaAction() {
  return disconnectAcu({});
}
export async function connectTikTokShopAction() {
  return connectTikTok({});
}
export async function disconnectTikTokShopAction(input: unknown) {
  return disconnectTikTok(input);
}
export async function saveTikTokShopTogglesAction(input: unknown) {
  return saveTikTokToggles(input);
}
export async function saveTikTokBuyerRequestsAction(input: unknown) {
  return saveTikTokBuyerRequests(input);
}
