/** A liveblog instance's Prometheus counters, as the benchmark reads them from METRICS_PORT. */

/**
 * The value of counter `name` in a Prometheus text exposition, summed over its label sets;
 * null when the exposition has no such series (an instance that does not have the metric).
 */
export function counterValue(text: string, name: string): number | null {
  let sum: number | null = null;
  for (const line of text.split("\n")) {
    if (!line.startsWith(name)) continue;
    // `name{labels} value [timestamp]` or `name value [timestamp]`; not `name_other ...`.
    const value = /^(?:\{.*\})? (\S+)/.exec(line.slice(name.length))?.[1];
    if (value !== undefined && Number.isFinite(Number(value))) sum = (sum ?? 0) + Number(value);
  }
  return sum;
}

/** Counter `name` of the instance whose metrics are at `metricsUrl`. */
export async function readCounter(metricsUrl: string, name: string): Promise<number | null> {
  const res = await fetch(metricsUrl, { signal: AbortSignal.timeout(10_000) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${metricsUrl} answered ${res.status}`);
  return counterValue(text, name);
}
