// How the campaign tool serves a customer for a task (kit/contact-channel.ts): a message by e-mail,
// SMS or post, for promotions and information only.
import type { ContactChannelDeclaration } from '../kit/contact-channel';

export const marketingContactChannels: Record<string, ContactChannelDeclaration> = {
  MARKETING: {
    label: 'a marketing message',
    how: 'a campaign message by e-mail, SMS or post',
    media: ['email', 'sms', 'post'],
    roles: { primary: ['PROMOTION'], also: ['INFORMATION'] },
    onlyIfUsed: false,
    hours: null,
    followsContactHours: false,
  },
};
