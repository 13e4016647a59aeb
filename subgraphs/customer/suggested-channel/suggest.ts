// The rule of Customer.suggestedChannel (issue 15 item 4), pure: facts in, decision out, so that it
// is tested without a database (suggest.test.ts) and every rule says in words what it did.
//
// 1. Exclusions, never overridden by anything: every channel when no legacy record is linked to the
//    customer (erased, merged away: nobody to contact); a channel not made for the task; a channel whose
//    contact media are all refused or unusable: no address known, or for a commercial task (SELL,
//    PROMOTION: an offer, consent purpose OFFERS) no offers grant in force on it (never assumed),
//    for a service task (AFTER_SALES, INFORMATION: no marketing) the medium refused for every
//    purpose; for a promotion, the in-person channel when offers were refused on every medium; a
//    channel only for those who use it (a link) that they never used — unless they asked for it; a
//    channel whose hours never meet the customer's stated contact hours (a call).
// 2. Among the channels left: the customer's stated preference for the task, then for any task;
// 3. their habits: the channel with the most touchpoints for this task, then the most touchpoints;
// 4. the channel made for the task (its primary role), in `Channel` order;
// 5. the first channel left that can also take the task.
// None left: no channel, and the reason says why.
import { CONTACT_MEDIA, ContactMedium, PURPOSES } from '../../kit/consent';
import { ContactChannelDeclaration, describeHours, describeWindow, minutesOf, nextWindow, OpenWindow, parisDate, Task } from '../../kit/contact-channel';

export type Basis = 'STATED_PREFERENCE' | 'HABIT' | 'CHANNEL_ROLE' | 'DEFAULT';
export type Verdict = 'SUGGESTED' | 'POSSIBLE' | 'EXCLUDED';

export interface ChannelOption {
  channel: string;
  declaration: ContactChannelDeclaration;
}

export interface SuggestionFacts {
  task: Task;
  /** Every channel of the graph, in `Channel` order, with how it serves customers. */
  channels: readonly ChannelOption[];
  /** The customer's touchpoints per channel and role. */
  uses: readonly { channel: string; role: string; uses: number; last_at: Date }[];
  /** Their preference statements in force (contactChannel per scope, contactHours). */
  preferences: readonly { preference: string; scope: string; value: unknown; stated_at: Date }[];
  /** The consent in force (absent purpose × medium: never asked). */
  consents: readonly { purpose: string; medium: string; granted: boolean }[];
  /** Whether the hub knows an e-mail, a phone of theirs (their linked records hold one). */
  addresses: { email: boolean; phone: boolean };
  /** How many legacy records are linked to them now: none (erased, merged away) leaves nobody to contact. */
  linkedRecords: number;
  now: Date;
}

export interface Consideration {
  channel: string;
  verdict: Verdict;
  why: string;
  uses: number;
  usesForTask: number;
  lastUsedAt: Date | null;
}

export interface Suggestion {
  channel: string | null;
  basis: Basis | null;
  reason: string;
  when: (OpenWindow & { hours: string }) | null;
  considered: Consideration[];
}

const TASK_WORDS: Record<Task, string> = {
  SELL: 'a sale',
  AFTER_SALES: 'after-sales',
  PROMOTION: 'a promotion',
  INFORMATION: 'information',
};

/** Tasks whose contact is an offer: the consent purpose `offers` decides their media. */
const COMMERCIAL: ReadonlySet<Task> = new Set<Task>(['SELL', 'PROMOTION']);

const MEDIUM_WORDS: Record<ContactMedium, string> = { email: 'e-mail', sms: 'SMS', post: 'post', phone: 'phone' };

interface Use {
  uses: number;
  usesForTask: number;
  lastAt: Date | null;
}

interface Assessed extends ChannelOption, Use {
  excluded: string | null;
  /** The contact media it may use for this customer and task (those neither refused nor without an address). */
  usable: ContactMedium[];
  window: OpenWindow | null;
  hours: string | null;
}

interface Stated {
  channel: string;
  statedAt: Date;
  forTask: boolean;
}

const day = (instant: Date): string => parisDate(instant);

function usesOf(facts: SuggestionFacts, channel: string): Use {
  const rows = facts.uses.filter((row) => row.channel === channel);
  const last = rows.reduce<Date | null>((latest, row) => (!latest || row.last_at > latest ? row.last_at : latest), null);
  return {
    uses: rows.reduce((sum, row) => sum + row.uses, 0),
    usesForTask: rows.filter((row) => row.role === facts.task).reduce((sum, row) => sum + row.uses, 0),
    lastAt: last,
  };
}

function usesWords(use: Use, task: Task): string {
  if (use.uses === 0) return 'never used yet';
  const times = (n: number) => (n === 1 ? 'once' : `${n} times`);
  return `used ${times(use.uses)} (${use.usesForTask} for ${TASK_WORDS[task]}), last on ${day(use.lastAt!)}`;
}

/** The preferences this suggestion follows, read defensively: a malformed statement is set aside with a note. */
function statedOf(facts: SuggestionFacts, known: ReadonlySet<string>, notes: string[]): { stated: Stated | null; hours: { from: string; to: string } | null } {
  const channelFor = (scope: string): Stated | null => {
    const row = facts.preferences.find((p) => p.preference === 'contactChannel' && p.scope === scope);
    if (!row) return null;
    if (typeof row.value !== 'string' || !known.has(row.value)) {
      notes.push(`A stated preferred channel the graph does not know (${JSON.stringify(row.value)}) was set aside.`);
      return null;
    }
    return { channel: row.value, statedAt: row.stated_at, forTask: scope !== '' };
  };
  const stated = channelFor(facts.task) ?? channelFor('');
  const hoursRow = facts.preferences.find((p) => p.preference === 'contactHours' && p.scope === '');
  let hours: { from: string; to: string } | null = null;
  if (hoursRow) {
    const value = hoursRow.value as { from?: unknown; to?: unknown } | null;
    const from = typeof value?.from === 'string' ? value.from : '';
    const to = typeof value?.to === 'string' ? value.to : '';
    const [a, b] = [minutesOf(from), minutesOf(to)];
    if (a !== null && b !== null && a < b) hours = { from, to };
    else notes.push('Stated contact hours that are not a "HH:MM" to "HH:MM" range of one day were set aside.');
  }
  return { stated, hours };
}

function assess(option: ChannelOption, facts: SuggestionFacts, stated: Stated | null, contactHours: { from: string; to: string } | null): Assessed {
  const { declaration } = option;
  const use = usesOf(facts, option.channel);
  const result: Assessed = { ...option, ...use, excluded: null, usable: [], window: null, hours: null };
  const exclude = (why: string): Assessed => Object.assign(result, { excluded: why });
  const task = facts.task;
  if (facts.linkedRecords === 0) return exclude('no legacy record is linked to this customer (erased or merged away): there is nobody to contact');
  if (![...declaration.roles.primary, ...declaration.roles.also].includes(task)) return exclude(`it is not a channel for ${TASK_WORDS[task]}`);

  const commercial = COMMERCIAL.has(task);
  const decisions = (medium: string, purpose?: string) =>
    facts.consents.filter((c) => c.medium === medium && (purpose === undefined || c.purpose === purpose));
  if (declaration.media.length === 0) {
    // Nothing is sent: only a promotion can be refused in person, by refusing offers on every medium.
    const refusedOffers = new Set(facts.consents.filter((c) => c.purpose === 'offers' && !c.granted).map((c) => c.medium));
    if (task === 'PROMOTION' && CONTACT_MEDIA.every((medium) => refusedOffers.has(medium))) {
      return exclude('they refused offers on every medium, so no offer is made to them, not even in person');
    }
  } else {
    const problems: string[] = [];
    for (const medium of declaration.media) {
      const words = MEDIUM_WORDS[medium];
      let problem: string | null = null;
      if (commercial) {
        const decision = decisions(medium, 'offers')[0];
        if (!decision) problem = `they were never asked about offers by ${words} (consent is never assumed)`;
        else if (!decision.granted) problem = `they refused offers by ${words}`;
      } else {
        // A service contact is no marketing: the marketing consents do not decide it, unless the
        // customer refused that medium for every purpose.
        const refused = new Set(decisions(medium).filter((c) => !c.granted).map((c) => c.purpose));
        if (PURPOSES.every((purpose) => refused.has(purpose))) problem = `they refused ${words} for every purpose`;
      }
      if (!problem) {
        if (medium === 'email' && !facts.addresses.email) problem = 'no e-mail of theirs is known';
        else if ((medium === 'sms' || medium === 'phone') && !facts.addresses.phone) problem = `no phone of theirs is known (${words})`;
        else if (medium === 'post') problem = 'the hub holds no postal address to write to (post)';
      }
      if (problem) problems.push(problem);
      else result.usable.push(medium);
    }
    if (problems.length === declaration.media.length) return exclude(problems.join('; '));
  }

  if (declaration.onlyIfUsed && use.uses === 0 && stated?.channel !== option.channel) {
    return exclude(`they have never used it, so ${declaration.how} would not reach them`);
  }

  if (declaration.hours) {
    const within = declaration.followsContactHours ? contactHours : null;
    const window = nextWindow(declaration.hours, facts.now, within);
    const hours = describeHours(declaration.hours);
    if (!window) {
      return exclude(
        within
          ? `their contact hours (${within.from}–${within.to}) never meet its hours (${hours}, Paris time)`
          : `it is not open in the coming week (${hours})`,
      );
    }
    result.window = window;
    result.hours = within ? `${hours}, within the customer’s contact hours ${within.from}–${within.to}` : hours;
  }
  return result;
}

function habitOrder(a: Assessed, b: Assessed): number {
  return b.usesForTask - a.usesForTask || b.uses - a.uses || (b.lastAt?.getTime() ?? 0) - (a.lastAt?.getTime() ?? 0);
}

/** The suggestion for one customer and task. */
export function suggestChannel(facts: SuggestionFacts): Suggestion {
  const notes: string[] = [];
  const known = new Set(facts.channels.map((option) => option.channel));
  const { stated, hours: contactHours } = statedOf(facts, known, notes);
  const assessed = facts.channels.map((option) => assess(option, facts, stated, contactHours));
  const possible = assessed.filter((a) => a.excluded === null);
  const taskWords = TASK_WORDS[facts.task];
  const label = (a: Assessed) => a.declaration.label;
  // Which of a channel's media it may use, when that is not all of them: "by SMS".
  const by = (a: Assessed) =>
    a.usable.length > 0 && a.usable.length < a.declaration.media.length ? ` by ${a.usable.map((m) => MEDIUM_WORDS[m]).join(' or ')}` : '';

  let chosen: Assessed | null = null;
  let basis: Basis | null = null;
  let because = '';
  const statedOption = stated ? assessed.find((a) => a.channel === stated.channel)! : null;
  const statedWords = stated ? `for ${stated.forTask ? taskWords : 'any task'} (stated on ${day(stated.statedAt)})` : '';
  if (statedOption && statedOption.excluded === null) {
    [chosen, basis] = [statedOption, 'STATED_PREFERENCE'];
    because = `because the customer said they prefer it ${statedWords}`;
  } else {
    if (statedOption) notes.push(`They said they prefer ${label(statedOption)} ${statedWords}, but ${statedOption.excluded}.`);
    const habitual = [...possible].filter((a) => a.uses > 0).sort(habitOrder)[0];
    const made = possible.find((a) => a.declaration.roles.primary.includes(facts.task));
    if (habitual) {
      [chosen, basis] = [habitual, 'HABIT'];
      because =
        habitual.usesForTask > 0
          ? `because it is the channel they use most for ${taskWords} (${habitual.usesForTask} of their ${habitual.uses} touchpoints there, last on ${day(habitual.lastAt!)})`
          : `because it is the channel they use most (${habitual.uses} touchpoints, last on ${day(habitual.lastAt!)}; none yet for ${taskWords})`;
    } else if (made) {
      [chosen, basis] = [made, 'CHANNEL_ROLE'];
      because = `because no stated preference or habit decided it, and it is made for ${taskWords}`;
    } else if (possible.length > 0) {
      [chosen, basis] = [possible[0], 'DEFAULT'];
      because = `because no stated preference or habit decided it and no channel made for ${taskWords} is possible; it can also take it`;
    }
  }

  const considered: Consideration[] = assessed.map((a) => ({
    channel: a.channel,
    verdict: a === chosen ? 'SUGGESTED' : a.excluded === null ? 'POSSIBLE' : 'EXCLUDED',
    why: a.excluded ?? (a === chosen ? `suggested${by(a)}, ${because}; ${usesWords(a, facts.task)}` : `possible${by(a)}: ${usesWords(a, facts.task)}`),
    uses: a.uses,
    usesForTask: a.usesForTask,
    lastUsedAt: a.lastAt,
  }));
  const list = considered
    .map((c, i) => {
      const a = assessed[i];
      if (c.verdict === 'SUGGESTED') return `${label(a)} — suggested${by(a)}`;
      return c.verdict === 'POSSIBLE' ? `${label(a)} — possible${by(a)}: ${usesWords(a, facts.task)}` : `${label(a)} — excluded: ${a.excluded}`;
    })
    .join('; ');
  const parts = [...notes];
  if (chosen) {
    parts.push(`Suggested for ${taskWords}: ${label(chosen)} (${chosen.declaration.how})${by(chosen)}, ${because}.`);
    parts.push(chosen.window ? `When: ${describeWindow(chosen.window, facts.now)}, following its hours ${chosen.hours}.` : 'When: any time.');
  } else {
    parts.push(`No channel can be suggested for ${taskWords}: every channel is excluded.`);
  }
  parts.push(`Considered: ${list}.`);
  return {
    channel: chosen?.channel ?? null,
    basis,
    reason: parts.join(' '),
    when: chosen?.window ? { ...chosen.window, hours: `${chosen.hours} (Paris time)` } : null,
    considered,
  };
}
