import { channelCustomerTypeWithConsent } from '../kit/channel-customer';

/** The hub's Customer, extended here with what the web shop knows of them, with the consent in force its consent-conditioned fields read. */
export const Customer = channelCustomerTypeWithConsent('A customer (owned by the customer hub); the web shop adds orders, cart, reviews, searches, cards and addresses.');
export type Customer = InstanceType<typeof Customer>;
