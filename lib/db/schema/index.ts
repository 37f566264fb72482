export * from "./workspaces";
export * from "./connections";
