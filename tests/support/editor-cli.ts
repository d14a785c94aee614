/** Runs `npm run editor`'s script (server/cli/editor.ts) with only the environment given. */
import { spawn } from "node:child_process";

export function editorCli(args: string[], stdin: string, env: Record<string, string>) {
  return new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "server/cli/editor.ts", ...args], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("close", (code) => resolve({ code, out, err }));
    child.stdin.end(stdin);
  });
}
