import { Injectable } from '@nestjs/common';
import { badInput, DomainError } from '../common/errors/domain-error.js';
import { ContactFrequencyService } from '../contact-frequency/contact-frequency.service.js';
import { AudienceBuilder } from '../ml/audience/audience-builder.js';
import type { AudienceCandidate } from '../ml/audience/audience-ranking.js';
import type { ServingModel } from '../ml/serving/serving-model.js';
import { ModelServingService } from '../model-serving/model-serving.service.js';
import { userHistory } from '../recommendations/ranking/user-history.js';
import { checkAudienceRequest, type AudienceRequest, type AudienceTarget } from './audience-request.js';
import { AudiencesRepository, type AudiencePageCustomer } from './audiences.repository.js';

const DAY_MS = 86_400_000;
/** Customers read and scored per database round trip. */
const PAGE_SIZE = 500;

export interface AudienceMember {
  userId: string;
  score: number;
  /** The target item the score leans on most: the one to pitch. */
  itemId: string;
  reason: string;
}

export interface AudienceExclusions {
  /** Bought one of the target items within the horizon before the data's newest event. */
  recentPurchase: number;
  /** Refused personalisation. */
  optedOut: number;
  /** The pitched item is at its contact cap on a placement (checked for the customers the audience reached). */
  contactCap: number;
}

export interface Audience {
  modelVersion: string;
  horizonDays: number;
  members: AudienceMember[];
  excluded: AudienceExclusions;
  /** Customers with purchases whose scores were computed. */
  customersScored: number;
}

/**
 * Audiences: the customers most likely to buy given items (or a category) within a horizon, from the served model
 * read in reverse (src/ml/audience), leaving out those who refused personalisation, bought the items recently or
 * reached a contact cap. Customers are read a page at a time; only the best candidates are kept.
 */
@Injectable()
export class AudiencesService {
  constructor(
    private readonly repository: AudiencesRepository,
    private readonly serving: ModelServingService,
    private readonly contactFrequency: ContactFrequencyService,
  ) {}

  async build(request: AudienceRequest, maxSize?: number): Promise<Audience> {
    const { target, horizonDays, size } = checkAudienceRequest(request, maxSize);
    const itemIds = await this.targetItems(target);
    const lease = this.serving.lease();
    try {
      const model = lease.served?.model;
      if (!model) {
        throw new DomainError('CONFLICT', 'audiences need a trained model and none serves yet: run `tailor train`');
      }
      const targets = itemIds
        .map((id) => model.indexOf(id))
        .filter((i): i is number => i !== undefined && i < model.numItems);
      if (targets.length === 0) {
        throw badInput(`none of the target items is known to model ${model.version}: train again after adding them`, {
          argument: 'itemIds' in target ? 'itemIds' : 'category',
        });
      }
      const nowMs = (await this.repository.newestEventMs()) ?? Date.now();
      const [optedOut, recentBuyers] = await Promise.all([
        this.repository.optedOut(),
        this.repository.recentBuyers(itemIds, nowMs - horizonDays * DAY_MS),
      ]);
      const excluded: AudienceExclusions = { recentPurchase: 0, optedOut: 0, contactCap: 0 };
      // Room for customers the contact cap turns away after ranking.
      const builder = new AudienceBuilder(model, lease.served!.bundle.manifest.blend, {
        targets,
        horizonDays,
        capacity: size * 2 + 50,
        nowMs,
      });
      for (let after = '0'; ;) {
        const page = await this.repository.customerPage(after, PAGE_SIZE);
        if (page.length === 0) break;
        after = page[page.length - 1].internalId;
        for (const customer of page) {
          if (optedOut.has(customer.userId)) excluded.optedOut++;
          else if (recentBuyers.has(customer.userId)) excluded.recentPurchase++;
          else builder.add(toAudienceCustomer(customer, model));
        }
      }
      const members = await this.withinContactCaps(builder.ranked(), model, size, excluded);
      return {
        modelVersion: model.version,
        horizonDays,
        members: await this.explain(members, model, horizonDays),
        excluded,
        customersScored: builder.scored,
      };
    } finally {
      lease.release();
    }
  }

  private async targetItems(target: AudienceTarget): Promise<string[]> {
    if ('category' in target) {
      const items = await this.repository.categoryItems(target.category);
      if (items.length === 0) throw badInput(`no item is in category "${target.category}"`, { argument: 'category' });
      return items;
    }
    const known = await this.repository.existingItems(target.itemIds);
    const unknown = target.itemIds.filter((id) => !known.has(id));
    if (unknown.length > 0) {
      throw badInput(`unknown item ids: ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ', …' : ''}`, {
        argument: 'itemIds',
      });
    }
    return target.itemIds;
  }

  /** The first `size` candidates whose pitched item is under every placement's contact cap. */
  private async withinContactCaps(
    ranked: AudienceCandidate[],
    model: ServingModel,
    size: number,
    excluded: AudienceExclusions,
  ): Promise<AudienceCandidate[]> {
    const capped = this.contactFrequency.all().filter((p) => p.cap !== null);
    if (capped.length === 0) return ranked.slice(0, size);
    const kept: AudienceCandidate[] = [];
    for (const c of ranked) {
      if (kept.length === size) break;
      const itemId = model.idAt(c.itemIndex)!;
      const suppressed = await Promise.all(capped.map((p) => this.contactFrequency.suppressed(c.userId, p.placement)));
      if (suppressed.some((s) => s.has(itemId))) excluded.contactCap++;
      else kept.push(c);
    }
    return kept;
  }

  private async explain(
    kept: AudienceCandidate[],
    model: ServingModel,
    horizonDays: number,
  ): Promise<AudienceMember[]> {
    const ids = kept.map((c) => model.idAt(c.itemIndex)!);
    const titles = await this.repository.titles([...new Set(ids)]);
    return kept.map((c, k) => ({
      userId: c.userId,
      score: c.score,
      itemId: ids[k],
      reason:
        `Their list ranks ${titles.get(ids[k]) ?? ids[k]} #${c.itemRank + 1}; ` +
        `${c.expectedOrders.toFixed(1)} orders expected in ${horizonDays} days`,
    }));
  }
}

function toAudienceCustomer(c: AudiencePageCustomer, model: ServingModel) {
  let firstMs = Infinity;
  const baskets = new Set<string>();
  for (const l of c.lines) {
    baskets.add(l.basket);
    if (l.ms < firstMs) firstMs = l.ms;
  }
  return {
    userId: c.userId,
    history: userHistory(c.lines, (id) => {
      const i = model.indexOf(id);
      return i !== undefined && i < model.numItems ? i : undefined;
    }),
    orders: baskets.size,
    firstMs,
    forecast: c.forecast,
  };
}
