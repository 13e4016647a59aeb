// How the store serves a customer for a task (kit/contact-channel.ts): in person, nothing is sent.
// MAGASIN holds no opening hours: these are the documented default (README "The channel of the
// customer's choice").
import type { ContactChannelDeclaration } from '../kit/contact-channel';

export const storeContactChannels: Record<string, ContactChannelDeclaration> = {
  STORE: {
    label: 'the store',
    how: 'the customer is served in person when they come to a store',
    media: [],
    roles: { primary: ['SELL', 'AFTER_SALES'], also: ['INFORMATION', 'PROMOTION'] },
    onlyIfUsed: false,
    hours: { days: [1, 2, 3, 4, 5, 6], opens: '09:00', closes: '19:30' },
    followsContactHours: false,
  },
};
