import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import {
  Field,
  GraphQLSchemaBuilderModule,
  GraphQLSchemaFactory,
  ObjectType,
  Query,
  Resolver,
  type FieldMiddleware,
} from '@nestjs/graphql';
import { execute, parse, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery } from 'graphql-jit';
import { removePlainPropertyResolvers } from './plain-property-resolvers.js';

const upper: FieldMiddleware = async (_ctx, next) => String(await next()).toUpperCase();

@ObjectType()
class Shelf {
  @Field()
  title!: string;

  @Field(() => [String])
  tags!: string[];

  @Field({ name: 'label' })
  internalLabel!: string;

  @Field({ nullable: true, defaultValue: 'none' })
  note?: string;

  @Field({ middleware: [upper] })
  shout!: string;
}

const SHELVES: Partial<Shelf>[] = [
  { title: 'Lanterns', tags: ['metal'], internalLabel: 'L1', note: 'new', shout: 'hello' },
  { title: 'Hearts', tags: [], internalLabel: 'H2', shout: 'hi' },
];

@Resolver(() => Shelf)
class ShelfResolver {
  @Query(() => [Shelf])
  shelves(): Partial<Shelf>[] {
    return SHELVES;
  }
}

const QUERY = '{ shelves { title tags label note shout } }';

async function codeFirstSchema(): Promise<GraphQLSchema> {
  const app = await NestFactory.createApplicationContext(GraphQLSchemaBuilderModule, { logger: false });
  await app.init();
  try {
    const schema = await app.get(GraphQLSchemaFactory).create([ShelfResolver]);
    // The schema factory declares the query; binding it to the resolver class is GraphQLModule's work.
    schema.getQueryType()!.getFields().shelves.resolve = () => SHELVES;
    return schema;
  } finally {
    await app.close();
  }
}

async function run(schema: GraphQLSchema, jit: boolean): Promise<unknown> {
  const document = parse(QUERY);
  if (!jit) return execute({ schema, document, rootValue: undefined });
  const compiled = compileQuery(schema, document);
  if (!isCompiledQuery(compiled)) throw new Error(JSON.stringify(compiled));
  return compiled.query(undefined, {}, {});
}

describe('removePlainPropertyResolvers', () => {
  it('drops only the resolvers that read the property named like the field, and answers stay the same', async () => {
    const before = await codeFirstSchema();
    const expected = await run(before, false);
    expect(expected).toEqual({
      data: {
        shelves: [
          { title: 'Lanterns', tags: ['metal'], label: 'L1', note: 'new', shout: 'HELLO' },
          { title: 'Hearts', tags: [], label: 'H2', note: 'none', shout: 'HI' },
        ],
      },
    });

    const schema = await codeFirstSchema();
    expect(removePlainPropertyResolvers(schema)).toBe(2);
    const shelf = schema.getType('Shelf') as GraphQLObjectType;
    const fields = shelf.getFields();
    expect(fields.title.resolve).toBeUndefined();
    expect(fields.tags.resolve).toBeUndefined();
    // renamed property, defaultValue, field middleware: kept
    expect(fields.label.resolve).toBeDefined();
    expect(fields.note.resolve).toBeDefined();
    expect(fields.shout.resolve).toBeDefined();
    expect(schema.getQueryType()!.getFields().shelves.resolve).toBeDefined();

    expect(await run(schema, true)).toEqual(expected);
    expect(await run(schema, false)).toEqual(expected);
  });
});
