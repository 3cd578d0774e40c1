// Shared setup for the HubSpot emulator suites: the real, unmodified @hubspot/api-client
// pointed at the emulator over loopback.
import { Client } from "@hubspot/api-client";
import {
  type EmulatorOptionsInput,
  type HubSpotEmulator,
  startHubSpotEmulator,
} from "../../../sandbox/hubspot/server.ts";

export const TOKEN = "pat-na1-test-token-0001";

/** Parsed JSON bodies, asserted field by field in the tests. */
// biome-ignore lint/suspicious/noExplicitAny: test assertions walk arbitrary JSON
export type Json = any;

export async function startEmulator(options: EmulatorOptionsInput = {}): Promise<HubSpotEmulator> {
  return startHubSpotEmulator({ accessTokens: [TOKEN], ...options });
}

export function clientFor(emulator: HubSpotEmulator, extra: Record<string, unknown> = {}): Client {
  return new Client({ accessToken: TOKEN, basePath: emulator.url, ...extra });
}

/** Raw call (for status codes, headers and bodies the generated client hides). */
export async function raw(
  emulator: HubSpotEmulator,
  method: string,
  path: string,
  body?: unknown,
  token: string | null = TOKEN,
): Promise<{ status: number; headers: Headers; body: Json }> {
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (token) headers.Authorization = `Bearer ${token}`;
  const init: RequestInit = { method, headers };
  if (body !== undefined) init.body = JSON.stringify(body);
  const res = await fetch(`${emulator.url}${path}`, init);
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

/** The ApiException the generated client throws, or fails the test. */
export async function apiError(
  promise: Promise<unknown>,
): Promise<{ code: number; body: Json; headers: Json }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { code?: number; body?: unknown; headers?: unknown };
    if (typeof e.code !== "number") throw error;
    return { code: e.code, body: e.body, headers: e.headers };
  }
  throw new Error("expected the call to fail");
}
