/**
 * Prometheus metrics of one app. Each app has its own registry (not prom-client's global one),
 * so several apps in one test process never share counters. Prometheus scrapes every instance
 * on its own metrics port (metrics-server.ts), never through the public app.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

/** Seconds; from a few milliseconds on one machine to a congested multi-second catch-up. */
const LATENCY_BUCKETS = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function createMetrics(instanceId: string) {
  const registry = new Registry();
  const registers = [registry];
  // Event-loop lag (nodejs_eventloop_lag_*), heap, GC, CPU and open file descriptors.
  collectDefaultMetrics({ register: registry });

  new Gauge({
    name: "liveblog_instance_info",
    help: "Always 1; carries the INSTANCE_ID this process logs with.",
    labelNames: ["instance_id"],
    registers,
  }).set({ instance_id: instanceId }, 1);

  return {
    registry,
    httpDuration: new Histogram({
      name: "liveblog_http_request_duration_seconds",
      help: "HTTP requests by method, route pattern and status (Socket.IO's own requests excluded).",
      labelNames: ["method", "route", "status"],
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    eventsPublished: new Counter({
      name: "liveblog_events_published_total",
      help: "Live events this instance wrote and published, by type.",
      labelNames: ["type"],
      registers,
    }),
    eventsDelivered: new Counter({
      name: "liveblog_events_delivered_total",
      help: "blog:event messages sent to this instance's readers (one per reader and event).",
      registers,
    }),
    deliveryLatency: new Histogram({
      name: "liveblog_event_delivery_seconds",
      help: "From an event's `at` (when its write began) to its emit to this instance's readers.",
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    tallyBroadcasts: new Counter({
      name: "liveblog_tally_broadcasts_total",
      help: "blog:tallies sends of this instance: one per blog and tick whose votes or reactions changed, however many readers got it.",
      registers,
    }),
    redisErrors: new Counter({
      name: "liveblog_redis_errors_total",
      help: "Errors on this instance's Redis connections (each failed attempt while Redis is away).",
      labelNames: ["connection"],
      registers,
    }),
    redisReconnects: new Counter({
      name: "liveblog_redis_reconnects_total",
      help: "Times a Redis connection of this instance came back after it was lost.",
      labelNames: ["connection"],
      registers,
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
