import { channelCustomerTypeWithConsent } from '../kit/channel-customer';

/** The hub's Customer, extended here with what the campaign tool knows of them, with the consent in force its consent-conditioned fields read. */
export const Customer = channelCustomerTypeWithConsent('A customer (owned by the customer hub); the marketing system adds messages, segments, coupons and consents.');
export type Customer = InstanceType<typeof Customer>;
