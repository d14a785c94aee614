/**
 * The editors' page: log in (cookie session), then the desk: blogs on one side, the chosen
 * blog's entry form and live entry list on the other. A 401 anywhere brings the log-in back.
 * Who is logged in at load comes with the page (server/pages/admin-page.ts), not from a request.
 */
import "../common/base.css";
import "../common/engagement.css";
import "./admin.css";
import type { Session } from "../../shared/schemas.js";
import { api, ApiError } from "../common/api.js";
import { $ } from "../common/dom.js";
import { startEmbedGate, watchEmbeds } from "../common/embed-gate.js";
import { openDesk } from "./desk.js";
import { deskI18n } from "./locale.js";

const main = $("main.admin");
const loading = $("[data-loading]", main);
const loginSection = $("[data-login]", main);
const loginForm = $<HTMLFormElement>("[data-login-form]", main);
const loginError = $("[data-login-error]", main);
const deskElement = $("[data-desk]", main);
let closeDesk: (() => void) | null = null;
// The preview and the entry list redraw their entries in many places: cards are set up as they come.
startEmbedGate(deskI18n());
watchEmbeds(deskElement);

function showLogin(message = "") {
  closeDesk?.();
  closeDesk = null;
  loading.hidden = true;
  deskElement.hidden = true;
  deskElement.replaceChildren();
  loginSection.hidden = false;
  loginError.textContent = message;
  $<HTMLInputElement>("#login-name", loginForm).focus();
}

function showDesk(session: Session) {
  loading.hidden = true;
  loginSection.hidden = true;
  deskElement.hidden = false;
  closeDesk = openDesk(deskElement, session, {
    sessionEnded: () => showLogin("Your session has ended; log in again."),
    loggedOut: () => showLogin(),
  });
}

loginForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  const data = new FormData(loginForm);
  const name = String(data.get("name") ?? "").trim();
  const password = String(data.get("password") ?? "");
  if (!name || !password) {
    loginError.textContent = "Enter your name and your password.";
    return;
  }
  loginError.textContent = "";
  const button = $<HTMLButtonElement>("button[type=submit]", loginForm);
  button.disabled = true;
  try {
    const session = await api<Session>("/api/session", {
      method: "POST",
      body: { name, password },
    });
    loginForm.reset();
    showDesk(session);
  } catch (err) {
    loginError.textContent = err instanceof ApiError ? err.message : "Logging in failed.";
  } finally {
    button.disabled = false;
  }
});

const session = JSON.parse($("#lb-session").textContent || "null") as Session | null;
if (session) showDesk(session);
else showLogin();
