import type { Patch, Rec } from "./entity-json";
import type { FieldError } from "./rules";
import type { Store } from "./store";

export interface SaveContext {
  store: Store;
  request: Patch;
  isNew: boolean;
  /** The record before this request (undefined on insert). */
  previous: Rec | undefined;
}

/** How one top-level entity behaves beyond generic create-or-update. */
export interface EntityBehaviour {
  keys: string[];
  /** Label used in messages ("Inserting 'Sales Order' record raised…"). */
  displayName: string;
  /** Fields a client cannot set (silently ignored, as Acumatica ignores non-settable fields). */
  readOnly?: string[];
  /** Fields stamped with the save time. */
  modifiedFields?: string[];
  /** Auto-numbered key: `<NEW>` until the record is saved. */
  numberedKey?: string;
  /** Assigns the auto-numbered key when an insert is saved (a refused insert uses no number). */
  assignNumber?(store: Store, rec: Rec): void;
  /** Validates and derives fields on the record being saved (already patched); returns field errors. */
  prepare?(ctx: SaveContext, rec: Rec): FieldError[];
  /** Side effects on other records once the save is committed. */
  afterSave?(store: Store, rec: Rec): void;
  /** Read-only inquiry entities: PUT computes a result instead of saving. */
  inquiry?(store: Store, input: Rec, request: Patch): { result: Rec; errors: FieldError[] };
  /** Actions; they mutate the store and throw BusinessError when not allowed. */
  actions?: Record<string, (store: Store, rec: Rec, parameters: Patch | undefined) => void>;
}
