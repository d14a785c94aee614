/**
 * A blog's life beyond its entries: who works on it (its team), what was done to it (its audit
 * trail), which blogs a person sees on the desk, and its deletion. Role checks that depend only
 * on the role are the routes' (requireRole); the ones that depend on the blog's team are here.
 */
import type { Logger } from "pino";
import type { Media } from "../../shared/media.js";
import type { Blog } from "../../shared/schemas.js";
import { hasRole, mayWorkOn, type Identity } from "../auth/roles.js";
import { deletionNotConfirmed, forbidden, unknownPeople } from "../errors.js";
import type { Store } from "../store/port.js";
import type { AuditTrail } from "../workflow/audit.js";
import { describeTeamChange } from "./changes.js";
import type { BlogService } from "./service.js";

/** What a deletion needs from the media library (server/media/library.ts). */
export interface PictureSweep {
  shownBy(blog: Blog): Promise<Media[]>;
  removeUnused(pictures: readonly Media[]): Promise<string[]>;
}

export interface BlogLifecycleDeps {
  store: Pick<Store, "blogs" | "editors">;
  blogs: BlogService;
  audit: AuditTrail;
  pictures: PictureSweep;
  log: Logger;
  clock?: () => Date;
}

export function createBlogLifecycle({
  store,
  blogs,
  audit,
  pictures,
  log,
  clock = () => new Date(),
}: BlogLifecycleDeps) {
  /** The blog's team, or 403 for a contributor who is not on it (404 for no such blog). */
  const teamFor = async (blogId: string, who: Identity) => {
    await blogs.requireBlog(blogId);
    const team = await store.blogs.getTeam(blogId);
    if (!mayWorkOn(who, team))
      throw forbidden(
        `Only this blog's team, editors and admins may see it; ask an editor to add you to the team of "${blogId}".`,
      );
    return team;
  };

  return {
    teamFor,

    /** Replaces the team (names deduplicated, sorted); 400 naming anyone who is not a person. */
    async setTeam(blogId: string, members: readonly string[], by: Identity): Promise<string[]> {
      await blogs.requireBlog(blogId);
      const wanted = [...new Set(members)].sort();
      const found = await Promise.all(wanted.map((name) => store.editors.getEditor(name)));
      const unknown = wanted.filter((_, i) => !found[i]);
      if (unknown.length > 0) throw unknownPeople(unknown);
      const before = await store.blogs.getTeam(blogId);
      await store.blogs.setTeam(blogId, wanted);
      await audit.record(by.name, "blog.team", blogId, {
        detail: describeTeamChange(before, wanted),
      });
      return wanted;
    },

    async history(blogId: string, limit: number) {
      await blogs.requireBlog(blogId);
      return audit.list(blogId, limit);
    },

    /** The blogs a person works on: every blog for editors and admins, their teams' for contributors. */
    async deskBlogs(who: Identity): Promise<Blog[]> {
      const all = await blogs.listBlogs();
      if (hasRole(who, "editor")) return all;
      const teams = await Promise.all(all.map((blog) => store.blogs.getTeam(blog.id)));
      return all.filter((_, i) => teams[i]!.includes(who.name));
    },

    /**
     * Deletes the blog for good (readers get blog.deleted), once `confirm` repeats its id. Its
     * audit trail goes with it, so the deletion itself is said in the server's log. The pictures
     * it showed that nothing else shows are deleted after it, in the background: finding them is
     * a scan of every blog's entries, which the admin need not wait for.
     */
    async deleteBlog(blogId: string, confirm: string | undefined, by: Identity): Promise<void> {
      if (confirm !== blogId) throw deletionNotConfirmed(blogId);
      const blog = await blogs.requireBlog(blogId);
      const shown = await pictures.shownBy(blog);
      const at = clock().toISOString();
      await store.blogs.deleteBlog(blogId, at);
      log.info({ blogId, title: blog.title, by: by.name, at }, "blog deleted");
      void pictures.removeUnused(shown).then(
        (removed) => {
          if (removed.length > 0)
            log.info({ blogId, media: removed }, "deleted the pictures only this blog showed");
        },
        (err: unknown) =>
          log.warn(
            { err, blogId },
            "could not delete the pictures of a deleted blog; the media library lists them as unused",
          ),
      );
    },
  };
}

export type BlogLifecycle = ReturnType<typeof createBlogLifecycle>;
