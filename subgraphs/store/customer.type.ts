import { channelCustomerTypeWithConsent } from '../kit/channel-customer';

/** The hub's Customer, extended here with what the store system knows of them, with the consent in force its consent-conditioned fields read. */
export const Customer = channelCustomerTypeWithConsent('A customer (owned by the customer hub); the store system adds loyalty and receipts.');
export type Customer = InstanceType<typeof Customer>;
