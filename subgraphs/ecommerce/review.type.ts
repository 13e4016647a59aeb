import { PageInfo } from '../../schema/common';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A product review written on the web shop (e-commerce system, table reviews).' })
@Directive('@key(fields: "id")')
export class Review {
  @Field(() => ID, { description: 'Review id (reviews.id).' })
  id!: string;

  @Field(() => String, { description: 'The web shop\'s code of the reviewed article (sku).' })
  sku!: string;

  @Field(() => Int, { description: 'Rating, from 1 (poor) to 5 (excellent).' })
  rating!: number;

  @Field(() => String, { description: 'Review title.' })
  title!: string;

  @Field(() => String, { description: 'Review text.' })
  body!: string;

  @Field(() => Boolean, { description: 'True once the review is shown on the web shop (moderated).' })
  published!: boolean;

  @Field(() => Date, { description: 'When the review was written (UTC).' })
  createdAt!: Date;

  @Field(() => ID, { description: 'The web account that wrote it (customers.id).' })
  webAccountId!: string;
}

@ObjectType({ description: 'A review and the cursor that points just after it.' })
export class ReviewEdge {
  @Field(() => String, { description: 'Opaque cursor: pass it as `after` to read the reviews that follow this one.' })
  cursor!: string;

  @Field(() => Review, { description: 'The review.' })
  node!: Review;
}

@ObjectType({ description: "A page of a customer's reviews, newest first." })
export class ReviewConnection {
  @Field(() => [ReviewEdge], { description: 'The reviews of this page, each with its cursor.' })
  edges!: ReviewEdge[];

  @Field(() => [Review], { description: 'The reviews of this page (the same as edges.node).' })
  nodes!: Review[];

  @Field(() => PageInfo, { description: 'Whether more reviews follow, and the cursor to ask for them.' })
  pageInfo!: PageInfo;
}
