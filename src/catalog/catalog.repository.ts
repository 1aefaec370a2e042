import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CatalogItem } from './catalog-item.js';

interface ItemRow {
  internal_id: string;
  external_id: string;
  title: string;
  description: string | null;
  categories: string[] | null;
  price: number | null;
  available: boolean;
  attributes: Record<string, unknown> | null;
  is_placeholder: boolean;
}

// Explicit casts so PostgreSQL (pg) and PGlite return the same JS types.
const SELECT_ITEMS = `SELECT id::text AS internal_id, external_id, title, description, categories,
  price::float8 AS price, available, attributes, is_placeholder FROM items`;

const toItem = (r: ItemRow): CatalogItem => ({
  internalId: r.internal_id,
  id: r.external_id,
  title: r.title,
  description: r.description,
  categories: r.categories ?? [],
  price: r.price === null ? null : Number(r.price),
  available: r.available,
  attributes: r.attributes ?? {},
  isPlaceholder: r.is_placeholder,
});

/** Reads the items table. The only place the catalog touches the database. */
@Injectable()
export class CatalogRepository {
  constructor(private readonly dataSource: DataSource) {}

  async loadAll(): Promise<CatalogItem[]> {
    const rows: ItemRow[] = await this.dataSource.query(`${SELECT_ITEMS} ORDER BY id`);
    return rows.map(toItem);
  }

  async findByExternalIds(ids: readonly string[]): Promise<CatalogItem[]> {
    if (ids.length === 0) return [];
    const rows: ItemRow[] = await this.dataSource.query(`${SELECT_ITEMS} WHERE external_id = ANY($1::text[])`, [ids]);
    return rows.map(toItem);
  }
}
