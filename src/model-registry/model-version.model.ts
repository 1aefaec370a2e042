import { Field, Float, ID, ObjectType } from '@nestjs/graphql';
import { JSONScalar } from '../graphql/json.scalar.js';

@ObjectType('ModelVersion', { description: 'A trained model version in the registry.' })
export class ModelVersionModel {
  @Field(() => ID, { description: 'The version id, also the name of its artifact folder under MODELS_DIR.' })
  id!: string;

  @Field({
    description:
      'Its state: registered (trained, not serving), active (the one every instance serves), retired (served before) or failed (cannot be activated).',
  })
  status!: string;

  @Field({ description: 'When training registered it (UTC).' })
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When it was last made active (UTC); null: never.' })
  activatedAt!: Date | null;

  @Field({ description: 'The protocol metric versions are compared on, e.g. ndcg@10:all.' })
  primaryMetricName!: string;

  @Field(() => Float, {
    nullable: true,
    description: 'Its value on the held-out test set, in [0, 1]; null when the training recorded none.',
  })
  primaryMetric!: number | null;

  @Field(() => JSONScalar, {
    description: 'Evaluation rows: served blend, each source and the baselines, per setting.',
  })
  evaluation!: unknown;

  @Field({ description: 'Admin-only page with the training report (GET, same admin key).' })
  reportUrl!: string;
}
