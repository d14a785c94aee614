/**
 * fetch for the JSON API: errors arrive as `ApiError` carrying the contract's code and message
 * (DESIGN.md error shape), and a network failure is an ApiError with status 0, said plainly.
 */
import { isErrorCode, type ClientErrorCode } from "../../shared/error-codes.js";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ClientErrorCode,
    message: string,
    readonly details: unknown[] = [],
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export interface ApiRequest {
  method?: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * Calls the API and returns the parsed JSON (undefined for 204). Reads revalidate with the
 * server (`no-cache`): entry lists are publicly cacheable, but a page that is live must not
 * take a stale copy from the browser cache.
 */
export async function api<T>(path: string, request: ApiRequest = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: request.method ?? "GET",
      headers: {
        Accept: "application/json",
        ...(request.body === undefined ? {} : { "Content-Type": "application/json" }),
        ...request.headers,
      },
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      cache: "no-cache",
      credentials: "same-origin",
    });
  } catch {
    throw new ApiError(
      0,
      "network",
      "Could not reach the server. Check your connection and try again.",
    );
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!response.ok) {
    const error = (json as { error?: { code?: unknown; message?: string; details?: unknown[] } })
      ?.error;
    throw new ApiError(
      response.status,
      isErrorCode(error?.code) ? error.code : "http_error",
      error?.message ?? `The server answered ${response.status}.`,
      error?.details,
    );
  }
  return json as T;
}
