/** The he catalog (see en.ts for what each key is). */
import type { Catalog } from "../catalog.js";

export const he: Catalog = {};
