/**
 * A server table's paging, sorting and filtering, read from and written to the
 * URL query (`?page=2&size=50&sort=-receivedAt&f.status=failed`). Pages read it
 * with `parseDataTableParams(searchParams, …)` to build their query; the client
 * writes it with `useDataTableUrlState`. Only listed columns are accepted, so a
 * URL can never ask the database to sort or filter on anything else.
 */

export interface DataTableSort {
  id: string;
  desc: boolean;
}

export interface DataTableFilter {
  id: string;
  value: string;
}

export interface DataTableQuery {
  /** 0-based. */
  pageIndex: number;
  pageSize: number;
  sorting: DataTableSort[];
  filters: DataTableFilter[];
}

export interface DataTableParamsOptions {
  sortable: readonly string[];
  filterable: readonly string[];
  pageSizes: readonly number[];
  defaultSort?: DataTableSort[];
}

type SearchParamsLike = URLSearchParams | Record<string, string | string[] | undefined>;

const FILTER_PREFIX = "f.";
const MAX_PAGE_INDEX = 1_000_000;
const MAX_FILTER_LENGTH = 200;

function read(params: SearchParamsLike, key: string): string | undefined {
  if (params instanceof URLSearchParams) return params.get(key) ?? undefined;
  const v = params[key];
  return Array.isArray(v) ? v[0] : v;
}

function keys(params: SearchParamsLike): string[] {
  return params instanceof URLSearchParams ? [...new Set(params.keys())] : Object.keys(params);
}

export function parseDataTableParams(params: SearchParamsLike, opts: DataTableParamsOptions): DataTableQuery {
  const defaultSize = opts.pageSizes[0] ?? 25;
  const size = Number(read(params, "size"));
  const pageSize = opts.pageSizes.includes(size) ? size : defaultSize;
  const page = Number(read(params, "page"));
  const pageIndex = Number.isInteger(page) && page >= 1 ? Math.min(page - 1, MAX_PAGE_INDEX) : 0;

  const sorting: DataTableSort[] = [];
  for (const part of (read(params, "sort") ?? "").split(",")) {
    const desc = part.startsWith("-");
    const id = desc ? part.slice(1) : part;
    if (opts.sortable.includes(id) && !sorting.some((s) => s.id === id)) sorting.push({ id, desc });
  }

  const filters: DataTableFilter[] = [];
  for (const key of keys(params)) {
    if (!key.startsWith(FILTER_PREFIX)) continue;
    const id = key.slice(FILTER_PREFIX.length);
    const value = read(params, key)?.trim();
    if (opts.filterable.includes(id) && value) filters.push({ id, value: value.slice(0, MAX_FILTER_LENGTH) });
  }

  return { pageIndex, pageSize, sorting: sorting.length ? sorting : (opts.defaultSort ?? []), filters };
}

/** The query string of `query`, keeping unrelated parameters of `base`; defaults are left out so URLs stay short. */
export function dataTableSearchParams(query: DataTableQuery, opts: DataTableParamsOptions, base?: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams(base);
  for (const key of [...out.keys()]) if (key === "page" || key === "size" || key === "sort" || key.startsWith(FILTER_PREFIX)) out.delete(key);
  if (query.pageIndex > 0) out.set("page", String(query.pageIndex + 1));
  if (query.pageSize !== (opts.pageSizes[0] ?? 25)) out.set("size", String(query.pageSize));
  const sort = query.sorting.map((s) => `${s.desc ? "-" : ""}${s.id}`).join(",");
  const defaultSort = (opts.defaultSort ?? []).map((s) => `${s.desc ? "-" : ""}${s.id}`).join(",");
  if (sort && sort !== defaultSort) out.set("sort", sort);
  for (const f of query.filters) if (f.value) out.set(`${FILTER_PREFIX}${f.id}`, f.value);
  return out;
}
