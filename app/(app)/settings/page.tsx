import { AddMemberForm } from "@/components/settings/add-member-form";
import { ChangePasswordForm } from "@/components/settings/change-password-form";
import { MembersTable } from "@/components/settings/members-table";
import { WorkspaceNameForm } from "@/components/settings/workspace-name-form";
import { Alert } from "@/components/ui/alert";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Separator } from "@/components/ui/separator";
import { requirePageContext } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db/client";
import { listMembers } from "@/lib/workspaces/queries";

export default async function SettingsPage() {
  const ctx = await requirePageContext();
  const members = await listMembers(getDb(), ctx.workspaceId);
  const canEdit = can(ctx, "settings:write");
  const canManageMembers = can(ctx, "members:write");
  return (
    <div className="grid grid-cols-1 gap-6">
      <PageHeader title="Settings" description="This workspace's name and members, and your own password." className="mb-0" />
      {!canEdit && (
        <Alert variant="info" announce={false}>
          You are a viewer in this workspace: you can see its settings but not change them.
        </Alert>
      )}
      <Card>
        <CardHeader>
          <CardTitle>Workspace</CardTitle>
        </CardHeader>
        <CardContent>
          <WorkspaceNameForm name={ctx.workspaceName} canEdit={canEdit} />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Members</CardTitle>
          <CardDescription>Owners and admins change settings and connectors; viewers can look.</CardDescription>
        </CardHeader>
        <CardContent className="grid grid-cols-1 gap-6">
          <MembersTable members={members} currentUserId={ctx.userId} canManage={canManageMembers} canManageOwners={ctx.role === "owner"} />
          {canManageMembers && (
            <>
              <Separator />
              <div className="grid gap-4">
                <h3 className="text-sm font-semibold">Add a member</h3>
                <AddMemberForm />
              </div>
            </>
          )}
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Your password</CardTitle>
        </CardHeader>
        <CardContent>
          <ChangePasswordForm />
        </CardContent>
      </Card>
    </div>
  );
}
