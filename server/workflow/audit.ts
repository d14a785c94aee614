/**
 * The audit trail: who created, edited, published, unpublished or deleted what, per blog. Each
 * record is kept in the store (capped, like the event log) and sent to the blog's desks live.
 * It is written after the change it records: a change whose record could not be kept is still
 * made (and said in the log), because the editor was told it was saved.
 */
import type { Logger } from "pino";
import type { AuditRecord } from "../../shared/schemas.js";
import type { Store } from "../store/port.js";

/** Who a scheduled publication is recorded as. */
export const SCHEDULER = "scheduler";

export type AuditDetails = Pick<AuditRecord, "entryId" | "detail">;

export function createAuditTrail(
  store: Pick<Store, "audit" | "desk">,
  log: Logger,
  clock: () => Date = () => new Date(),
) {
  return {
    async record(
      by: string,
      action: AuditRecord["action"],
      blogId: string,
      details: AuditDetails = {},
    ): Promise<void> {
      const record: AuditRecord = { at: clock().toISOString(), action, by, blogId, ...details };
      try {
        await store.audit.append(record);
        await store.desk.publish({ blogId, type: "audit", record });
      } catch (err) {
        log.warn({ err, record }, "an audit record could not be kept");
      }
    },
    list: (blogId: string, limit: number) => store.audit.list(blogId, limit),
  };
}

export type AuditTrail = ReturnType<typeof createAuditTrail>;
