import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { JSONScalar } from '../graphql/json.scalar.js';

export enum ExperimentStatusEnum {
  DRAFT = 'draft',
  RUNNING = 'running',
  STOPPED = 'stopped',
  SHIPPED = 'shipped',
}
registerEnumType(ExperimentStatusEnum, { name: 'ExperimentStatus' });

export enum ExperimentVerdictEnum {
  WINNER = 'WINNER',
  NO_DIFFERENCE_YET = 'NO_DIFFERENCE_YET',
  GUARDRAIL_BREACHED = 'GUARDRAIL_BREACHED',
}
registerEnumType(ExperimentVerdictEnum, {
  name: 'ExperimentVerdict',
  valuesMap: {
    WINNER: { description: 'A treatment converts significantly better than the control (verdictVariant).' },
    NO_DIFFERENCE_YET: { description: 'Too few users, or no significant difference.' },
    GUARDRAIL_BREACHED: { description: 'A treatment converts significantly worse than the control: stop it.' },
  },
});

@ObjectType('ExperimentVariant')
export class ExperimentVariantModel {
  @Field()
  name!: string;

  @Field()
  control!: boolean;

  @Field(() => Float)
  trafficShare!: number;

  @Field(() => JSONScalar, { nullable: true, description: "source → weight; null = the placement's weights." })
  weights!: unknown;

  @Field(() => String, { nullable: true })
  modelVersion!: string | null;
}

@ObjectType('Experiment')
export class ExperimentModel {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field()
  placement!: string;

  @Field(() => String, { nullable: true })
  segment!: string | null;

  @Field(() => ExperimentStatusEnum)
  status!: ExperimentStatusEnum;

  /** Exposed by ExperimentsResolver.variants(first) so the complexity estimate can bound the list. */
  variants!: ExperimentVariantModel[];

  @Field()
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  startedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  stoppedAt!: Date | null;

  @Field(() => String, { nullable: true })
  shippedVariant!: string | null;

  @Field(() => Date, { nullable: true })
  shippedAt!: Date | null;
}

@ObjectType('Interval', { description: '95 % confidence interval.' })
export class IntervalModel {
  @Field(() => Float)
  low!: number;

  @Field(() => Float)
  high!: number;
}

@ObjectType('ServedModelVersion')
export class ServedModelVersionModel {
  @Field(() => String, { nullable: true, description: 'null: served without a trained model.' })
  modelVersion!: string | null;

  @Field(() => Int)
  responses!: number;
}

@ObjectType('VariantReport')
export class VariantReportModel {
  @Field()
  name!: string;

  @Field()
  control!: boolean;

  @Field(() => Int, { description: 'Distinct users who were served this variant.' })
  users!: number;

  @Field(() => Int, { description: "Items shown in this variant's responses." })
  impressions!: number;

  @Field(() => Int, { description: 'Distinct (response, item) pairs clicked among the items shown.' })
  clicks!: number;

  @Field(() => Int)
  addToCarts!: number;

  @Field(() => Int, { description: 'Users with at least one attributed purchase.' })
  converters!: number;

  @Field(() => Float, { description: 'Σ quantity × price of attributed purchases.' })
  revenue!: number;

  @Field(() => Float, { description: 'clicks / impressions.' })
  ctr!: number;

  @Field(() => IntervalModel, { description: 'Wilson interval.' })
  ctrInterval!: IntervalModel;

  @Field(() => Float, { description: 'converters / users (the primary metric).' })
  conversionRate!: number;

  @Field(() => IntervalModel, { description: 'Wilson interval.' })
  conversionInterval!: IntervalModel;

  @Field(() => Float)
  revenuePerUser!: number;

  @Field(() => IntervalModel, { description: 'Normal interval of the mean.' })
  revenuePerUserInterval!: IntervalModel;

  @Field(() => Float, { nullable: true, description: "Conversion rate minus the control's (null for the control)." })
  conversionDifference!: number | null;

  @Field(() => IntervalModel, { nullable: true, description: 'Unpooled 95 % interval of that difference.' })
  conversionDifferenceInterval!: IntervalModel | null;

  @Field(() => Float, { nullable: true, description: 'Two-proportion z-test of conversion against the control.' })
  conversionPValue!: number | null;

  @Field(() => Float, { nullable: true, description: 'Two-proportion z-test of CTR against the control.' })
  ctrPValue!: number | null;

  @Field(() => Float, { nullable: true, description: 'Welch (normal) test of revenue per user against the control.' })
  revenuePValue!: number | null;

  /** Exposed by VariantReportResolver.servedBy(first). */
  servedBy!: ServedModelVersionModel[];
}

@ObjectType('ExperimentReport')
export class ExperimentReportModel {
  @Field(() => ID)
  experimentId!: string;

  @Field(() => ExperimentVerdictEnum)
  verdict!: ExperimentVerdictEnum;

  @Field(() => String, { nullable: true, description: 'The winner, or the variant that breached the guardrail.' })
  verdictVariant!: string | null;

  @Field()
  reason!: string;

  @Field({ description: 'The metric the verdict is about.' })
  primaryMetric!: string;

  @Field(() => Float, { description: 'Family-wise significance level.' })
  alpha!: number;

  @Field(() => Float, { description: 'Per comparison: alpha / number of treatments (Bonferroni).' })
  comparisonAlpha!: number;

  @Field(() => Int)
  minUsersPerVariant!: number;

  /** Exposed by ExperimentReportResolver.variants(first). */
  variants!: VariantReportModel[];
}
