import { channelCustomerType } from '../kit/channel-customer';

/** The hub's Customer, extended here with what the call centre knows of them. */
export const Customer = channelCustomerType('A customer (owned by the customer hub); the call centre adds calls, tickets and callback windows.');
export type Customer = InstanceType<typeof Customer>;
