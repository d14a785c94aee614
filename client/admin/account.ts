/**
 * My account (everyone): one's own display name, picture and password, and personal API tokens for
 * scripts and CMS integrations. A new token is shown once, with a copy button and a plain
 * warning; the list shows when each was last used, and revokes one at once.
 */
import "./people.css";
import { escapeHtml } from "../../shared/html.js";
import type { ApiToken, CreatedToken, Person, Session } from "../../shared/schemas.js";
import { api } from "../common/api.js";
import { $ } from "../common/dom.js";
import { refreshTimes } from "../common/times.js";
import { attachAvatarControls, avatarControlMarkup, type AvatarOwner } from "./avatar.js";
import { LIMITS } from "./limits.js";
import { deskI18n } from "./locale.js";

export function accountPanelMarkup(session: Session): string {
  return `<details class="panel desk-panel account-panel" data-account>
<summary><h2>My account</h2></summary>
<form data-account-name novalidate aria-labelledby="account-name-title">
<h3 id="account-name-title">Display name</h3>
<p class="field"><label for="account-display">Your name in bylines</label><input id="account-display" name="displayName" value="${escapeHtml(session.displayName)}" maxlength="${LIMITS.displayNameMax}" required></p>
<p class="form-error" role="alert" data-account-name-error></p>
<p><button type="submit" class="button">Update display name</button> <span class="form-status" role="status" data-account-name-status></span></p>
</form>
${avatarControlMarkup(session, "account-avatar")}
<form data-account-password novalidate aria-labelledby="account-password-title">
<h3 id="account-password-title">Password</h3>
<input type="text" name="username" value="${escapeHtml(session.name)}" autocomplete="username" hidden>
<p class="field"><label for="account-password">New password</label><input id="account-password" name="password" type="password" autocomplete="new-password" aria-describedby="account-password-hint" required>
<span class="hint" id="account-password-hint">At least 8 characters. Your other sessions are logged out; this one goes on.</span></p>
<p class="field"><label for="account-password-again">New password again</label><input id="account-password-again" name="again" type="password" autocomplete="new-password" required></p>
<p class="form-error" role="alert" data-account-password-error></p>
<p><button type="submit" class="button">Change password</button> <span class="form-status" role="status" data-account-password-status></span></p>
</form>
<section aria-labelledby="tokens-title">
<h3 id="tokens-title">Personal API tokens</h3>
<p class="hint">For scripts and CMS integrations: send one as <code>Authorization: Bearer &lt;token&gt;</code>. A token acts as you, with your role.</p>
<ul class="token-list" data-token-list></ul>
<p class="muted" data-token-none>No tokens yet.</p>
<p class="form-error" role="alert" data-token-error></p>
<div class="new-token" data-token-new hidden tabindex="-1">
<p class="new-token-warning"><strong>Copy this token now: it is shown only this once.</strong> Anyone who has it can act as you; revoke it here if it leaks.</p>
<p class="new-token-value"><label for="token-value" class="visually-hidden">Your new token</label><input id="token-value" readonly spellcheck="false" data-token-value>
<button type="button" class="button button-small" data-token-copy>Copy token</button> <span class="form-status" role="status" data-token-copied></span></p>
</div>
<form class="token-form" data-token-form novalidate>
<p class="field"><label for="token-name">What is the token for?</label><input id="token-name" name="name" maxlength="${LIMITS.tokenNameMax}" autocomplete="off" aria-describedby="token-name-hint" required>
<span class="hint" id="token-name-hint">E.g. "Newsroom CMS", so you know which one to revoke.</span></p>
<p><button type="submit" class="button">Create token</button></p>
</form>
</section>
</details>`;
}

function tokenMarkup(token: ApiToken): string {
  const name = escapeHtml(token.name);
  const used = token.lastUsedAt
    ? `last used <time datetime="${escapeHtml(token.lastUsedAt)}" data-relative></time>`
    : "never used";
  return `<li class="token" data-token="${escapeHtml(token.id)}"><strong>${name}</strong>
<span class="muted">made <time datetime="${escapeHtml(token.createdAt)}" data-relative></time>, ${used}</span>
<button type="button" class="button button-small button-danger" data-token-revoke aria-label="Revoke ${name}">Revoke</button></li>`;
}

export interface AccountPanelOptions {
  failed(err: unknown, where: HTMLElement): void;
  /** The person's display name changed: the desk shows it. */
  renamed(displayName: string): void;
  /** The person's picture changed (or was removed): the desk bar shows it. */
  pictured(person: Person): void;
}

export function openAccountPanel(
  root: HTMLElement,
  session: Session,
  options: AccountPanelOptions,
): void {
  const panel = $<HTMLDetailsElement>("[data-account]", root);
  const nameForm = $<HTMLFormElement>("[data-account-name]", panel);
  const passwordForm = $<HTMLFormElement>("[data-account-password]", panel);
  const tokenForm = $<HTMLFormElement>("[data-token-form]", panel);
  const el = {
    nameError: $("[data-account-name-error]", panel),
    nameStatus: $("[data-account-name-status]", panel),
    passwordError: $("[data-account-password-error]", panel),
    passwordStatus: $("[data-account-password-status]", panel),
    list: $("[data-token-list]", panel),
    none: $("[data-token-none]", panel),
    tokenError: $("[data-token-error]", panel),
    fresh: $("[data-token-new]", panel),
    value: $<HTMLInputElement>("[data-token-value]", panel),
    copied: $("[data-token-copied]", panel),
  };
  const self = `/api/editors/${encodeURIComponent(session.name)}`;
  // The picture's alt text is the display name as it is now, not as it was at log-in.
  let me: AvatarOwner = session;
  let tokens: ApiToken[] = [];
  let loaded = false;

  const draw = () => {
    el.list.innerHTML = tokens.map(tokenMarkup).join("");
    el.none.hidden = tokens.length > 0;
    refreshTimes(el.list, deskI18n());
  };
  const load = async () => {
    try {
      tokens = (await api<{ tokens: ApiToken[] }>("/api/tokens")).tokens;
      el.tokenError.textContent = "";
      draw();
    } catch (err) {
      options.failed(err, el.tokenError);
    }
  };
  panel.addEventListener("toggle", () => {
    if (panel.open && !loaded) {
      loaded = true;
      void load();
    }
  });

  nameForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const input = $<HTMLInputElement>("#account-display", nameForm);
    const displayName = input.value.trim();
    el.nameStatus.textContent = "";
    if (!displayName) {
      el.nameError.textContent = "Give a display name.";
      input.focus();
      return;
    }
    try {
      const person = await api<Person>(self, { method: "PATCH", body: { displayName } });
      el.nameError.textContent = "";
      el.nameStatus.textContent = "Display name updated.";
      me = person;
      options.renamed(person.displayName);
    } catch (err) {
      options.failed(err, el.nameError);
    }
  });

  attachAvatarControls(panel, {
    personOf: () => me,
    changed: (person) => {
      me = person;
      options.pictured(person);
    },
    failed: options.failed,
  });

  passwordForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(passwordForm);
    const password = String(data.get("password") ?? "");
    el.passwordStatus.textContent = "";
    const problem =
      password.length < 8
        ? "The new password needs at least 8 characters."
        : password !== String(data.get("again") ?? "")
          ? "The two passwords differ; type the same one twice."
          : null;
    if (problem) {
      el.passwordError.textContent = problem;
      $<HTMLInputElement>("#account-password", passwordForm).focus();
      return;
    }
    try {
      await api<Person>(self, { method: "PATCH", body: { password } });
      passwordForm.reset();
      el.passwordError.textContent = "";
      el.passwordStatus.textContent = "Password changed; your other sessions are logged out.";
    } catch (err) {
      options.failed(err, el.passwordError);
    }
  });

  tokenForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const input = $<HTMLInputElement>("#token-name", tokenForm);
    const name = input.value.trim();
    if (!name) {
      el.tokenError.textContent = "Say what the token is for.";
      input.focus();
      return;
    }
    try {
      const { token, ...listed } = await api<CreatedToken>("/api/tokens", {
        method: "POST",
        body: { name },
      });
      tokenForm.reset();
      el.tokenError.textContent = "";
      tokens = [listed, ...tokens];
      draw();
      el.value.value = token;
      el.copied.textContent = "";
      el.fresh.hidden = false;
      el.value.focus();
      el.value.select();
    } catch (err) {
      options.failed(err, el.tokenError);
    }
  });

  $("[data-token-copy]", panel).addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(el.value.value);
      el.copied.textContent = "Copied.";
    } catch {
      // No clipboard access (an insecure origin, or refused): the text is selected to copy by hand.
      el.value.focus();
      el.value.select();
      el.copied.textContent = "Copying was refused: press Ctrl+C (⌘+C on a Mac).";
    }
  });

  el.list.addEventListener("click", async (event) => {
    const button = (event.target as Element).closest<HTMLButtonElement>("[data-token-revoke]");
    const id = button?.closest<HTMLElement>("[data-token]")?.dataset.token;
    if (!button || !id) return;
    button.disabled = true;
    try {
      await api(`/api/tokens/${encodeURIComponent(id)}`, { method: "DELETE" });
      tokens = tokens.filter((t) => t.id !== id);
      // The secret on show may be the one just revoked: it is of no use any more.
      el.fresh.hidden = true;
      el.value.value = "";
      draw();
      $<HTMLInputElement>("#token-name", tokenForm).focus();
    } catch (err) {
      button.disabled = false;
      options.failed(err, el.tokenError);
    }
  });
}
