import { z } from "zod";

/**
 * A row id as it arrives from a form, a URL or a server-action argument: our ids are cuids
 * (25 characters), and the bound keeps anything absurd out before a query runs. The one id
 * schema for services, actions and forms (no server-only imports, so client code may use it).
 */
export const idSchema = z.string().min(1).max(64);
