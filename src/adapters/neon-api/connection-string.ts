/**
 * A Postgres URL for a Neon branch from its endpoint host and a role whose password driftcheck
 * holds as a secret (a read-only role created in SQL: the API may not reveal its password).
 * Every part is percent-encoded; the result contains the password — never log or store it.
 */
import { DriftcheckError } from "../../core/errors.js";

export interface ConnectionStringParts {
  host: string;
  database: string;
  role: string;
  password: string;
  /** Default `require` (Neon refuses plain connections); null leaves it out. */
  sslmode?: "require" | "verify-full" | null;
}

export function buildConnectionString(parts: ConnectionStringParts): string {
  for (const key of ["host", "database", "role"] as const) {
    if (!parts[key]) throw new DriftcheckError("user", `The Neon connection needs a ${key}.`);
  }
  if (!/^[A-Za-z0-9.-]+(:\d+)?$/.test(parts.host)) {
    throw new DriftcheckError("user", "The Neon endpoint host is not a host name.", { hint: "Expected something like ep-name-123456.region.aws.neon.tech." });
  }
  const userinfo = parts.password
    ? `${encodeURIComponent(parts.role)}:${encodeURIComponent(parts.password)}`
    : encodeURIComponent(parts.role);
  const sslmode = parts.sslmode === undefined ? "require" : parts.sslmode;
  return `postgresql://${userinfo}@${parts.host}/${encodeURIComponent(parts.database)}${sslmode ? `?sslmode=${sslmode}` : ""}`;
}
