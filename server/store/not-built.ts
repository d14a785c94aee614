/**
 * SCAFFOLDING for issue 13, removed before it is resolved: the parts of the Store port that are
 * being built in parallel. Each throws, so that nothing can use one by mistake.
 */
export const notBuilt =
  (what: string) =>
  (..._args: unknown[]): Promise<never> =>
    Promise.reject(new Error(`${what} is not built yet`));
