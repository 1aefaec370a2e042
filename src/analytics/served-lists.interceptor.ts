import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { tap, type Observable } from 'rxjs';
import { ServingStatsService } from './serving-stats.service.js';

/** The placement each list-serving root field serves (recommendations names its own). */
const FIXED_PLACEMENT: Record<string, string> = { similarItems: 'PRODUCT', complementaryItems: 'CART' };

interface ServedList {
  cached: boolean;
  items: readonly unknown[];
}

/**
 * Counts every list the storefront is served (src/analytics, the dashboard's overview), on the resolvers that
 * serve lists. Left out: an admin's weights preview, and calls that skip the cache (`x-tailor-cache: bypass`:
 * benchmarks, tests, the dashboard itself), which are not storefront traffic.
 */
@Injectable()
export class ServedListsInterceptor implements NestInterceptor {
  constructor(private readonly stats: ServingStatsService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const [, args, ctx, info] =
      context.getArgs<[unknown, Record<string, unknown>, { req?: FastifyRequest }, { fieldName: string }]>();
    const field = info?.fieldName;
    const placement = FIXED_PLACEMENT[field] ?? (typeof args?.placement === 'string' ? args.placement : 'HOME');
    // CACHE_CONTROL_HEADER of recommendations.resolver.ts (imported there from here, so not imported back).
    if (args?.weights || ctx?.req?.headers?.['x-tailor-cache'] === 'bypass') return next.handle();
    return next.handle().pipe(
      tap((list) => {
        const served = list as ServedList | null;
        if (served && Array.isArray(served.items))
          this.stats.served(placement, served.cached === true, served.items.length);
      }),
    );
  }
}
