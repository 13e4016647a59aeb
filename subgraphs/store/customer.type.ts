import { channelCustomerType } from '../kit/channel-customer';

/** The hub's Customer, extended here with what the store system knows of them. */
export const Customer = channelCustomerType('A customer (owned by the customer hub); the store system adds loyalty and receipts.');
export type Customer = InstanceType<typeof Customer>;
