import { cn } from "@/components/ui/cn";

/**
 * A SKU shown exactly: monospace, inner spaces kept, and a visible ␣ marker
 * for each leading or trailing space (which would otherwise be invisible, and
 * SKUs match exactly, spaces included).
 */
export function SkuText({ sku, className }: { sku: string; className?: string }) {
  const lead = sku.length - sku.trimStart().length;
  const trail = sku.trim() === "" ? 0 : sku.length - sku.trimEnd().length;
  const core = sku.slice(lead, sku.length - trail);
  const marker = (n: number, where: string) =>
    n > 0 ? (
      <span className="rounded bg-warning/20 px-0.5 text-warning-foreground" title={`${n} ${where} space${n === 1 ? "" : "s"}`}>
        <span aria-hidden>{"␣".repeat(n)}</span>
        <span className="sr-only">
          ({n} {where} space{n === 1 ? "" : "s"})
        </span>
      </span>
    ) : null;
  return (
    <span className={cn("font-mono text-[0.8125rem] whitespace-pre", className)} data-sku={sku}>
      {marker(lead, "leading")}
      {core}
      {marker(trail, "trailing")}
    </span>
  );
}
