import { ArgsType, Field, Int } from '@nestjs/graphql';

@ArgsType()
export class CustomerValueCellArgs {
  @Field({ description: 'The RFM segment of the cell, e.g. champions.' })
  segment!: string;

  @Field({ description: 'The value tier of the cell: high, medium or low.' })
  valueTier!: string;

  @Field({ description: 'The risk side of the cell: true for customers at risk.' })
  atRisk!: boolean;

  @Field(() => Int, { defaultValue: 50, description: 'At most this many customers, highest CLV first; 1..100.' })
  limit!: number;
}
