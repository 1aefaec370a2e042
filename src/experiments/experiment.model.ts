import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { JSONScalar } from '../graphql/json.scalar.js';

export enum ExperimentStatusEnum {
  DRAFT = 'draft',
  RUNNING = 'running',
  STOPPED = 'stopped',
  SHIPPED = 'shipped',
}
registerEnumType(ExperimentStatusEnum, {
  name: 'ExperimentStatus',
  description: 'Where an experiment is in its life: draft → running → stopped, and shipped once a variant is chosen.',
  valuesMap: {
    DRAFT: { description: 'Created, not serving: startExperiment starts it.' },
    RUNNING: { description: 'Assigning users to variants and logging exposures (one per placement and segment).' },
    STOPPED: { description: 'No longer serving; the report stays available and a variant can still ship.' },
    SHIPPED: { description: 'A variant was shipped: its weights became the placement’s.' },
  },
});

export enum ExperimentVerdictEnum {
  WINNER = 'WINNER',
  NO_DIFFERENCE_YET = 'NO_DIFFERENCE_YET',
  GUARDRAIL_BREACHED = 'GUARDRAIL_BREACHED',
}
registerEnumType(ExperimentVerdictEnum, {
  name: 'ExperimentVerdict',
  description: 'What the report concludes about conversion, the primary metric.',
  valuesMap: {
    WINNER: { description: 'A treatment converts significantly better than the control (verdictVariant).' },
    NO_DIFFERENCE_YET: { description: 'Too few users, or no significant difference.' },
    GUARDRAIL_BREACHED: { description: 'A treatment converts significantly worse than the control: stop it.' },
  },
});

@ObjectType('ExperimentVariant', { description: 'One arm of an experiment: what its users are served.' })
export class ExperimentVariantModel {
  @Field({ description: 'Unique within the experiment: 1-64 letters, digits, "-" or "_".' })
  name!: string;

  @Field({ description: 'Whether this is the control the other variants are compared with (exactly one is).' })
  control!: boolean;

  @Field(() => Float, { description: 'Fraction of the targeted users assigned to it, in (0, 1]; the shares sum to 1.' })
  trafficShare!: number;

  @Field(() => JSONScalar, {
    nullable: true,
    description: "Blend weights as a JSON object, source → weight; null = the placement's weights.",
  })
  weights!: unknown;

  @Field(() => String, {
    nullable: true,
    description: 'The registered model version it serves; null = the active one (also when that version cannot load).',
  })
  modelVersion!: string | null;
}

@ObjectType('Experiment', {
  description: 'An A/B test of blend weights or model versions on one placement (optionally one customer segment).',
})
export class ExperimentModel {
  @Field(() => ID, { description: 'A positive integer, assigned at creation.' })
  id!: string;

  @Field({ description: 'Free text, 1-200 characters.' })
  name!: string;

  @Field({ description: 'The placement tested: HOME, PRODUCT, CART or BUY_AGAIN.' })
  placement!: string;

  @Field(() => String, {
    nullable: true,
    description: 'The RFM segment or lifecycle stage whose users take part; null: every user.',
  })
  segment!: string | null;

  @Field(() => ExperimentStatusEnum, { description: 'Where the experiment is in its life.' })
  status!: ExperimentStatusEnum;

  /** Exposed by ExperimentsResolver.variants(first) so the complexity estimate can bound the list. */
  variants!: ExperimentVariantModel[];

  @Field({ description: 'When it was created (UTC).' })
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When it started (UTC); null while a draft.' })
  startedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When it stopped (UTC); null while a draft or running.' })
  stoppedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'The variant shipped; null until one is.' })
  shippedVariant!: string | null;

  @Field(() => Date, { nullable: true, description: 'When a variant was shipped (UTC); null until then.' })
  shippedAt!: Date | null;
}

@ObjectType('Interval', { description: '95 % confidence interval, in the unit of the value it bounds.' })
export class IntervalModel {
  @Field(() => Float, { description: 'Lower bound.' })
  low!: number;

  @Field(() => Float, { description: 'Upper bound.' })
  high!: number;
}

@ObjectType('ServedModelVersion', { description: 'How many of a variant’s responses one model version served.' })
export class ServedModelVersionModel {
  @Field(() => String, { nullable: true, description: 'The version; null: served without a trained model.' })
  modelVersion!: string | null;

  @Field(() => Int, { description: 'Responses (lists served, cache hits included).' })
  responses!: number;
}

@ObjectType('VariantReport', { description: 'One variant’s exposures, events and tests against the control.' })
export class VariantReportModel {
  @Field({ description: 'The variant’s name.' })
  name!: string;

  @Field({ description: 'Whether it is the control.' })
  control!: boolean;

  @Field(() => Int, { description: 'Distinct users who were served this variant.' })
  users!: number;

  @Field(() => Int, { description: "Items shown in this variant's responses." })
  impressions!: number;

  @Field(() => Int, { description: 'Distinct (response, item) pairs clicked among the items shown.' })
  clicks!: number;

  @Field(() => Int, {
    description: 'ADD_TO_CART events attributed to it (the requestId of one of its responses, an item shown in it).',
  })
  addToCarts!: number;

  @Field(() => Int, { description: 'Users with at least one attributed purchase.' })
  converters!: number;

  @Field(() => Float, { description: 'Σ quantity × price of attributed purchases, in the catalog’s currency.' })
  revenue!: number;

  @Field(() => Float, { description: 'Click-through rate: clicks / impressions, in [0, 1].' })
  ctr!: number;

  @Field(() => IntervalModel, { description: 'Wilson interval.' })
  ctrInterval!: IntervalModel;

  @Field(() => Float, { description: 'Conversion rate: converters / users, in [0, 1] (the primary metric).' })
  conversionRate!: number;

  @Field(() => IntervalModel, { description: 'Wilson interval.' })
  conversionInterval!: IntervalModel;

  @Field(() => Float, { description: 'Revenue per exposed user: revenue / users, in the catalog’s currency.' })
  revenuePerUser!: number;

  @Field(() => IntervalModel, { description: 'Normal interval of the mean.' })
  revenuePerUserInterval!: IntervalModel;

  @Field(() => Float, { nullable: true, description: "Conversion rate minus the control's (null for the control)." })
  conversionDifference!: number | null;

  @Field(() => IntervalModel, {
    nullable: true,
    description: 'Unpooled 95 % interval of that difference (null for the control).',
  })
  conversionDifferenceInterval!: IntervalModel | null;

  @Field(() => Float, {
    nullable: true,
    description: 'The p-value of a two-proportion z-test of conversion against the control (null for the control).',
  })
  conversionPValue!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'The p-value of a two-proportion z-test of CTR against the control (null for the control).',
  })
  ctrPValue!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'The p-value of a Welch (normal) test of revenue per user against the control (null for the control).',
  })
  revenuePValue!: number | null;

  /** Exposed by VariantReportResolver.servedBy(first). */
  servedBy!: ServedModelVersionModel[];
}

@ObjectType('ExperimentReport', {
  description: 'Results per variant and the verdict, computed from the exposures and events when asked for.',
})
export class ExperimentReportModel {
  @Field(() => ID, { description: 'The experiment reported on.' })
  experimentId!: string;

  @Field(() => ExperimentVerdictEnum, { description: 'What the tests conclude so far.' })
  verdict!: ExperimentVerdictEnum;

  @Field(() => String, {
    nullable: true,
    description: 'The winner, or the variant that breached the guardrail; null for NO_DIFFERENCE_YET.',
  })
  verdictVariant!: string | null;

  @Field({ description: 'The verdict in a sentence, with the numbers behind it.' })
  reason!: string;

  @Field({ description: 'The metric the verdict is about.' })
  primaryMetric!: string;

  @Field(() => Float, { description: 'Family-wise significance level, e.g. 0.05.' })
  alpha!: number;

  @Field(() => Float, { description: 'Per comparison: alpha / number of treatments (Bonferroni).' })
  comparisonAlpha!: number;

  @Field(() => Int, {
    description:
      'Users every variant needs before any verdict but NO_DIFFERENCE_YET (EXPERIMENT_MIN_USERS_PER_VARIANT).',
  })
  minUsersPerVariant!: number;

  /** Exposed by ExperimentReportResolver.variants(first). */
  variants!: VariantReportModel[];
}
