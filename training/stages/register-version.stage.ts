// Stage "register": the version goes into the registry, and is activated when the policy says so. The decision is
// taken before the artifact is written, so that the report states it.
import type { BundleManifest } from '../../src/ml/artifact/model-bundle.js';
import {
  activeVersionOf,
  decideActivation,
  type ActivationDecision,
  type ActivationPolicy,
} from '../../src/model-registry/activation-policy.js';
import type { ModelVersionRepository } from '../../src/model-registry/model-version.repository.js';

export async function decideVersionActivation(
  registry: ModelVersionRepository,
  policy: ActivationPolicy,
  primaryMetric: BundleManifest['primaryMetric'],
): Promise<ActivationDecision> {
  return decideActivation(
    policy,
    primaryMetric.name,
    primaryMetric.value,
    activeVersionOf(await registry.findActive()),
  );
}

export async function registerVersion(
  registry: ModelVersionRepository,
  artifactDir: string,
  manifest: BundleManifest,
  activation: ActivationDecision,
): Promise<void> {
  await registry.register({
    id: manifest.version,
    artifactPath: artifactDir,
    // the registry lists versions: the item id map stays in the artifact, its size is enough here
    manifest: { ...manifest, itemIds: undefined, itemCount: manifest.itemIds.length },
    metrics: { primaryMetric: manifest.primaryMetric.name, evaluation: manifest.evaluation },
    primaryMetric: manifest.primaryMetric.value,
  });
  if (activation.activate) await registry.activate(manifest.version);
}
