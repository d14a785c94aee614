/** The contract's size limits (shared/schemas.ts LIMITS), as the server put them into the page. */
import type { LIMITS as Limits } from "../../shared/schemas.js";

const element = document.getElementById("lb-limits");
export const LIMITS = JSON.parse(element?.textContent || "{}") as typeof Limits;
