import { Construction } from "lucide-react";
import { EmptyState } from "./empty-state";
import { PageHeader } from "./page-header";

/** A section whose data arrives with a later part of the product; rendered inside the real layout. */
export function PagePlaceholder({ title, description }: { title: string; description: string }) {
  return (
    <>
      <PageHeader title={title} />
      <EmptyState icon={Construction} title="Nothing here yet." description={description} />
    </>
  );
}
