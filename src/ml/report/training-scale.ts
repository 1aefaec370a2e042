// What a training run read and where it bounded its work: the customer sample and every cap that keeps a step's cost
// from growing with customers × items. Shown in the report so that two runs on shops of different sizes can be
// compared knowing what each one left out.

/** What training read: every count before and after the customer sample. */
export interface TrainingSampleSummary {
  customers: number;
  events: number;
  keptCustomers: number;
  keptEvents: number;
  /** True when a bound applied (some customers were left out). */
  sampled: boolean;
  maxCustomers: number | null;
  maxEvents: number | null;
  recencyHalfLifeDays: number;
}

/** One bounded step: what it is, its bound, and whether the bound changed anything in this run. */
export interface ScaleCap {
  step: string;
  bound: string;
  applied: boolean;
}

export interface TrainingScale {
  sample: TrainingSampleSummary;
  caps: ScaleCap[];
}

export interface SoftmaxSettings {
  model: string;
  fullSoftmaxMaxItems: number;
  sampledNegatives: number;
}

export interface ScaleInputs {
  numItems: number;
  softmax: SoftmaxSettings[];
  /** Dense EASE behind the item-to-item table, null when it is off. */
  itemItemMaxItems: number | null;
  easeBaselineMaxItems: number;
  blendValidationUsers: { used: number; max: number };
  /** Test users evaluated, of those held out. */
  testUsers: { used: number; of: number };
  rankerMaxUsers: number | null;
}

/** Validation users of the blend weight search: 2000, fewer when users × items would exceed `maxScoreCells` (the
 * search holds a normalised score row over the catalog per user and source), never below 200. */
export function blendValidationUsers(numItems: number, maxScoreCells: number): number {
  return Math.max(200, Math.min(2000, Math.floor(maxScoreCells / Math.max(1, numItems))));
}

export function describeSample(s: TrainingSampleSummary): string {
  const pct = (a: number, b: number) => (b ? ((100 * a) / b).toFixed(0) : '0');
  return (
    `sampled ${s.keptCustomers} of ${s.customers} customers (${pct(s.keptCustomers, s.customers)} %) and ` +
    `${s.keptEvents} of ${s.events} purchase events (${pct(s.keptEvents, s.events)} %), recency half-life ` +
    `${s.recencyHalfLifeDays} days; bounds: ${s.maxCustomers ?? 'none'} customers, ${s.maxEvents ?? 'none'} events`
  );
}

export function trainingCaps(x: ScaleInputs): ScaleCap[] {
  const caps: ScaleCap[] = x.softmax.map((m) => {
    const sampled = x.numItems > m.fullSoftmaxMaxItems;
    return {
      step: `${m.model} model softmax`,
      bound: sampled
        ? `sampled: the step's targets + ${m.sampledNegatives} popularity negatives (logQ-corrected), ${x.numItems} items > ${m.fullSoftmaxMaxItems}`
        : `full over ${x.numItems} items (≤ ${m.fullSoftmaxMaxItems})`,
      applied: sampled,
    };
  });
  if (x.itemItemMaxItems !== null) {
    caps.push({
      step: 'item-to-item table (dense EASE)',
      bound: `fitted on the ${Math.min(x.numItems, x.itemItemMaxItems)} most popular of ${x.numItems} items (max ${x.itemItemMaxItems})`,
      applied: x.numItems > x.itemItemMaxItems,
    });
  }
  caps.push(
    {
      step: 'EASE baseline',
      bound: `fitted on at most ${x.easeBaselineMaxItems} items`,
      applied: x.numItems > x.easeBaselineMaxItems,
    },
    {
      step: 'blend weight search',
      bound: `${x.blendValidationUsers.used} validation users (max ${x.blendValidationUsers.max})`,
      applied: x.blendValidationUsers.max < 2000 && x.blendValidationUsers.used >= x.blendValidationUsers.max,
    },
  );
  caps.push({
    step: 'evaluation on the test baskets',
    bound: `${x.testUsers.used} of ${x.testUsers.of} test users`,
    applied: x.testUsers.used < x.testUsers.of,
  });
  if (x.rankerMaxUsers !== null) {
    caps.push({ step: 'learned ranker', bound: `at most ${x.rankerMaxUsers} validation shoppers`, applied: true });
  }
  return caps;
}

export function scaleMarkdown(scale: TrainingScale): string[] {
  return [
    '## Scale: sample and caps',
    '',
    scale.sample.sampled
      ? `Training ${describeSample(scale.sample)}.`
      : `Every customer read: ${scale.sample.customers} customers, ${scale.sample.events} purchase events (bounds ${scale.sample.maxCustomers ?? 'none'} customers, ${scale.sample.maxEvents ?? 'none'} events).`,
    '',
    '| step | bound | applied |',
    '|---|---|---|',
    ...scale.caps.map((c) => `| ${c.step} | ${c.bound} | ${c.applied ? 'yes' : 'no'} |`),
    '',
  ];
}
