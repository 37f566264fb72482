export * from "./workspaces";
export * from "./connections";
export * from "./webhooks";
export * from "./rate-limits";
