import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** The user being forgotten, as each store knows it. */
export interface ErasureSubject {
  /** users.external_id (the storefront's id). */
  externalId: string;
  /** users.id as text, or null when the user has no row (e.g. only cold-start traffic, no events). */
  internalId: string | null;
}

/**
 * A feature that keeps per-user data outside the core tables (events, users, user_segments) and
 * must delete it when a user is forgotten. It runs inside forgetUser's transaction, before the user
 * row is deleted, so an error rolls the whole erasure back and nothing is half-forgotten.
 *
 * Register it once at start, e.g. in the feature's service:
 *   constructor(private readonly erasers: UserDataErasers) {}
 *   onModuleInit() { this.erasers.register(this); }
 * (PrivacyModule is global, so no import is needed.) Tables whose user column references
 * users(id) ON DELETE CASCADE are deleted with the user row anyway; an eraser is still needed to
 * report their counts, and for rows keyed by the external id (users without a row).
 */
export interface UserDataEraser {
  /** Shown in ForgetUserResult.erased and in the audit log, e.g. "experiment-exposures". */
  readonly erasureName: string;
  /** Deletes the subject's rows using `tx` (never another connection); returns the rows deleted. */
  eraseUser(tx: EntityManager, subject: ErasureSubject): Promise<number>;
}

/** The registry of user-data erasers (the same pattern as HealthService.register). */
@Injectable()
export class UserDataErasers {
  private readonly erasers: UserDataEraser[] = [];

  register(eraser: UserDataEraser): void {
    if (this.erasers.some((e) => e.erasureName === eraser.erasureName)) {
      throw new Error(`a user-data eraser named "${eraser.erasureName}" is already registered`);
    }
    this.erasers.push(eraser);
  }

  list(): readonly UserDataEraser[] {
    return [...this.erasers];
  }
}
