"use server";

import { z } from "zod";
import { defineAction } from "@/lib/actions/safe-action";
import { dismissException, retryCause, retryException } from "./service-actions";

const retryOne = defineAction({ schema: z.object({ id: z.string().uuid() }), permission: "connectors:write" }, (db, ctx, input) => retryException(db, ctx, input.id));
const retryAll = defineAction({ schema: z.object({ cause: z.string().min(1).max(64) }), permission: "connectors:write" }, (db, ctx, input) => retryCause(db, ctx, input.cause));
const dismiss = defineAction(
  { schema: z.object({ id: z.string().uuid(), reason: z.string().trim().min(3, "Say why you dismiss it (at least 3 characters)").max(500) }), permission: "connectors:write" },
  (db, ctx, input) => dismissException(db, ctx, input),
);

export async function retryExceptionAction(input: unknown) {
  return retryOne(input);
}
export async function retryCauseAction(input: unknown) {
  return retryAll(input);
}
export async function dismissExceptionAction(input: unknown) {
  return dismiss(input);
}
