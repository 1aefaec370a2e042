import { PersonalTopFrequencyScorer } from './personal-top-frequency-scorer.js';

/**
 * The earlier name of P-TopFreq (score(u, i) = number of u's baskets containing i), kept so that existing
 * imports and the 'repeat-frequency' baseline name keep working.
 */
export class RepeatFrequencyScorer extends PersonalTopFrequencyScorer {
  constructor(numItems: number) {
    super(numItems, 'personal');
  }
}
