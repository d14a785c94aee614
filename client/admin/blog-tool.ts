/** What each of a blog's tools on the desk (Team, History, Delete blog) is given by the workspace. */
import type { Session } from "../../shared/schemas.js";

export interface BlogToolOptions {
  /** The blog's API path, `/api/blogs/<id>`. */
  base: string;
  session: Session;
  failed(err: unknown, where: HTMLElement): void;
}
