import { AddMemberForm } from "@/components/settings/add-member-form";
import { ChangePasswordForm } from "@/components/settings/change-password-form";
import { MembersTable } from "@/components/settings/members-table";
import { WorkspaceNameForm } from "@/components/settings/workspace-name-form";
import { requirePageContext } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db/client";
import { listMembers } from "@/lib/workspaces/queries";

export default async function SettingsPage() {
  const ctx = await requirePageContext();
  const members = await listMembers(getDb(), ctx.workspaceId);
  const canEdit = can(ctx, "settings:write");
  return (
    <>
      <h1>Settings</h1>
      {!canEdit && <div className="notice">You are a viewer in this workspace: you can see its settings but not change them.</div>}
      <section className="panel">
        <h2>Workspace</h2>
        <WorkspaceNameForm name={ctx.workspaceName} canEdit={canEdit} />
      </section>
      <section className="panel">
        <h2>Members</h2>
        <MembersTable
          members={members}
          currentUserId={ctx.userId}
          canManage={can(ctx, "members:write")}
          canManageOwners={ctx.role === "owner"}
        />
        {can(ctx, "members:write") && (
          <>
            <h2>Add a member</h2>
            <AddMemberForm />
          </>
        )}
      </section>
      <section className="panel">
        <h2>Your password</h2>
        <ChangePasswordForm />
      </section>
    </>
  );
}
