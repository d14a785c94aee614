/** The es catalog (see en.ts for what each key is). */
import type { Catalog } from "../catalog.js";

export const es: Catalog = {};
