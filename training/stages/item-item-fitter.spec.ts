import type { TrainingData } from '../../src/ml/data/training-data.js';
import type { UserHistory } from '../../src/ml/dataset.js';
import { ItemItemFitter } from './item-item-fitter.js';
import { reusableEase } from './training-statistics.stage.js';

const history = (user: number, baskets: number[][]): UserHistory => ({
  user,
  baskets: baskets.map((items, i) => ({ id: user * 10 + i, time: i, items, quantities: items.map(() => 1) })),
});
const data = (histories: UserHistory[]): TrainingData => ({ numItems: 4, histories });

describe('ItemItemFitter', () => {
  const params = { lambda: 10, neighbours: 3, maxItems: 6000 };
  const a = [
    history(0, [
      [0, 1],
      [1, 2],
    ]),
    history(1, [
      [2, 3],
      [0, 3],
    ]),
  ];
  const b = [history(0, [[0, 1]]), history(1, [[2, 3]])];

  it('fits a table over the catalog and keeps the dense EASE behind it for those very histories', async () => {
    const fitter = new ItemItemFitter(params);
    const table = await fitter.fit(data(a));
    expect(table.params).toMatchObject(params);
    const ease = fitter.easeFittedOn(a);
    expect(ease).toBeDefined();
    expect(ease!.numItems).toBe(4);
    // equal content is not enough: the EASE is reused only for the same training data object
    expect(fitter.easeFittedOn([...a])).toBeUndefined();
  });

  it('keeps only the latest fit', async () => {
    const fitter = new ItemItemFitter(params);
    await fitter.fit(data(a));
    await fitter.fit(data(b));
    expect(fitter.easeFittedOn(a)).toBeUndefined();
    expect(fitter.easeFittedOn(b)).toBeDefined();
  });

  it('has nothing to reuse before its first fit', () => {
    expect(new ItemItemFitter(params).easeFittedOn(a)).toBeUndefined();
  });
});

describe('reusableEase', () => {
  it("reuses the table's EASE as the baseline only with the baseline's λ and item cap", () => {
    expect(reusableEase({ params: { lambda: 500, maxItems: 6000 } }, {})).toBe(true);
    expect(reusableEase({ params: { lambda: 200, maxItems: 6000 } }, { lambda: 200 })).toBe(true);
    expect(reusableEase({ params: { lambda: 500, maxItems: 6000 } }, { lambda: 200 })).toBe(false);
    expect(reusableEase({ params: { lambda: 500, maxItems: 3000 } }, {})).toBe(false);
  });
});
