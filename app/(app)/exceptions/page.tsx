import { PagePlaceholder } from "@/components/ui/page-placeholder";
import { requirePageContext } from "@/lib/auth/context";

export default async function ExceptionsPage() {
  await requirePageContext();
  return <PagePlaceholder title="Exceptions" description="Sync errors that need a person, with the mapping or setting to fix, will appear here." />;
}
