// How a channel serves a customer for a task (issue 15 item 4, Customer.suggestedChannel): each
// channel declares it beside its other declarations (`contactChannels` in its definition, its own
// `contact-channel.ts`), so that the hub, which suggests a channel, names none. A `Channel` value
// no definition describes gets NEUTRAL_CONTACT_CHANNEL (below).
//
// Opening hours are wall-clock hours in Europe/Paris (the legacy systems' local time): the weekly
// hours of each channel are a documented default, the legacy systems hold none (MAGASIN has no
// hours column); README "The channel of the customer's choice" lists them all in one table.
import type { ContactMedium } from './consent';
import { parisInstant } from './paris-time';

/** The tasks a channel is suggested for: the touchpoint roles the journal records (schema/common.ts TouchpointRole). */
export type Task = 'SELL' | 'AFTER_SALES' | 'PROMOTION' | 'INFORMATION';

/** Weekly opening hours, Paris wall-clock time: ISO weekdays (1 Monday … 7 Sunday), `HH:MM` to `HH:MM`. */
export interface WeeklyHours {
  days: readonly number[];
  opens: string;
  closes: string;
}

export interface ContactChannelDeclaration {
  /** How the channel is named in a reason, in plain words ("the store"). */
  label: string;
  /** What suggesting it means, in plain words ("the customer comes to a store"). */
  how: string;
  /**
   * The contact media (kit/consent.ts) the brand uses to reach the customer on this channel: the
   * consent in force is checked on them, and the hub must know an address for one of them (an
   * e-mail for `email`, a phone for `sms` and `phone`). Empty: nothing is sent, the customer comes.
   */
  media: readonly ContactMedium[];
  /** The tasks it is made for, and those it can also take; any other task is not its role. */
  roles: { primary: readonly Task[]; also: readonly Task[] };
  /** Only for customers who already use it (a link sent to someone who never uses the web is lost), unless they asked for it. */
  onlyIfUsed: boolean;
  /** When it is open; null: any time (a link, a message). */
  hours: WeeklyHours | null;
  /** Whether the customer's stated contact hours narrow its hours (a call): they are the hours the customer agreed to be called. */
  followsContactHours: boolean;
}

/**
 * A channel the registry adds without describing it: suggested only to customers who use it or asked
 * for it, never for a commercial task (its contact media are unknown, so no consent can be checked),
 * no hours known.
 */
export const NEUTRAL_CONTACT_CHANNEL: Omit<ContactChannelDeclaration, 'label'> = {
  how: 'a channel that does not describe how it contacts customers',
  media: [],
  roles: { primary: [], also: ['AFTER_SALES', 'INFORMATION'] },
  onlyIfUsed: true,
  hours: null,
  followsContactHours: false,
};

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes since midnight of `HH:MM`, or null when malformed. */
export function minutesOf(time: string): number | null {
  const match = HHMM.exec(time);
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Mon–Sat 09:00–19:30" (runs of consecutive days joined). */
export function describeHours(hours: WeeklyHours): string {
  const days = [...new Set(hours.days)].sort((a, b) => a - b);
  const runs: string[] = [];
  for (let i = 0; i < days.length; ) {
    let j = i;
    while (j + 1 < days.length && days[j + 1] === days[j] + 1) j += 1;
    runs.push(j === i ? DAY_NAMES[days[i] - 1] : `${DAY_NAMES[days[i] - 1]}–${DAY_NAMES[days[j] - 1]}`);
    i = j + 1;
  }
  return `${runs.join(', ')} ${hours.opens}–${hours.closes}`;
}

const PARIS_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The Paris calendar date of an instant, `YYYY-MM-DD`. */
export function parisDate(instant: Date): string {
  return PARIS_DATE.format(instant);
}

export interface OpenWindow {
  opensAt: Date;
  closesAt: Date;
}

const pad = (n: number): string => String(n).padStart(2, '0');
const hhmm = (minutes: number): string => `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;

/**
 * The current or next window within the coming week when the channel is open and, if given, within
 * the customer's contact hours (each day, Paris time); null when there is none. A window already
 * open starts now.
 */
export function nextWindow(hours: WeeklyHours, now: Date, within: { from: string; to: string } | null = null): OpenWindow | null {
  let opens = minutesOf(hours.opens)!;
  let closes = minutesOf(hours.closes)!;
  if (within) {
    opens = Math.max(opens, minutesOf(within.from)!);
    closes = Math.min(closes, minutesOf(within.to)!);
  }
  if (opens >= closes) return null;
  const [year, month, day] = parisDate(now).split('-').map(Number);
  for (let ahead = 0; ahead <= 7; ahead += 1) {
    // Calendar arithmetic on a UTC date is exact: no daylight saving there.
    const date = new Date(Date.UTC(year, month - 1, day + ahead));
    const weekday = ((date.getUTCDay() + 6) % 7) + 1;
    if (!hours.days.includes(weekday)) continue;
    const ymd = `${date.getUTCFullYear()}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}`;
    const start = parisInstant(ymd, `${hhmm(opens).replace(':', '')}00`)!;
    const end = parisInstant(ymd, `${hhmm(closes).replace(':', '')}00`)!;
    if (end.getTime() <= now.getTime()) continue;
    return { opensAt: start.getTime() < now.getTime() ? now : start, closesAt: end };
  }
  return null;
}

/** "Mon 30 Nov 09:00–19:30 (Paris time)", or "now until 19:30 (Paris time)" for a window already open. */
export function describeWindow(window: OpenWindow, now: Date): string {
  const parts = (instant: Date) => {
    const f = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Paris', hourCycle: 'h23', weekday: 'short', day: 'numeric', month: 'numeric', hour: '2-digit', minute: '2-digit',
    }).formatToParts(instant);
    const get = (type: string) => f.find((part) => part.type === type)?.value ?? '';
    return { weekday: get('weekday'), day: get('day'), month: MONTHS[Number(get('month')) - 1], time: `${get('hour')}:${get('minute')}` };
  };
  const from = parts(window.opensAt);
  const to = parts(window.closesAt);
  if (window.opensAt.getTime() === now.getTime()) return `now, until ${to.time} (Paris time)`;
  return `${from.weekday} ${from.day} ${from.month} ${from.time}–${to.time} (Paris time)`;
}
