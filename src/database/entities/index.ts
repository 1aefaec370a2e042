import { EventEntity } from './event.entity.js';
import { ItemEntity } from './item.entity.js';
import { ModelVersionEntity } from './model-version.entity.js';
import { SettingEntity, SettingHistoryEntity } from './setting.entity.js';
import { UserEntity } from './user.entity.js';

export { EventEntity, ItemEntity, ModelVersionEntity, SettingEntity, SettingHistoryEntity, UserEntity };
export const ALL_ENTITIES = [
  ItemEntity,
  UserEntity,
  EventEntity,
  ModelVersionEntity,
  SettingEntity,
  SettingHistoryEntity,
];
