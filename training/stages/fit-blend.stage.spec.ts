import type { TrainedModel } from '../../src/ml/artifact/model-artifact.js';
import { servedBlendRecipes } from './fit-blend.stage.js';
import { ItemItemFitter } from './item-item-fitter.js';

describe('servedBlendRecipes', () => {
  const collaborative = { name: 'collaborative' } as unknown as TrainedModel;
  const sequence = { name: 'sequence' } as unknown as TrainedModel;
  const itemItem = { lambda: 500, neighbours: 200, maxItems: 6000 };

  it('lists popularity, repeat-purchase, the TF models in config order, then the item-to-item table', () => {
    const { recipes, itemItem: fitter } = servedBlendRecipes(
      { models: ['sequence', 'collaborative'], itemItem },
      { collaborative, sequence },
    );
    expect(recipes.map((r) => r.name)).toEqual([
      'Popularity',
      'RepeatPurchase',
      'sequence',
      'collaborative',
      'ItemItem',
    ]);
    expect(fitter).toBeInstanceOf(ItemItemFitter);
    expect(fitter!.params).toEqual(itemItem);
    expect(recipes.slice(2).map((r) => r.normalisation)).toEqual(['zscore', 'zscore', 'zscore']);
  });

  it('fits each TF model as the weights already trained, whatever data the blend passes', async () => {
    const { recipes } = servedBlendRecipes({ models: ['collaborative'], itemItem: false }, { collaborative });
    const recipe = recipes.find((r) => r.name === 'collaborative')!;
    expect(await recipe.fit({ numItems: 1, histories: [] })).toBe(collaborative);
  });

  it('leaves the item-to-item table out when the config turns it off', () => {
    const { recipes, itemItem: fitter } = servedBlendRecipes({ models: [], itemItem: false }, {});
    expect(recipes.map((r) => r.name)).toEqual(['Popularity', 'RepeatPurchase']);
    expect(fitter).toBeNull();
  });
});
