export * from "./workspaces";
export * from "./connections";
export * from "./webhooks";
export * from "./rate-limits";
export * from "./orders";
export * from "./sync";
export * from "./products";
export * from "./inventory-sync";
