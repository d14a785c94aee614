/**
 * The part of structured-data-testing-tool (it ships no types) that
 * tests/pages/structured-data.test.ts uses: test HTML against presets, read what failed.
 */
declare module "structured-data-testing-tool" {
  /** One check: a JMESPath query over the page's JSON-LD, microdata, RDFa or meta tags. */
  export interface StructuredDataCheck {
    test: string;
    type?: string;
    description?: string;
    group?: string;
    groups?: string[];
    warning?: boolean;
    optional?: boolean;
    passed?: boolean;
    value?: unknown;
    error?: { type: string; message: string; expected?: unknown; found?: unknown };
  }

  export interface Preset {
    name: string;
    description: string;
    tests?: StructuredDataCheck[];
    presets?: Preset[];
  }

  export interface StructuredDataResult {
    passed: StructuredDataCheck[];
    failed: StructuredDataCheck[];
    warnings: StructuredDataCheck[];
    optional: StructuredDataCheck[];
    schemas: string[];
    structuredData: {
      jsonld: Record<string, Record<string, unknown>[]>;
      metatags: Record<string, string[]>;
    };
  }

  /** Rejects with `{ type: "VALIDATION_FAILED", res }` when a check that is no warning fails. */
  export function structuredDataTest(
    input: string | Buffer,
    options?: { presets?: Preset[]; schemas?: string[]; auto?: boolean },
  ): Promise<StructuredDataResult>;
}

/** CommonJS that spreads its presets into module.exports: Node finds no named exports in it. */
declare module "structured-data-testing-tool/presets" {
  import type { Preset } from "structured-data-testing-tool";

  const presets: {
    Google: Preset;
    Twitter: Preset;
    Facebook: Preset;
    SocialMedia: Preset;
  };
  export default presets;
}
