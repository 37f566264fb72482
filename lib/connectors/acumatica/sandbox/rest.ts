import { randomUUID } from "node:crypto";
import { BEHAVIOURS } from "./entities";
import type { Contract } from "./contract";
import { actionParametersEntity } from "./contract";
import type { Patch, PathTree, Rec } from "./entity-json";
import { ContractError, applyPatch, parsePatch, parsePathList, readPath, serializeRecord, validatePathTree } from "./entity-json";
import { FilterSyntaxError, equalityAlternatives, evaluateFilter, listFilterFields, parseFilter } from "./filter";
import type { FilterNode } from "./filter";
import type { HttpAnswer } from "./identity";
import type { FieldError } from "./rules";
import { BusinessError, str } from "./rules";
import type { Store } from "./store";
import { findById, findByKeys, listRecords } from "./store";

export interface RestRequest {
  method: string;
  /** Path segments after `/entity/{endpoint}/{version}/`. */
  segments: string[];
  query: URLSearchParams;
  headers: Record<string, string | undefined>;
  body: unknown;
  /** `/AcumaticaERP/entity/Default/24.200.001` */
  basePath: string;
  /**
   * Fault `slowCommitMs`: a PUT is validated at once but its record is stored (and the answer
   * sent) only this much later — a save still running, invisible to other requests meanwhile.
   */
  commitDelayMs?: number;
}

export interface ActionRunner {
  /** 0 = actions finish within the request (204); otherwise 202 + Location until done. */
  durationMs: () => number;
}

interface PendingAction {
  state: "running" | "done" | "failed";
  error?: HttpAnswer;
  location: string;
}

export function httpError(status: number, exceptionMessage: string, exceptionType = "PX.Data.PXException"): HttpAnswer {
  return { status, json: { message: "An error has occurred.", exceptionMessage, exceptionType, stackTrace: "" } };
}

/** A PXException raised by business logic, as the contract API renders it (message prefixed "Error: "). */
export const businessError = (err: BusinessError) => httpError(500, `Error: ${err.message}`, err.exceptionType);

export const noEntity = () => httpError(500, "No entity satisfies the condition.", "PX.Api.ContractBased.NoEntitySatisfiesTheConditionException");

export const noResource = (uri: string): HttpAnswer => ({ status: 404, json: { message: `No HTTP resource was found that matches the request URI '${uri}'.` } });

function setErrorAt(echo: Record<string, unknown>, path: Array<string | number>, message: string): void {
  let cur: unknown = echo;
  for (let i = 0; i < path.length; i++) {
    const key = path[i] as string | number;
    const last = i === path.length - 1;
    const container = cur as Record<string | number, unknown>;
    if (last) {
      const wrapper = container[key] && typeof container[key] === "object" ? (container[key] as Record<string, unknown>) : {};
      wrapper.error = message;
      container[key] = wrapper;
      return;
    }
    if (container[key] === undefined || container[key] === null || typeof container[key] !== "object") container[key] = typeof path[i + 1] === "number" ? [] : {};
    cur = container[key];
  }
}

/** A 422 body: the entity as sent, with `error` on each failing field and a top-level summary. */
function validationAnswer(entity: string, body: unknown, rec: Rec, errors: FieldError[], inserting: boolean, basePath: string, entityError?: string): HttpAnswer {
  const echo: Record<string, unknown> = { id: rec.id, rowNumber: 1, ...(body && typeof body === "object" ? structuredClone(body as Record<string, unknown>) : {}) };
  const display = BEHAVIOURS[entity]?.displayName ?? entity;
  echo.error = entityError ?? `${inserting ? "Inserting" : "Updating"} '${display}' record raised at least one error. Please review the errors.`;
  for (const e of errors) setErrorAt(echo, e.path, e.message);
  echo._links = { self: `${basePath}/${entity}/${rec.id}` };
  return { status: 422, json: echo };
}

function readQueryTrees(contract: Contract, entity: string, query: URLSearchParams): { expand: PathTree | null; select: PathTree | null; filter: FilterNode | null } {
  const expand = parsePathList(query.get("$expand"));
  const select = parsePathList(query.get("$select"));
  validatePathTree(contract, entity, expand, "$expand");
  validatePathTree(contract, entity, select, "$select");
  // A nested $select path needs its entity expanded too.
  for (const [name, sub] of select ?? []) {
    if (sub.size > 0 && !expand?.has(name)) throw new ContractError(500, `The '${name}' entity must be specified in $expand to be used in $select.`);
  }
  const raw = query.get("$filter");
  let filter: FilterNode | null = null;
  if (raw) {
    try {
      filter = parseFilter(raw);
    } catch (err) {
      if (err instanceof FilterSyntaxError) throw new ContractError(400, `The $filter parameter is invalid: ${err.message}`, "Microsoft.Data.OData.ODataException");
      throw err;
    }
    for (const path of listFilterFields(filter)) checkFilterPath(contract, entity, path);
  }
  return { expand, select, filter };
}

function checkFilterPath(contract: Contract, entity: string, path: string[]): void {
  let def = contract.entities.get(entity);
  for (let i = 0; i < path.length; i++) {
    const field = def?.fields.get(path[i] ?? "");
    if (!field) throw new ContractError(500, `The given key '${path[i]}' was not present in the dictionary.`, "System.Collections.Generic.KeyNotFoundException");
    if (i === path.length - 1) return;
    if (field.kind !== "linked") throw new ContractError(500, `Filtering by the detail entity '${path[i]}' is not supported.`);
    def = contract.entities.get(field.entity);
  }
}

function locateByUrl(store: Store, entity: string, keysOrId: string[]): Rec | undefined {
  const parts = keysOrId.flatMap((s) => s.split("|")).map((s) => decodeURIComponent(s));
  const first = parts[0] ?? "";
  if (parts.length === 1 && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(first)) {
    const byId = findById(store, entity, first);
    if (byId) return byId;
  }
  const keys = BEHAVIOURS[entity]?.keys ?? [];
  if (keys.length === 0 || parts.length !== keys.length) return undefined;
  return findByKeys(store, entity, Object.fromEntries(keys.map((k, i) => [k, parts[i]])));
}

function locateByPatch(store: Store, entity: string, patch: Patch): Rec | undefined {
  if (patch.id) return findById(store, entity, patch.id);
  const keys = BEHAVIOURS[entity]?.keys ?? [];
  if (keys.length === 0 || !keys.every((k) => patch.values.get(k))) return undefined;
  return findByKeys(store, entity, Object.fromEntries(keys.map((k) => [k, patch.values.get(k)])));
}

function stamp(store: Store, entity: string, rec: Rec): void {
  const now = store.now();
  for (const f of BEHAVIOURS[entity]?.modifiedFields ?? []) rec[f] = now;
}

export function createRestHandler(store: () => Store, contract: Contract, actions: ActionRunner) {
  const pending = new Map<string, PendingAction>();

  function render(entity: string, rec: Rec, basePath: string, trees: { expand: PathTree | null; select: PathTree | null }, rowNumber = 1) {
    return serializeRecord(contract, entity, rec, { ...trees, rowNumber, selfLink: `${basePath}/${entity}/${rec.id}` });
  }

  function list(req: RestRequest, entity: string): HttpAnswer {
    const trees = readQueryTrees(contract, entity, req.query);
    let rows = listRecords(store(), entity);
    if (trees.filter) {
      const f = trees.filter;
      const alternatives = equalityAlternatives(f);
      if (alternatives) {
        // Same answer as evaluating the chain (string equality is case-insensitive there too), in one set look-up.
        rows = rows.filter((r) => {
          const v = readPath(r, alternatives.path);
          return typeof v === "string" && alternatives.values.has(v.toLowerCase());
        });
      } else rows = rows.filter((r) => evaluateFilter(f, (path) => readPath(r, path)));
    }
    const skip = Number(req.query.get("$skip") ?? 0) || 0;
    const top = req.query.get("$top");
    rows = rows.slice(skip, top !== null ? skip + (Number(top) || 0) : undefined);
    return { status: 200, json: rows.map((r, i) => render(entity, r, req.basePath, trees, i + 1)) };
  }

  function put(req: RestRequest, entity: string): HttpAnswer | Promise<HttpAnswer> {
    const s = store();
    const behaviour = BEHAVIOURS[entity];
    const trees = readQueryTrees(contract, entity, req.query);
    const patch = parsePatch(contract, entity, req.body);
    if (behaviour?.inquiry) {
      const input: Rec = { id: randomUUID() };
      applyPatch(input, patch);
      const { result, errors } = behaviour.inquiry(s, input, patch);
      if (errors.length > 0) return validationAnswer(entity, req.body, input, errors, false, req.basePath, `${behaviour.displayName} raised at least one error. Please review the errors.`);
      return { status: 200, json: render(entity, result, req.basePath, trees) };
    }
    if (!behaviour) return httpError(500, `The sandbox does not implement the '${entity}' entity.`);
    const delay = req.commitDelayMs ?? 0;
    // A slow save answers late whatever its outcome; the timer is not tied to the connection.
    const later = (answer: () => HttpAnswer): HttpAnswer | Promise<HttpAnswer> => (delay > 0 ? new Promise((resolve) => setTimeout(() => resolve(answer()), delay)) : answer());
    let found = locateByPatch(s, entity, patch);
    if (!found && trees.filter) {
      const f = trees.filter;
      found = listRecords(s, entity).find((r) => evaluateFilter(f, (path) => readPath(r, path)));
    }
    if (req.headers["if-none-match"] === "*" && found) return httpError(412, `The record already exists.`, "PX.Api.ContractBased.PreconditionFailedException");
    if (req.headers["if-match"] === "*" && !found) return httpError(412, `The record does not exist.`, "PX.Api.ContractBased.PreconditionFailedException");
    const isNew = !found;
    const rec: Rec = found ? structuredClone(found) : { id: randomUUID() };
    applyPatch(rec, patch, isNew ? new Set(behaviour.readOnly?.filter((f) => !behaviour.keys.includes(f))) : new Set([...(behaviour.readOnly ?? []), ...behaviour.keys]));
    const numbered = behaviour.numberedKey;
    if (isNew && numbered && (!str(rec[numbered]) || rec[numbered] === "<NEW>")) rec[numbered] = "<NEW>";
    let errors: FieldError[];
    try {
      errors = behaviour.prepare?.({ store: s, request: patch, isNew, previous: found }, rec) ?? [];
    } catch (err) {
      if (err instanceof BusinessError) {
        const message = err.message;
        return later(() => validationAnswer(entity, req.body, rec, [], isNew, req.basePath, message));
      }
      throw err;
    }
    if (isNew) {
      const missing = behaviour.keys.filter((k) => !rec[k]);
      for (const k of missing) errors.push({ path: [k], message: `'${k}' cannot be empty.` });
    }
    if (errors.length > 0) return later(() => validationAnswer(entity, req.body, rec, errors, isNew, req.basePath));
    const commit = (): HttpAnswer => {
      if (isNew) behaviour.assignNumber?.(s, rec);
      stamp(s, entity, rec);
      const table = listRecords(s, entity);
      const i = table.findIndex((r) => r.id === rec.id);
      if (i >= 0) table[i] = rec;
      else table.push(rec);
      behaviour.afterSave?.(s, rec);
      return { status: 200, json: render(entity, rec, req.basePath, trees) };
    };
    return later(commit);
  }

  function runAction(req: RestRequest, entity: string, action: string): HttpAnswer {
    const s = store();
    const behaviour = BEHAVIOURS[entity];
    const handler = behaviour?.actions?.[action];
    if (!handler) return httpError(500, `The sandbox does not implement the '${action}' action.`);
    const body = (req.body ?? {}) as { entity?: unknown; parameters?: unknown };
    const target = parsePatch(contract, entity, body.entity ?? {}, "entity");
    const parameters = body.parameters ? parsePatch(contract, actionParametersEntity(entity, action), body.parameters, "parameters") : undefined;
    const rec = locateByPatch(s, entity, target);
    if (req.headers["if-match"] === "*" && !rec) return httpError(412, "The record does not exist.", "PX.Api.ContractBased.PreconditionFailedException");
    if (!rec) return noEntity();
    const execute = () => {
      const current = findById(s, entity, rec.id);
      if (!current) throw new BusinessError("No entity satisfies the condition.");
      const draft = structuredClone(current);
      handler(s, draft, parameters);
      stamp(s, entity, draft);
      const table = listRecords(s, entity);
      const i = table.findIndex((r) => r.id === draft.id);
      if (i >= 0) table[i] = draft;
    };
    const duration = actions.durationMs();
    if (duration <= 0) {
      try {
        execute();
      } catch (err) {
        if (err instanceof BusinessError) return businessError(err);
        throw err;
      }
      return { status: 204 };
    }
    const id = randomUUID();
    const location = `${req.basePath}/${entity}/${action}/status/${id}`;
    const op: PendingAction = { state: "running", location };
    pending.set(id, op);
    setTimeout(() => {
      try {
        execute();
        op.state = "done";
      } catch (err) {
        op.state = "failed";
        op.error = err instanceof BusinessError ? businessError(err) : httpError(500, err instanceof Error ? err.message : String(err), "System.Exception");
      }
    }, duration).unref();
    return { status: 202, headers: { Location: location } };
  }

  function actionStatus(id: string): HttpAnswer {
    const op = pending.get(id.toLowerCase());
    if (!op) return httpError(500, "The long-running operation with the specified ID was not found.", "PX.Api.ContractBased.OperationNotFoundException");
    if (op.state === "running") return { status: 202, headers: { Location: op.location } };
    if (op.state === "failed") return op.error ?? httpError(500, "The operation failed.");
    return { status: 204 };
  }

  function adHocSchema(entity: string): HttpAnswer {
    const def = contract.entities.get(entity);
    const out: Record<string, unknown> = { id: randomUUID(), rowNumber: 1, note: { value: "" } };
    for (const [name, field] of def?.fields ?? []) {
      if (field.kind === "value") out[name] = { type: field.type, value: null };
      else if (field.kind === "linked") out[name] = {};
      else out[name] = [];
    }
    out.custom = {};
    return { status: 200, json: out };
  }

  return function handle(req: RestRequest): HttpAnswer | Promise<HttpAnswer> {
    const [entity, second, third, fourth] = req.segments;
    const uri = `${req.basePath}/${req.segments.join("/")}`;
    if (!entity) return noResource(uri);
    if (entity === "swagger.json" && req.method === "GET") return { status: 200, json: contract.swagger };
    if (!contract.topLevel.has(entity)) return noResource(uri);
    try {
      if (req.segments.length === 1) {
        if (req.method === "GET") return list(req, entity);
        if (req.method === "PUT") return put(req, entity);
        return { status: 405, json: { message: "The requested resource does not support this HTTP method." } };
      }
      if (second === "$adHocSchema" && req.method === "GET") return adHocSchema(entity);
      const isAction = second !== undefined && contract.actions.get(entity)?.has(second);
      if (isAction && req.method === "POST" && req.segments.length === 2) return runAction(req, entity, second);
      if (isAction && third === "status" && fourth && req.method === "GET") return actionStatus(fourth);
      if (req.method === "POST") return { status: 404, json: { message: `The action '${second}' was not found.` } };
      const rec = locateByUrl(store(), entity, req.segments.slice(1));
      if (req.method === "GET") {
        if (!rec) return noEntity();
        return { status: 200, json: render(entity, rec, req.basePath, readQueryTrees(contract, entity, req.query)) };
      }
      if (req.method === "DELETE") {
        if (!rec) return noEntity();
        const table = listRecords(store(), entity);
        table.splice(table.indexOf(rec), 1);
        return { status: 204 };
      }
      return { status: 405, json: { message: "The requested resource does not support this HTTP method." } };
    } catch (err) {
      if (err instanceof ContractError) return httpError(err.status, err.message, err.exceptionType);
      if (err instanceof BusinessError) return businessError(err);
      throw err;
    }
  };
}
