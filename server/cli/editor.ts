/**
 * `npm run editor -- add <name>` / `passwd <name>`: adds an editor or changes a password, reading
 * the password from standard input (so it stays out of shell history and `ps`). Needs REDIS_URL:
 * embedded mode keeps editors in the server's own memory, out of reach of another process. It
 * makes no session, so it needs no session secret.
 */
import { createInterface } from "node:readline";
import { pino } from "pino";
import { addEditor, editorNameSchemaPattern, setPassword } from "../auth/service.js";
import { ConfigError, parseConfig, readEnvironment } from "../config.js";
import { openStore } from "../store/index.js";

const USAGE =
  "Usage: npm run editor -- add <name>     (password on standard input)\n       npm run editor -- passwd <name>";

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
  const [command, name] = args;
  if ((command !== "add" && command !== "passwd") || !name) throw new Error(USAGE);
  if (!editorNameSchemaPattern.test(name))
    throw new Error(`"${name}" is not a valid name: use 1-64 of A-Z a-z 0-9 _ . -`);
  const config = parseConfig(readEnvironment(), { server: false });
  if (!config.redisUrl) {
    throw new Error(
      "REDIS_URL is not set. In embedded mode editors live in the server's memory only; run with Redis to add editors, or use the admin account.",
    );
  }
  const store = await openStore(config, pino({ level: "warn" }));
  try {
    const exists = (await store.editors.getEditor(name)) !== null;
    const taken = `Editor "${name}" exists already; use passwd to change the password.`;
    if (command === "add" && exists) throw new Error(taken);
    if (command === "passwd" && !exists) throw new Error(`There is no editor "${name}"; use add.`);
    const password = await readPassword();
    if (password.length < 8) throw new Error("The password must be at least 8 characters.");
    if (command === "passwd") {
      await setPassword(store.editors, name, password);
      return `Password of "${name}" changed; older sessions are logged out.`;
    }
    // Checked again as it is saved: someone may have added the name while we read the password.
    if (!(await addEditor(store.editors, name, password))) throw new Error(taken);
    return `Editor "${name}" added.`;
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
