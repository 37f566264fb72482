import type { FormEventHandler, ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { FormMessage } from "@/components/ui/form-message";

/**
 * One section of the Acumatica connector's order settings: an anchored card
 * holding its own form, saved on its own. Viewers get the fields disabled and
 * no Save button.
 */
export function SettingsSection({
  id,
  title,
  description,
  canEdit,
  onSubmit,
  submitting,
  error,
  warnings,
  children,
  extraActions,
}: {
  id: string;
  title: string;
  description?: ReactNode;
  canEdit: boolean;
  onSubmit: FormEventHandler<HTMLFormElement>;
  submitting: boolean;
  error: string | null;
  warnings: string[];
  children: ReactNode;
  extraActions?: ReactNode;
}) {
  const headingId = `${id}-title`;
  return (
    <Card id={id} aria-labelledby={headingId} className="scroll-mt-20">
      <form onSubmit={onSubmit} noValidate aria-labelledby={headingId}>
        <CardHeader>
          <CardTitle id={headingId}>{title}</CardTitle>
          {description && <CardDescription>{description}</CardDescription>}
        </CardHeader>
        <CardContent className="grid grid-cols-1 gap-4">
          <FormMessage message={error ? { kind: "error", text: error } : null} />
          <fieldset disabled={!canEdit} className="m-0 grid min-w-0 grid-cols-1 gap-4 border-0 p-0">
            {children}
          </fieldset>
          {warnings.length > 0 && (
            <Alert variant="warning" data-testid={`${id}-warnings`}>
              <p className="font-medium">Saved, with what could not be checked yet:</p>
              <ul className="grid list-disc gap-1 pl-5">
                {warnings.map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
            </Alert>
          )}
        </CardContent>
        {(canEdit || extraActions) && (
          <CardFooter>
            {canEdit && (
              <Button type="submit" disabled={submitting}>
                Save<span className="sr-only"> {title}</span>
              </Button>
            )}
            {extraActions}
          </CardFooter>
        )}
      </form>
    </Card>
  );
}
