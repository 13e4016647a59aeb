// How the call centre serves a customer for a task (kit/contact-channel.ts): a phone call, within
// its opening hours (a documented default: the telephony tool holds none) and the customer's stated
// contact hours.
import type { ContactChannelDeclaration } from '../kit/contact-channel';

export const callcentreContactChannels: Record<string, ContactChannelDeclaration> = {
  CALL_CENTRE: {
    label: 'the call centre',
    how: 'an agent calls the customer',
    media: ['phone'],
    roles: { primary: ['AFTER_SALES', 'INFORMATION'], also: ['SELL', 'PROMOTION'] },
    onlyIfUsed: false,
    hours: { days: [1, 2, 3, 4, 5], opens: '09:00', closes: '18:00' },
    followsContactHours: true,
  },
};
