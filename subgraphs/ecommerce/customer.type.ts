import { channelCustomerType } from '../kit/channel-customer';

/** The hub's Customer, extended here with what the web shop knows of them. */
export const Customer = channelCustomerType('A customer (owned by the customer hub); the web shop adds orders, cart, reviews, searches, cards and addresses.');
export type Customer = InstanceType<typeof Customer>;
