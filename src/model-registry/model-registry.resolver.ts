import { Args, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { badInput, notFound } from '../common/errors/domain-error.js';
import { ModelVersionModel } from './model-version.model.js';
import { ModelVersionRepository, type ModelVersionRecord } from './model-version.repository.js';

/** Longest list `modelVersions` returns. */
const MAX_VERSIONS = 200;

/** Admin only (no @Roles): the registry as product teams and operators see it. */
@Resolver(() => ModelVersionModel)
export class ModelRegistryResolver {
  constructor(private readonly registry: ModelVersionRepository) {}

  @Query(() => [ModelVersionModel], { description: 'Admin: trained model versions, newest first.' })
  async modelVersions(
    @Args('limit', {
      type: () => Int,
      defaultValue: 20,
      description: `At most this many, 1..${MAX_VERSIONS}; left out = 20.`,
    })
    limit: number,
  ): Promise<ModelVersionModel[]> {
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_VERSIONS) {
      throw badInput(`limit must be an integer between 1 and ${MAX_VERSIONS} (got ${limit})`, { argument: 'limit' });
    }
    return (await this.registry.list(limit)).map(toModel);
  }

  @Mutation(() => ModelVersionModel, {
    description:
      'Admin: makes a registered version the active one (every instance hot-swaps to it within a poll interval), e.g. to roll back.',
  })
  async activateModelVersion(
    @Args('id', { description: 'A registered version id (NOT_FOUND when unknown; a failed one is refused).' })
    id: string,
  ): Promise<ModelVersionModel> {
    const found = await this.registry.findById(id);
    if (!found) throw notFound(`model version "${id}" is not registered`);
    if (found.status === 'failed')
      throw badInput(`model version "${id}" failed and cannot be activated`, { argument: 'id' });
    await this.registry.activate(id);
    return toModel((await this.registry.findById(id))!);
  }
}

function toModel(v: ModelVersionRecord): ModelVersionModel {
  const metrics = v.metrics as { primaryMetric?: string; evaluation?: unknown };
  return {
    id: v.id,
    status: v.status,
    createdAt: v.createdAt,
    activatedAt: v.activatedAt,
    primaryMetricName: metrics.primaryMetric ?? '',
    primaryMetric: v.primaryMetric,
    evaluation: metrics.evaluation ?? [],
    reportUrl: `/admin/reports/${encodeURIComponent(v.id)}`,
  };
}
