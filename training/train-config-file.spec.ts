import { DEFAULT_TRAIN_CONFIG } from './train.command.js';
import { loadTrainConfig } from './train-config.js';

describe('the shipped training config file', () => {
  it('parses and states exactly the built-in defaults', () => {
    expect(loadTrainConfig(DEFAULT_TRAIN_CONFIG)).toEqual(loadTrainConfig(undefined));
  });
});
