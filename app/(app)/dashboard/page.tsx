import { PagePlaceholder } from "@/components/ui/page-placeholder";
import { requirePageContext } from "@/lib/auth/context";

export default async function DashboardPage() {
  await requirePageContext();
  return <PagePlaceholder title="Dashboard" description="Orders, sync runs and open exceptions of this workspace appear here once the connectors are set up." />;
}
