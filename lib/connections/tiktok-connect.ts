import { and, eq, ne, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { uniqueViolation } from "@/lib/db/errors";
import { connections, oauthTokens } from "@/lib/db/schema";
import type { RequestContext } from "@/lib/auth/context-types";
import { assertCan } from "@/lib/auth/permissions";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import type { WebhookEventType } from "@/lib/connectors/tiktok-shop/api-types";
import { createTikTokShopClient } from "@/lib/connectors/tiktok-shop/client";
import { TikTokShopError } from "@/lib/connectors/tiktok-shop/errors";
import { buildAuthorizeUrl, exchangeAuthCode } from "@/lib/connectors/tiktok-shop/oauth";
import { writeAudit } from "@/lib/workspaces/service";
import { consumeOAuthState, createOAuthState } from "./oauth-state";
import type { TikTokShopSettings, TikTokShopToggles } from "./tiktok-schemas";
import { parseStoredSettings, tiktokShopSettingsSchema } from "./stored-settings";
import { BUYER_REQUEST_DEFAULTS, PRODUCT_PUSH_REGION_NOTE, productPushAllowed, TIKTOK_TOGGLE_DEFAULTS } from "./tiktok-schemas";
import { saveGrantTokens } from "./token-store";
import { createMemoryTokenStore } from "@/lib/connectors/shared/token-store";
import { withJobTransaction } from "@/lib/jobs/transaction";
import { JOBS } from "@/lib/sync/jobs/catalog";

export const TIKTOK_CALLBACK_PATH = "/api/connectors/tiktok-shop/callback";
export const TIKTOK_WEBHOOK_PATH = "/api/webhooks/tiktok-shop";
const SCREEN = "Connectors → TikTok Shop";

/** Events the hub subscribes each shop to. */
export const SUBSCRIBED_EVENTS: readonly WebhookEventType[] = [
  "ORDER_STATUS_CHANGE",
  "CANCELLATION_STATUS_CHANGE",
  "RETURN_STATUS_CHANGE",
  "SELLER_DEAUTHORIZATION",
  "UPCOMING_AUTHORIZATION_EXPIRATION",
] as WebhookEventType[];

export async function startTikTokConnect(db: Db, ctx: RequestContext): Promise<{ authorizeUrl: string }> {
  assertCan(ctx, "connectors:write");
  const t = env().tiktok;
  const state = await createOAuthState(db, ctx, { provider: "tiktok_shop", redirectUri: `${env().appUrl}${TIKTOK_CALLBACK_PATH}` });
  return { authorizeUrl: buildAuthorizeUrl({ authorizeUrl: t.authorizeUrl, serviceId: t.serviceId, state }) };
}

function explain(err: TikTokShopError): string {
  if (err.kind === "network") return "TikTok Shop could not be reached. Try Connect again in a moment.";
  if (err.kind === "deauthorized") return "TikTok Shop refused the authorization. Click Connect and authorize again.";
  return `TikTok Shop refused the authorization: ${err.message}`;
}

/**
 * Finishes Connect: exchanges the code, lists the authorised shops and
 * subscribes each to the hub's webhook (all vendor calls first), then in one
 * transaction stores the seller's token chain once and makes one connection
 * per shop, keeping the toggles of shops connected before. A shop connected
 * to another workspace stops the whole Connect (a unique index backs this).
 */
export async function completeTikTokConnect(db: Db, ctx: RequestContext, params: URLSearchParams): Promise<{ shops: string[] }> {
  assertCan(ctx, "connectors:write");
  await consumeOAuthState(db, ctx, "tiktok_shop", params.get("state"));
  const error = params.get("error");
  if (error) {
    throw new AppError(
      "connector_error",
      error === "auth_denied"
        ? "Authorization was cancelled on TikTok Shop. Your connected shops (if any) are unchanged."
        : "TikTok Shop did not authorize the app. Click Connect and choose Authorize.",
      undefined,
      SCREEN,
      error === "auth_denied" ? "denied" : "failed",
    );
  }
  const code = params.get("code");
  if (!code) throw new AppError("connector_error", "TikTok Shop sent no authorization code. Click Connect again.", undefined, SCREEN, "failed");
  const t = env().tiktok;
  try {
    const tokenStore = createMemoryTokenStore(await exchangeAuthCode({ authBaseUrl: t.authUrl, appKey: t.appKey, appSecret: t.appSecret, code }));
    const client = createTikTokShopClient({ apiBaseUrl: t.apiUrl, authBaseUrl: t.authUrl, appKey: t.appKey, appSecret: t.appSecret, tokenStore });
    const shops = await client.getAuthorizedShops();
    if (shops.length === 0) throw new AppError("connector_error", "The authorization covers no shop. Authorize at least one shop.", undefined, SCREEN, "no_shop");
    for (const shop of shops) await assertShopFree(db, ctx.workspaceId, shop.id, shop.name);
    const webhooks = new Map<string, { ok: boolean; message?: string }>();
    for (const shop of shops) webhooks.set(shop.id, await subscribeShop(client, shop.cipher));
    const tokens = (await tokenStore.get())!;

    await db.transaction(async (tx) => {
      const subject = String(tokens.extra?.openId ?? tokens.extra?.sellerName ?? "seller");
      const tokenId = await saveGrantTokens(tx, { workspaceId: ctx.workspaceId, provider: "tiktok_shop", subject, tokens });
      for (const shop of shops) {
        const [existing] = await tx
          .select()
          .from(connections)
          .where(and(eq(connections.workspaceId, ctx.workspaceId), eq(connections.provider, "tiktok_shop"), eq(connections.externalId, shop.id)));
        const before = existing ? parseStoredSettings(tiktokShopSettingsSchema, existing.settings, SCREEN) : {};
        const hook = webhooks.get(shop.id)!;
        const settings: TikTokShopSettings = {
          ...TIKTOK_TOGGLE_DEFAULTS,
          ...BUYER_REQUEST_DEFAULTS,
          ...before,
          shopName: shop.name,
          region: shop.region,
          cipher: shop.cipher,
          shopCode: shop.code,
          sellerType: shop.seller_type,
          webhooksRegistered: hook.ok,
        };
        if (!productPushAllowed(shop.region)) settings.pushProducts = false;
        const values = {
          displayName: shop.name,
          settings: settings as Record<string, unknown>,
          oauthTokenId: tokenId,
          status: "connected" as const,
          statusMessage: hook.ok ? null : "Connected, but TikTok Shop refused the webhook subscription, so changes arrive only when orders are pulled. Click Reconnect to try again.",
          connectedAt: sql`now()`,
          updatedAt: sql`now()`,
        };
        const [row] = existing
          ? await tx.update(connections).set(values).where(eq(connections.id, existing.id)).returning({ id: connections.id })
          : await tx
              .insert(connections)
              .values({ workspaceId: ctx.workspaceId, provider: "tiktok_shop", externalId: shop.id, ...values })
              .returning({ id: connections.id });
        await writeAudit(tx, ctx, "connection.tiktok_shop.connect", row!.id, { shopId: shop.id, region: shop.region });
      }
    });
    return { shops: shops.map((s) => s.name) };
  } catch (err) {
    if (err instanceof TikTokShopError) throw new AppError("connector_error", explain(err), undefined, SCREEN, "failed");
    if (uniqueViolation(err) === "connections_connected_shop_idx") {
      throw new AppError("conflict", "A shop of this authorization was just connected to another OrderBridge workspace. Disconnect it there first.", undefined, SCREEN, "shop_taken");
    }
    if (uniqueViolation(err) !== null) throw new AppError("conflict", "Another Connect for these shops finished at the same time. Reload the page.", undefined, SCREEN);
    throw err;
  }
}

/** Refuses a shop that another workspace has connected (a disconnected or deauthorized row there does not count). */
async function assertShopFree(db: Db, workspaceId: string, shopId: string, shopName: string) {
  const [elsewhere] = await db
    .select({ id: connections.id })
    .from(connections)
    .where(
      and(eq(connections.provider, "tiktok_shop"), eq(connections.externalId, shopId), eq(connections.status, "connected"), ne(connections.workspaceId, workspaceId)),
    );
  if (elsewhere) {
    throw new AppError("conflict", `The shop ${shopName} is already connected to another OrderBridge workspace. Disconnect it there first.`, undefined, SCREEN, "shop_taken");
  }
}

async function subscribeShop(client: ReturnType<typeof createTikTokShopClient>, cipher: string): Promise<{ ok: boolean; message?: string }> {
  const address = `${env().appUrl}${TIKTOK_WEBHOOK_PATH}`;
  const shopClient = client.forShop(cipher);
  try {
    for (const eventType of SUBSCRIBED_EVENTS) await shopClient.updateShopWebhook({ eventType, address });
    return { ok: true };
  } catch (err) {
    logger.warn("tiktok webhook registration failed", { err });
    return { ok: false, message: err instanceof Error ? err.message : String(err) };
  }
}

export async function updateTikTokShopToggles(db: Db, ctx: RequestContext, input: TikTokShopToggles) {
  assertCan(ctx, "connectors:write");
  const [row] = await db
    .select()
    .from(connections)
    .where(and(eq(connections.workspaceId, ctx.workspaceId), eq(connections.id, input.connectionId), eq(connections.provider, "tiktok_shop")));
  if (!row) throw new AppError("not_found", "That TikTok shop is not connected to this workspace.");
  if (row.status !== "connected") throw new AppError("validation", "This shop is not connected. Click Reconnect first.", undefined, SCREEN);
  const settings = parseStoredSettings(tiktokShopSettingsSchema, row.settings, SCREEN);
  if (input.pushProducts && !productPushAllowed(settings.region)) {
    throw new AppError("validation", PRODUCT_PUSH_REGION_NOTE, { pushProducts: [PRODUCT_PUSH_REGION_NOTE] }, SCREEN);
  }
  const pushInventory = input.pushInventory ?? settings.pushInventory;
  const next = { ...settings, pullOrders: input.pullOrders, pushFulfillments: input.pushFulfillments, pushProducts: input.pushProducts, pushInventory };
  await withJobTransaction(db, async (tx) => {
    await tx.db.update(connections).set({ settings: next as Record<string, unknown>, updatedAt: sql`now()` }).where(eq(connections.id, row.id));
    await writeAudit(tx.db, ctx, "connection.tiktok_shop.toggles", row.id, { pullOrders: input.pullOrders, pushFulfillments: input.pushFulfillments, pushProducts: input.pushProducts, pushInventory });
    // Push inventory turned on: read the shop's TikTok warehouses (for their mapping) and send the stock now.
    if (pushInventory && !settings.pushInventory) {
      await tx.enqueue(JOBS.syncLocations, { workspaceId: ctx.workspaceId }, { singletonKey: ctx.workspaceId });
      await tx.enqueue(JOBS.pushInventoryToTikTok, { workspaceId: ctx.workspaceId, connectionId: row.id }, { singletonKey: row.id });
    }
  });
  return { connectionId: row.id };
}

/** Disconnects one shop; the seller's token chain is forgotten once no shop uses it. */
export async function disconnectTikTokShop(db: Db, ctx: RequestContext, connectionId: string) {
  assertCan(ctx, "connectors:write");
  await db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(connections)
      .where(and(eq(connections.workspaceId, ctx.workspaceId), eq(connections.id, connectionId), eq(connections.provider, "tiktok_shop")));
    if (!row) throw new AppError("not_found", "That TikTok shop is not connected to this workspace.");
    await tx
      .update(connections)
      .set({ status: "not_connected", statusMessage: null, oauthTokenId: null, connectedAt: null, updatedAt: sql`now()` })
      .where(eq(connections.id, row.id));
    if (row.oauthTokenId) {
      const [still] = await tx.select({ id: connections.id }).from(connections).where(eq(connections.oauthTokenId, row.oauthTokenId)).limit(1);
      if (!still) await tx.delete(oauthTokens).where(and(eq(oauthTokens.id, row.oauthTokenId), eq(oauthTokens.workspaceId, ctx.workspaceId)));
    }
    await writeAudit(tx, ctx, "connection.tiktok_shop.disconnect", row.id);
  });
}
