import type { VariantProps } from "class-variance-authority";
import { cva } from "class-variance-authority";
import { AlertTriangle, CheckCircle2, Info, XCircle } from "lucide-react";
import type { ComponentProps } from "react";
import { cn } from "./cn";

const alertVariants = cva("relative grid w-full grid-cols-[auto_1fr] items-start gap-x-3 gap-y-0.5 rounded-lg border px-4 py-3 text-sm [&>svg]:mt-0.5 [&>svg]:size-4", {
  variants: {
    variant: {
      default: "bg-card text-card-foreground [&>svg]:text-muted-foreground",
      info: "border-primary/30 bg-primary/5 text-foreground [&>svg]:text-primary",
      success: "border-success/30 bg-success/5 text-foreground [&>svg]:text-success",
      warning: "border-warning/40 bg-warning/10 text-foreground [&>svg]:text-warning",
      destructive: "border-destructive/30 bg-destructive/5 text-destructive [&>svg]:text-destructive",
    },
  },
  defaultVariants: { variant: "default" },
});

const ICONS = { default: Info, info: Info, success: CheckCircle2, warning: AlertTriangle, destructive: XCircle } as const;

/**
 * A message box. A message that appears in answer to something the person did is
 * announced: `role="alert"` for errors, `role="status"` otherwise. Pass
 * `announce={false}` for text that is simply part of the page.
 */
export function Alert({
  className,
  variant,
  announce = true,
  children,
  ...props
}: ComponentProps<"div"> & VariantProps<typeof alertVariants> & { announce?: boolean }) {
  const Icon = ICONS[variant ?? "default"];
  const role = announce ? (variant === "destructive" ? "alert" : "status") : undefined;
  return (
    <div data-slot="alert" role={role} className={cn(alertVariants({ variant }), className)} {...props}>
      <Icon aria-hidden />
      <div className="col-start-2 grid min-w-0 gap-1 [overflow-wrap:anywhere]">{children}</div>
    </div>
  );
}

export function AlertTitle({ className, ...props }: ComponentProps<"p">) {
  return <p data-slot="alert-title" className={cn("font-medium", className)} {...props} />;
}

export function AlertDescription({ className, ...props }: ComponentProps<"div">) {
  return <div data-slot="alert-description" className={cn("text-sm [&_p]:leading-relaxed", className)} {...props} />;
}
