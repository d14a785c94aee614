/**
 * `npm run editor -- add <name> [--role admin|editor|contributor] [--display-name "Ana Demir"]` /
 * `passwd <name>`: adds a person (an editor unless --role says otherwise) or changes a password,
 * reading the password from standard input (so it stays out of shell history and `ps`). Needs REDIS_URL (or REDIS_CLUSTER_NODES):
 * embedded mode keeps editors in the server's own memory, out of reach of another process. It
 * makes no session, so it needs no session secret.
 */
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { pino } from "pino";
import { createPersonSchema } from "../../shared/schemas.js";
import { addEditor, setPassword } from "../auth/service.js";
import { ConfigError, parseConfig, readEnvironment } from "../config.js";
import { openStore } from "../store/index.js";

const USAGE = [
  'Usage: npm run editor -- add <name> [--role admin|editor|contributor] [--display-name "Ana Demir"]',
  "       npm run editor -- passwd <name>",
  "The password is read from standard input.",
].join("\n");

/** The command, the name and (for add) the role and display name, checked as the API checks them. */
function parseCommand(args: string[]) {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { role: { type: "string" }, "display-name": { type: "string" } },
  });
  const [command, name, ...rest] = positionals;
  if ((command !== "add" && command !== "passwd") || !name || rest.length > 0)
    throw new Error(USAGE);
  if (command === "passwd" && (values.role || values["display-name"]))
    throw new Error("passwd changes only the password; change roles on the desk (People).");
  const parsed = createPersonSchema.pick({ name: true, role: true, displayName: true }).safeParse({
    name,
    role: values.role ?? "editor",
    displayName: values["display-name"] ?? name,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const what = { name: `The name "${name}"`, role: "--role", displayName: "--display-name" };
    throw new Error(`${what[issue.path[0] as keyof typeof what]}: ${issue.message}.`);
  }
  return { command, ...parsed.data };
}

async function readPassword(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write("Password (at least 8 characters), then Enter: ");
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    lines.close();
    return line;
  }
  return "";
}

async function run(args: string[]): Promise<string> {
  const { command, name, role, displayName } = parseCommand(args);
  const config = parseConfig(readEnvironment(), { server: false });
  if (!config.redis) {
    throw new Error(
      "REDIS_URL is not set (nor REDIS_CLUSTER_NODES). In embedded mode editors live in the server's memory only; run with Redis to add editors, or use the admin account.",
    );
  }
  const store = await openStore(config, pino({ level: "warn" }));
  try {
    const exists = (await store.editors.getEditor(name)) !== null;
    const taken = `"${name}" exists already; use passwd to change the password.`;
    if (command === "add" && exists) throw new Error(taken);
    if (command === "passwd" && !exists) throw new Error(`There is no person "${name}"; use add.`);
    const password = await readPassword();
    if (password.length < 8) throw new Error("The password must be at least 8 characters.");
    if (command === "passwd") {
      await setPassword(store.editors, name, password);
      return `Password of "${name}" changed; older sessions are logged out.`;
    }
    // Checked again as it is saved: someone may have added the name while we read the password.
    if (!(await addEditor(store.editors, name, password, { role, displayName })))
      throw new Error(taken);
    const article = role === "contributor" ? "a" : "an";
    return `Added "${name}" (${displayName}) as ${article} ${role}.`;
  } finally {
    await store.close();
  }
}

run(process.argv.slice(2)).then(
  (message) => {
    process.stdout.write(`${message}\n`);
    process.exit(0);
  },
  (err: unknown) => {
    process.stderr.write(
      `${err instanceof ConfigError || err instanceof Error ? err.message : String(err)}\n`,
    );
    process.exit(1);
  },
);
