import { SetMetadata } from '@nestjs/common';

/**
 * Who may call an operation, from least to most privileged. `public` needs no credential (REST only,
 * e.g. /health); `storefront` is a storefront key; `admin` can do everything.
 */
export type Role = 'public' | 'storefront' | 'admin';
/** Roles a credential can carry. */
export type CallerRole = Exclude<Role, 'public'>;

const RANK: Record<Role, number> = { public: 0, storefront: 1, admin: 2 };

export const ROLES_METADATA = 'tailor:roles';

/**
 * The least privileged role that may call this resolver method (or controller handler). Anything
 * without it requires `admin`: new operations are protected until someone opens them on purpose.
 */
export const Roles = (role: Role) => SetMetadata(ROLES_METADATA, role);

/** A REST handler anyone may call without a credential (health checks). */
export const Public = () => Roles('public');

/** Whether `caller` (undefined: no credential) satisfies `required` (undefined: not marked → admin). */
export function roleAllows(required: Role | undefined, caller: CallerRole | undefined): boolean {
  const need = RANK[required ?? 'admin'];
  return need === 0 || (caller !== undefined && RANK[caller] >= need);
}

export function isCallerRole(value: unknown): value is CallerRole {
  return value === 'storefront' || value === 'admin';
}
