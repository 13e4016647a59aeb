// A comparable key for a postal address line, used only to find customers who share a home
// (household), never to decide that two records are one person: two people at one address are
// a household, not one person.
//
// Tills and web forms write one street many ways (`12, Rue de la Paix`, `12 RUE DE LA PAIX`,
// `12 r. de la paix`): case, accents, punctuation and the usual street-type abbreviations are
// folded so that these meet, and nothing else is guessed.

const STREET_TYPES: Record<string, string> = {
  av: 'avenue',
  ave: 'avenue',
  bd: 'boulevard',
  bld: 'boulevard',
  blvd: 'boulevard',
  bvd: 'boulevard',
  r: 'rue',
  pl: 'place',
  ch: 'chemin',
  che: 'chemin',
  imp: 'impasse',
  all: 'allee',
  rte: 'route',
  fbg: 'faubourg',
  sq: 'square',
  crs: 'cours',
  qu: 'quai',
  res: 'residence',
  apt: 'appartement',
  app: 'appartement',
  bat: 'batiment',
};

/** `12 rue de la paix|75002`, or null when the line or the postcode is missing. */
export function addressKey(line: string | null | undefined, postcode: string | null | undefined): string | null {
  if (!line || !postcode) return null;
  const words = line
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean)
    .map((word) => STREET_TYPES[word] ?? word);
  // A line with no house number and a single word (`Paris`, `x`) says nothing about a home.
  if (words.length < 2) return null;
  return `${words.join(' ')}|${postcode}`;
}
