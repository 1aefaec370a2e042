import type { Dataset, UserHistory } from '../../src/ml/dataset.js';
import { TrainDataError } from '../train-data-error.js';
import { describeDataWindow, splitTrainingData, timeRange } from './split-data.stage.js';

const basket = (id: number, items: number[]) => ({ id, time: id * 1000, items, quantities: items.map(() => 1) });
const user = (id: number, baskets: number[][]): UserHistory => ({
  user: id,
  baskets: baskets.map((items, i) => basket(id * 10 + i, items)),
});

describe('splitTrainingData', () => {
  it('holds out the last basket for the test and the one before it for validation', () => {
    const histories = [user(0, [[0], [1], [2]]), user(1, [[3]])];
    const { split, val } = splitTrainingData(histories, 4, { minBaskets: 2 });
    expect(split.test.map((c) => c.target.items)).toEqual([[2]]);
    expect(split.train.map((h) => h.baskets.length)).toEqual([2, 1]);
    expect(val.test.map((c) => c.target.items)).toEqual([[1]]);
    expect(val.train.map((h) => h.baskets.map((b) => b.items))).toEqual([[[0]], [[3]]]);
  });

  it('refuses data where no user has enough baskets, naming the threshold', () => {
    const histories = [user(0, [[0], [1]])];
    expect(() => splitTrainingData(histories, 2, { minBaskets: 3 })).toThrow(TrainDataError);
    expect(() => splitTrainingData(histories, 2, { minBaskets: 3 })).toThrow('no user has 3 or more baskets');
  });
});

describe('describeDataWindow', () => {
  it('spans the earliest to the latest purchase and counts events, users and items', () => {
    const dataset: Dataset = {
      userIds: ['u1', 'u2'],
      itemIds: ['a', 'b', 'c'],
      items: [],
      interactions: [
        { user: 0, item: 0, basket: 0, time: Date.UTC(2011, 0, 5), quantity: 1 },
        { user: 1, item: 2, basket: 1, time: Date.UTC(2010, 11, 1), quantity: 2 },
        { user: 1, item: 1, basket: 2, time: Date.UTC(2011, 5, 30), quantity: 1 },
      ],
    };
    expect(describeDataWindow(dataset)).toEqual({
      from: '2010-12-01T00:00:00.000Z',
      to: '2011-06-30T00:00:00.000Z',
      purchaseEvents: 3,
      users: 2,
      items: 3,
    });
  });

  it('has no span without purchases', () => {
    const empty: Dataset = { userIds: [], itemIds: ['a'], items: [], interactions: [] };
    expect(describeDataWindow(empty)).toMatchObject({ from: null, to: null, purchaseEvents: 0, items: 1 });
  });
});

describe('timeRange', () => {
  it('finds the smallest and largest value', () => {
    expect(timeRange([5, -2, 9, 0])).toEqual({ min: -2, max: 9 });
    expect(timeRange([])).toBeNull();
  });

  it('handles more values than a call can take as arguments', () => {
    const many = Array.from({ length: 500_000 }, (_, i) => (i * 7919) % 500_000);
    expect(timeRange(many)).toEqual({ min: 0, max: 499_999 });
  });
});
