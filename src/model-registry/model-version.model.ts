import { Field, Float, ID, ObjectType } from '@nestjs/graphql';
import { JSONScalar } from '../graphql/json.scalar.js';

@ObjectType('ModelVersion', { description: 'A trained model version in the registry.' })
export class ModelVersionModel {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'registered, active, retired or failed.' })
  status!: string;

  @Field()
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  activatedAt!: Date | null;

  @Field({ description: 'The protocol metric versions are compared on, e.g. ndcg@10:all.' })
  primaryMetricName!: string;

  @Field(() => Float, { nullable: true })
  primaryMetric!: number | null;

  @Field(() => JSONScalar, {
    description: 'Evaluation rows: served blend, each source and the baselines, per setting.',
  })
  evaluation!: unknown;

  @Field({ description: 'Admin-only page with the training report (GET, same admin key).' })
  reportUrl!: string;
}
