import type { JobDefinition } from "@/lib/jobs/define-job";
import { keepTokensFreshJob } from "./keep-tokens-fresh";
import { processTikTokWebhook } from "./tiktok-process-webhook";

/** Every background job, declared once each in this folder. The worker registers all of them. */
export const JOB_REGISTRY: readonly JobDefinition[] = [processTikTokWebhook, keepTokensFreshJob] as unknown as JobDefinition[];
