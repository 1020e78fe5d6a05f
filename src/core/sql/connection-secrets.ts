/**
 * Everything in a connection string that must never appear in an error: the password (as
 * written and URL-decoded), a `password=` query parameter, and the whole string. Works on
 * malformed strings too (that is when drivers echo their input), so it never uses `new URL`.
 * The user name alone is not a secret: `role "app" does not exist` must say which role.
 */
export function connectionSecrets(connectionString: string): string[] {
  const secrets = [connectionString];
  // userinfo runs from after `scheme://` to the LAST `@` before the host: passwords may hold `@` and `/`.
  const authority = /^[a-z][a-z0-9+.-]*:\/\/(.*)@/is.exec(connectionString);
  const userinfo = authority?.[1];
  if (userinfo !== undefined) {
    const colon = userinfo.indexOf(":");
    if (colon !== -1) secrets.push(...variants(userinfo.slice(colon + 1)), userinfo);
  }
  for (const match of connectionString.matchAll(/[?&]password=([^&#]*)/gi)) {
    if (match[1] !== undefined) secrets.push(...variants(match[1]));
  }
  return secrets.filter((secret) => secret.length > 0);
}

function variants(raw: string): string[] {
  try {
    return [raw, decodeURIComponent(raw)];
  } catch {
    return [raw];
  }
}
