import { createHash, randomBytes } from 'node:crypto';

/**
 * A messenger module's API token (S-CH-2): 32 random bytes, shown once when the module is created
 * and kept only as its SHA-256, so a copy of the database cannot call the API. Random rather than
 * signed: it is revoked by replacing the stored hash, and a module is one row to look up anyway.
 */
export const MODULE_TOKEN_PREFIX = 'cdm_';

export function newModuleToken(): string {
  return MODULE_TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

export function hashModuleToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The token of an `Authorization: Bearer …` header, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  const m = header === undefined ? null : /^Bearer\s+(\S{1,512})\s*$/i.exec(header);
  return m?.[1];
}
