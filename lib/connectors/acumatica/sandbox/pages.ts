/** HTML of the identity server's sign-in, consent and error pages. */
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} - Acumatica</title>
<style>body{font-family:system-ui,sans-serif;background:#f3f5f8;margin:0}main{max-width:380px;margin:10vh auto;background:#fff;padding:28px;border-radius:8px;box-shadow:0 2px 8px #0002}
label{display:block;margin:12px 0 4px}input[type=text],input[type=password]{width:100%;padding:8px;box-sizing:border-box}button{margin-top:16px;padding:8px 18px;margin-right:8px}.error{color:#b00020}</style>
</head><body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}

export function renderSignInPage(p: { action: string; returnUrl: string; error: string | null }): string {
  return layout(
    "Sign in",
    `<p>Acumatica ERP (sandbox). Demo user: <code>admin</code> / <code>sandbox</code>.</p>
${p.error ? `<p class="error" role="alert">${escapeHtml(p.error)}</p>` : ""}
<form method="post" action="${escapeHtml(p.action)}">
<input type="hidden" name="ReturnUrl" value="${escapeHtml(p.returnUrl)}">
<label for="username">Username</label><input id="username" name="username" type="text" autocomplete="username" required>
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button>
</form>`,
  );
}

const SCOPE_TEXT: Record<string, string> = {
  api: "Access the ERP data through the web services API",
  offline_access: "Stay connected when you are not signed in (refresh tokens)",
  "api:concurrent_access": "Open several concurrent API sessions",
  openid: "Know who you are",
  profile: "Read your user profile",
  email: "Read your email address",
  phone: "Read your phone number",
};

export function renderConsentPage(p: { action: string; ticket: string; clientId: string; scope: string[]; user: string }): string {
  const items = p.scope.map((s) => `<li><strong>${escapeHtml(s)}</strong> - ${escapeHtml(SCOPE_TEXT[s] ?? s)}</li>`).join("");
  return layout(
    "Authorize application",
    `<p>Signed in as <strong>${escapeHtml(p.user)}</strong>.</p>
<p>The application <code>${escapeHtml(p.clientId)}</code> requests the following permissions:</p>
<ul id="scopes">${items}</ul>
<form method="post" action="${escapeHtml(p.action)}">
<input type="hidden" name="ticket" value="${escapeHtml(p.ticket)}">
<button type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny">Deny</button>
</form>`,
  );
}

export function renderErrorPage(title: string, message: string): string {
  return layout(title, `<p class="error" role="alert">${escapeHtml(message)}</p>`);
}

/** What IIS answers for a path outside the site. */
export const NOT_FOUND_PAGE = layout("Server Error in '/' Application.", "<h2>The resource cannot be found.</h2><p>HTTP 404. The resource you are looking for has been removed, had its name changed, or is temporarily unavailable.</p>");
