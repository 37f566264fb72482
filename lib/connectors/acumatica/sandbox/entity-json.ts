import { randomUUID } from "node:crypto";
import type { Contract, EntityDef, WrapperType } from "./contract";

/**
 * Records are kept unwrapped: scalar fields hold plain values, linked entities
 * nested records, detail entities arrays of records. Every record (top-level,
 * linked or detail line) has an `id`; `note` holds the note text.
 */
export type Scalar = string | number | boolean | null;
export interface Rec {
  id: string;
  note?: string;
  [field: string]: unknown;
}

/** A tree of field names parsed from `$expand` / `$select` ("Details,Details/Allocations"). */
export type PathTree = Map<string, PathTree>;

export function parsePathList(raw: string | null): PathTree | null {
  if (raw === null || raw.trim() === "") return null;
  const root: PathTree = new Map();
  for (const item of raw.split(",")) {
    let node = root;
    for (const part of item.trim().split("/").filter(Boolean)) {
      let next = node.get(part);
      if (!next) {
        next = new Map();
        node.set(part, next);
      }
      node = next;
    }
  }
  return root;
}

/** Raised for malformed requests; the REST layer turns it into an HttpError body. */
export class ContractError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly exceptionType = "PX.Api.ContractBased.ContractException",
  ) {
    super(message);
  }
}

function entityDef(contract: Contract, name: string): EntityDef {
  const def = contract.entities.get(name);
  if (!def) throw new ContractError(500, `Entity '${name}' is not defined in the endpoint.`);
  return def;
}

/** Checks `$expand`/`$select` names against the contract (unknown name = KeyNotFoundException, as observed). */
export function validatePathTree(contract: Contract, entity: string, tree: PathTree | null, what: "$expand" | "$select"): void {
  if (!tree) return;
  const def = entityDef(contract, entity);
  for (const [name, sub] of tree) {
    if (what === "$expand" && name === "files") continue;
    const field = def.fields.get(name);
    if (!field) {
      throw new ContractError(
        500,
        `The given key '${name}' was not present in the dictionary.`,
        "System.Collections.Generic.KeyNotFoundException",
      );
    }
    if (field.kind === "value") {
      if (sub.size > 0) throw new ContractError(500, `'${name}' is not an entity.`);
      if (what === "$expand") throw new ContractError(500, `'${name}' cannot be expanded: it is not a linked or detail entity.`);
    } else {
      validatePathTree(contract, field.entity, sub, what);
    }
  }
}

/** Graph (screen class) behind an entity, as used in `_links["files:put"]`. */
const GRAPHS: Record<string, string> = {
  SalesOrder: "PX.Objects.SO.SOOrderEntry",
  Shipment: "PX.Objects.SO.SOShipmentEntry",
  StockItem: "PX.Objects.IN.InventoryItemMaint",
  Customer: "PX.Objects.AR.CustomerMaint",
  Warehouse: "PX.Objects.IN.INSiteMaint",
  InventoryAdjustment: "PX.Objects.IN.INAdjustmentEntry",
};

export function formatDate(ms: number): string {
  return new Date(ms).toISOString().replace("Z", "+00:00");
}

function wrap(type: WrapperType, value: unknown): Record<string, unknown> {
  if (value === null || value === undefined) return {};
  if (type === "DateTimeValue" && typeof value === "number") return { value: formatDate(value) };
  return { value };
}

export interface SerializeOptions {
  expand: PathTree | null;
  select: PathTree | null;
  rowNumber: number;
  selfLink?: string;
}

/**
 * Renders a record as CV4 JSON: wrappers for general fields, system fields,
 * nested entities only when `$expand`ed, fields restricted by `$select`.
 */
export function serializeRecord(contract: Contract, entity: string, rec: Rec, opts: SerializeOptions): Record<string, unknown> {
  const def = entityDef(contract, entity);
  const out: Record<string, unknown> = { id: rec.id, rowNumber: opts.rowNumber, note: { value: rec.note ?? "" } };
  for (const [name, field] of def.fields) {
    if (field.kind === "value") {
      // With $select at this level only the listed fields come back (system fields always do).
      if (opts.select && !opts.select.has(name)) continue;
      if (!(name in rec)) continue;
      out[name] = wrap(field.type, rec[name]);
      continue;
    }
    const expandSub = opts.expand?.get(name);
    if (!expandSub) continue;
    const selectSub = opts.select?.get(name) ?? null;
    const value = rec[name];
    if (field.kind === "linked") {
      if (value && typeof value === "object") {
        out[name] = serializeRecord(contract, field.entity, value as Rec, { expand: expandSub, select: selectSub?.size ? selectSub : null, rowNumber: 1 });
      }
    } else {
      const lines = Array.isArray(value) ? (value as Rec[]) : [];
      out[name] = lines.map((line, i) =>
        serializeRecord(contract, field.entity, line, { expand: expandSub, select: selectSub?.size ? selectSub : null, rowNumber: i + 1 }),
      );
    }
  }
  out.custom = {};
  if (opts.selfLink) {
    const base = opts.selfLink.replace(/\/[^/]+\/[^/]+$/, "");
    out._links = { self: opts.selfLink, "files:put": `${base}/files/${GRAPHS[entity] ?? entity}/Document/${rec.id}/{filename}` };
  }
  return out;
}

/** A PUT body after unwrapping and contract checks. */
export interface Patch {
  id?: string;
  delete?: boolean;
  note?: string;
  values: Map<string, Scalar>;
  linked: Map<string, Patch>;
  details: Map<string, Patch[]>;
}

const SYSTEM_FIELDS = new Set(["id", "rowNumber", "note", "custom", "_links", "error", "files", "delete"]);

function checkType(type: WrapperType, value: unknown, where: string): Scalar {
  if (value === null) return null;
  const bad = () => new ContractError(400, `Error converting value ${JSON.stringify(value)} to type '${type}'. Path '${where}'.`, "Newtonsoft.Json.JsonSerializationException");
  switch (type) {
    case "StringValue":
      if (typeof value !== "string") throw bad();
      return value;
    case "GuidValue":
      if (typeof value !== "string" || !/^[0-9a-f-]{36}$/i.test(value)) throw bad();
      return value.toLowerCase();
    case "BooleanValue":
      if (typeof value !== "boolean") throw bad();
      return value;
    case "DateTimeValue": {
      if (typeof value !== "string" || Number.isNaN(Date.parse(value))) throw bad();
      return Date.parse(value);
    }
    default: {
      const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
      if (typeof n !== "number" || !Number.isFinite(n)) throw bad();
      if (type !== "DecimalValue" && type !== "DoubleValue" && !Number.isInteger(n)) throw bad();
      return n;
    }
  }
}

/**
 * Unwraps a request body against the contract. Unknown fields and wrong value
 * types are rejected (a real instance fails the request rather than ignore them).
 */
export function parsePatch(contract: Contract, entity: string, body: unknown, where = ""): Patch {
  if (!body || typeof body !== "object" || Array.isArray(body)) throw new ContractError(400, `An entity object is expected at '${where || "$"}'.`);
  const def = entityDef(contract, entity);
  const patch: Patch = { values: new Map(), linked: new Map(), details: new Map() };
  for (const [key, raw] of Object.entries(body as Record<string, unknown>)) {
    const at = where ? `${where}.${key}` : key;
    if (SYSTEM_FIELDS.has(key)) {
      if (key === "id" && typeof raw === "string") patch.id = raw.toLowerCase();
      if (key === "delete" && raw === true) patch.delete = true;
      if (key === "note") {
        const v = raw && typeof raw === "object" ? (raw as { value?: unknown }).value : raw;
        if (typeof v === "string") patch.note = v;
      }
      continue;
    }
    const field = def.fields.get(key);
    if (!field) {
      throw new ContractError(500, `The field '${key}' is not defined in the '${entity}' entity of the endpoint.`, "System.Collections.Generic.KeyNotFoundException");
    }
    if (field.kind === "value") {
      if (!raw || typeof raw !== "object" || Array.isArray(raw)) {
        throw new ContractError(400, `A value wrapper object ({"value": …}) is expected for '${at}'.`, "Newtonsoft.Json.JsonSerializationException");
      }
      if (!("value" in raw)) continue;
      patch.values.set(key, checkType(field.type, (raw as { value: unknown }).value, at));
    } else if (field.kind === "linked") {
      patch.linked.set(key, parsePatch(contract, field.entity, raw, at));
    } else {
      if (!Array.isArray(raw)) throw new ContractError(400, `An array is expected for '${at}'.`);
      patch.details.set(key, raw.map((line, i) => parsePatch(contract, field.entity, line, `${at}[${i}]`)));
    }
  }
  return patch;
}

/** Writes a patch onto a record in place: scalars, linked entities, detail append/update/delete. */
export function applyPatch(rec: Rec, patch: Patch, readOnly: ReadonlySet<string> = new Set()): void {
  if (patch.note !== undefined) rec.note = patch.note;
  for (const [k, v] of patch.values) if (!readOnly.has(k)) rec[k] = v;
  for (const [k, sub] of patch.linked) {
    const current = rec[k];
    const target: Rec = current && typeof current === "object" ? (current as Rec) : { id: randomUUID() };
    applyPatch(target, sub);
    rec[k] = target;
  }
  for (const [k, lines] of patch.details) {
    const current = Array.isArray(rec[k]) ? (rec[k] as Rec[]) : [];
    for (const line of lines) {
      const existing = line.id ? current.find((l) => l.id === line.id) : undefined;
      if (line.delete) {
        if (existing) current.splice(current.indexOf(existing), 1);
        continue;
      }
      if (existing) {
        applyPatch(existing, line);
      } else {
        const fresh: Rec = { id: randomUUID() };
        applyPatch(fresh, line);
        current.push(fresh);
      }
    }
    rec[k] = current;
  }
}

/** Reads a `/`-separated field path from a record (linked entities only; detail paths are unsupported, as documented). */
export function readPath(rec: Rec, path: string[]): unknown {
  let cur: unknown = rec;
  for (const part of path) {
    if (!cur || typeof cur !== "object" || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}
