import Link from "next/link";
import { ExceptionGroups } from "@/components/exceptions/exception-groups";
import { EXCEPTION_TABLE_PARAMS } from "@/components/exceptions/exception-list-params";
import { ExceptionsTable } from "@/components/exceptions/exceptions-table";
import { cn } from "@/components/ui/cn";
import { parseDataTableParams } from "@/components/ui/data-table-params";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageContext } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db/client";
import { CAUSES } from "@/lib/sync/exceptions/causes";
import { countOpenExceptions, listExceptionGroups, listExceptions } from "@/lib/sync/exceptions/queries";
import { listAuditActors } from "@/lib/workspaces/queries";

export default async function ExceptionsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await requirePageContext();
  const params = await searchParams;
  const tab = params.tab === "closed" ? "closed" : "open";
  const query = parseDataTableParams(params, EXCEPTION_TABLE_PARAMS);
  const cause = query.filters.find((f) => f.id === "cause")?.value;
  const validCause = cause && cause in CAUSES ? cause : undefined;
  const db = getDb();
  const [groups, openCount, page] = await Promise.all([
    listExceptionGroups(db, ctx.workspaceId),
    countOpenExceptions(db, ctx.workspaceId),
    listExceptions(db, ctx.workspaceId, { status: tab, cause: validCause, page: query.pageIndex, pageSize: query.pageSize }),
  ]);
  const dismissed = page.rows.filter((r) => r.status === "dismissed").map((r) => r.id);
  const closers = await listAuditActors(db, ctx.workspaceId, "exception.dismiss", dismissed);
  const canEdit = can(ctx, "connectors:write");
  const causes = (tab === "open" ? groups.map((g) => ({ value: g.cause, label: `${g.title} (${g.count})` })) : Object.entries(CAUSES).map(([value, c]) => ({ value, label: c.title })));
  const tabClass = (active: boolean) =>
    cn(
      "inline-flex h-7 items-center rounded-md px-3 text-sm font-medium whitespace-nowrap focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none",
      active ? "bg-card text-foreground shadow-sm" : "text-muted-foreground hover:text-foreground",
    );
  return (
    <div className="grid grid-cols-1 gap-6">
      <PageHeader title="Exceptions" description="What needs a person: each exception names what to fix and links to the exact setting. Fixing it retries the records it held back." className="mb-0" />
      {tab === "open" && groups.length > 0 && <ExceptionGroups groups={groups} canEdit={canEdit} activeCause={validCause} />}
      <nav aria-label="Exception status" className="inline-flex h-9 w-fit items-center gap-1 rounded-lg bg-muted p-1">
        <Link href="/exceptions" aria-current={tab === "open" ? "page" : undefined} className={tabClass(tab === "open")}>
          Open ({openCount})
        </Link>
        <Link href="/exceptions?tab=closed" aria-current={tab === "closed" ? "page" : undefined} className={tabClass(tab === "closed")}>
          Closed
        </Link>
      </nav>
      <ExceptionsTable
        key={tab}
        tab={tab}
        rowCount={page.total}
        canEdit={canEdit}
        causes={causes}
        rows={page.rows.map((r) => ({
          id: r.id,
          cause: r.cause,
          title: r.title,
          message: r.message,
          fixPath: r.fixPath,
          fixLabel: r.fixLabel,
          status: r.status,
          occurrences: r.occurrences,
          firstSeenAt: r.firstSeenAt.toISOString(),
          lastSeenAt: r.lastSeenAt.toISOString(),
          closedAt: r.closedAt?.toISOString() ?? null,
          resolution: r.resolution,
          closedBy: r.status === "dismissed" ? (closers.get(r.id) ?? null) : null,
          orderId: r.orderId,
          orderExternalId: r.orderExternalId,
        }))}
      />
    </div>
  );
}
