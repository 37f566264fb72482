import type { JobDefinition } from "@/lib/jobs/define-job";
import { processTikTokWebhook } from "./tiktok-process-webhook";

/** Every background job, declared once each in this folder. The worker registers all of them. */
export const JOB_REGISTRY: readonly JobDefinition[] = [processTikTokWebhook as unknown as JobDefinition];
