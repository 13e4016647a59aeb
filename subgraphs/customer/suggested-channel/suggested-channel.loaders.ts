// Per-request loaders of Customer.suggestedChannel (wired in ../server.ts, behind hideRestricted):
// one statement per batch of customers each, whatever the task asked.
import { Database } from '../../kit/database';
import { groupLoader } from '../../kit/loaders';
import { isCustomerId } from '../customers.repo';
import { channelUsesOf, contactPreferencesOf } from './suggested-channel.repo';

export function createSuggestionLoaders(db: Database) {
  const valid = (ids: readonly string[]) => ids.filter(isCustomerId);
  return {
    channelUses: groupLoader((ids: readonly string[]) => channelUsesOf(db, valid(ids)), (row) => row.customer_id),
    contactPreferences: groupLoader((ids: readonly string[]) => contactPreferencesOf(db, valid(ids)), (row) => row.customer_id),
  };
}

export type SuggestionLoaders = ReturnType<typeof createSuggestionLoaders>;
