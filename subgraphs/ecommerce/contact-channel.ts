// How the web shop serves a customer for a task (kit/contact-channel.ts): a link to the shop or the
// customer space, sent by e-mail; only to customers who use the web (or asked for it).
import type { ContactChannelDeclaration } from '../kit/contact-channel';

export const ecommerceContactChannels: Record<string, ContactChannelDeclaration> = {
  WEB: {
    label: 'the web shop',
    how: 'a link to the web shop or the customer space, sent by e-mail',
    media: ['email'],
    roles: { primary: ['SELL', 'INFORMATION'], also: ['AFTER_SALES', 'PROMOTION'] },
    onlyIfUsed: true,
    hours: null,
    followsContactHours: false,
  },
};
