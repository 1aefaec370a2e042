// The bounds of an audience request and their checks, shared by GraphQL and `tailor export audience`: one
// message per mistake, naming the field.
import { badInput } from '../common/errors/domain-error.js';

export const AUDIENCE_HORIZON_DAYS = { min: 1, max: 365, default: 30 } as const;
export const AUDIENCE_SIZE = { min: 1, max: 1000, default: 100 } as const;
/** Larger audiences for files (`tailor export audience`): streamed, not one GraphQL response. */
export const EXPORT_AUDIENCE_SIZE_MAX = 100_000;
export const AUDIENCE_MAX_ITEMS = 100;
const MAX_ID_LENGTH = 256;

export interface AudienceRequest {
  itemIds?: readonly string[] | null;
  category?: string | null;
  horizonDays?: number | null;
  size?: number | null;
}

export type AudienceTarget = { itemIds: string[] } | { category: string };

export interface CheckedAudienceRequest {
  target: AudienceTarget;
  horizonDays: number;
  size: number;
}

export function checkAudienceRequest(
  req: AudienceRequest,
  maxSize: number = AUDIENCE_SIZE.max,
): CheckedAudienceRequest {
  const hasItems = req.itemIds !== undefined && req.itemIds !== null;
  const hasCategory = req.category !== undefined && req.category !== null;
  if (hasItems === hasCategory) {
    throw badInput('give exactly one of itemIds or category', { argument: 'itemIds' });
  }
  const horizonDays = req.horizonDays ?? AUDIENCE_HORIZON_DAYS.default;
  if (
    !Number.isInteger(horizonDays) ||
    horizonDays < AUDIENCE_HORIZON_DAYS.min ||
    horizonDays > AUDIENCE_HORIZON_DAYS.max
  ) {
    throw badInput(
      `horizonDays must be a whole number from ${AUDIENCE_HORIZON_DAYS.min} to ${AUDIENCE_HORIZON_DAYS.max}, got ${horizonDays}`,
      { argument: 'horizonDays' },
    );
  }
  const size = req.size ?? AUDIENCE_SIZE.default;
  if (!Number.isInteger(size) || size < AUDIENCE_SIZE.min || size > maxSize) {
    throw badInput(`size must be a whole number from ${AUDIENCE_SIZE.min} to ${maxSize}, got ${size}`, {
      argument: 'size',
    });
  }
  if (hasItems) {
    const itemIds = [...new Set(req.itemIds!.map((id) => id.trim()))];
    if (itemIds.length === 0 || itemIds.length > AUDIENCE_MAX_ITEMS) {
      throw badInput(`itemIds must hold 1 to ${AUDIENCE_MAX_ITEMS} item ids, got ${itemIds.length}`, {
        argument: 'itemIds',
      });
    }
    if (itemIds.some((id) => id.length === 0 || id.length > MAX_ID_LENGTH)) {
      throw badInput(`itemIds must be non-empty ids of at most ${MAX_ID_LENGTH} characters`, { argument: 'itemIds' });
    }
    return { target: { itemIds }, horizonDays, size };
  }
  const category = req.category!.trim();
  if (category.length === 0 || category.length > MAX_ID_LENGTH) {
    throw badInput(`category must be a non-empty name of at most ${MAX_ID_LENGTH} characters`, {
      argument: 'category',
    });
  }
  return { target: { category }, horizonDays, size };
}
