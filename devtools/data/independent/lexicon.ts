// The independent data set's own vocabulary: given names, family names, streets, towns and mail
// providers. Written separately from devtools/data/names.ts on purpose (and never imported from it):
// a data set that shares the first generator's names would share its blind spots. Canonical
// spellings keep their accents, particles and hyphens; each system's clerks spell them later
// (spelling.ts).

export interface GivenName {
  readonly name: string;
  readonly sex: 'F' | 'M';
  /** Relative frequency: a few names are very common, most are rare. */
  readonly weight: number;
}

// Simple and compound names, several generations and origins; accents where they belong.
export const GIVEN_NAMES: readonly GivenName[] = [
  { name: 'Nathalie', sex: 'F', weight: 9 },
  { name: 'Isabelle', sex: 'F', weight: 9 },
  { name: 'Sylvie', sex: 'F', weight: 7 },
  { name: 'Véronique', sex: 'F', weight: 6 },
  { name: 'Françoise', sex: 'F', weight: 5 },
  { name: 'Chloé', sex: 'F', weight: 8 },
  { name: 'Léa', sex: 'F', weight: 8 },
  { name: 'Inès', sex: 'F', weight: 6 },
  { name: 'Maëlle', sex: 'F', weight: 4 },
  { name: 'Anaïs', sex: 'F', weight: 5 },
  { name: 'Zoé', sex: 'F', weight: 4 },
  { name: 'Yasmine', sex: 'F', weight: 4 },
  { name: 'Fatoumata', sex: 'F', weight: 2 },
  { name: 'Nguyet', sex: 'F', weight: 1 },
  { name: 'Agnès', sex: 'F', weight: 3 },
  { name: 'Bérénice', sex: 'F', weight: 2 },
  { name: 'Gaëlle', sex: 'F', weight: 3 },
  { name: 'Héloïse', sex: 'F', weight: 2 },
  { name: 'Solène', sex: 'F', weight: 3 },
  { name: 'Coralie', sex: 'F', weight: 3 },
  { name: 'Marie-Christine', sex: 'F', weight: 4 },
  { name: 'Anne-Sophie', sex: 'F', weight: 4 },
  { name: 'Marie-Hélène', sex: 'F', weight: 3 },
  { name: 'Marie-José', sex: 'F', weight: 2 },
  { name: 'Lou-Anne', sex: 'F', weight: 2 },
  { name: 'Rose-Marie', sex: 'F', weight: 1 },
  { name: 'Ginette', sex: 'F', weight: 2 },
  { name: 'Josiane', sex: 'F', weight: 2 },
  { name: 'Océane', sex: 'F', weight: 3 },
  { name: 'Aïcha', sex: 'F', weight: 3 },
  { name: 'Thierry', sex: 'M', weight: 8 },
  { name: 'Stéphane', sex: 'M', weight: 8 },
  { name: 'Frédéric', sex: 'M', weight: 7 },
  { name: 'Pascal', sex: 'M', weight: 6 },
  { name: 'Hervé', sex: 'M', weight: 5 },
  { name: 'Loïc', sex: 'M', weight: 4 },
  { name: 'Gaël', sex: 'M', weight: 3 },
  { name: 'Noé', sex: 'M', weight: 4 },
  { name: 'Théo', sex: 'M', weight: 7 },
  { name: 'Mathéo', sex: 'M', weight: 5 },
  { name: 'Raphaël', sex: 'M', weight: 6 },
  { name: 'Jérôme', sex: 'M', weight: 6 },
  { name: 'Benoît', sex: 'M', weight: 4 },
  { name: 'Mamadou', sex: 'M', weight: 2 },
  { name: 'Karim', sex: 'M', weight: 4 },
  { name: 'Yannick', sex: 'M', weight: 4 },
  { name: 'Gérard', sex: 'M', weight: 3 },
  { name: 'Régis', sex: 'M', weight: 2 },
  { name: 'Ludovic', sex: 'M', weight: 3 },
  { name: 'Jean-Pierre', sex: 'M', weight: 6 },
  { name: 'Jean-Luc', sex: 'M', weight: 5 },
  { name: 'Pierre-Yves', sex: 'M', weight: 3 },
  { name: 'Jean-Baptiste', sex: 'M', weight: 3 },
  { name: 'Paul-Henri', sex: 'M', weight: 1 },
  { name: 'Marc-Antoine', sex: 'M', weight: 2 },
  { name: 'Dominique', sex: 'M', weight: 3 },
  { name: 'Cédric', sex: 'M', weight: 4 },
  { name: 'Anthony', sex: 'M', weight: 4 },
  { name: 'Quang', sex: 'M', weight: 1 },
  { name: 'Enzo', sex: 'M', weight: 4 },
];

export interface FamilyName {
  /** Canonical: `de La Fontaine`, `Le Goff`, `Lefèvre`, `Martin-Dupuy`. */
  readonly name: string;
  readonly weight: number;
}

export const FAMILY_NAMES: readonly FamilyName[] = [
  { name: 'Lefèvre', weight: 8 },
  { name: 'Girard', weight: 7 },
  { name: 'Bonnet', weight: 7 },
  { name: 'Mercier', weight: 6 },
  { name: 'Faure', weight: 6 },
  { name: 'Rousseau', weight: 6 },
  { name: 'Blanc', weight: 6 },
  { name: 'Guérin', weight: 5 },
  { name: 'Boyer', weight: 5 },
  { name: 'Gauthier', weight: 5 },
  { name: 'Chevalier', weight: 5 },
  { name: 'Fontaine', weight: 4 },
  { name: 'Perrin', weight: 4 },
  { name: 'Morin', weight: 5 },
  { name: 'Clément', weight: 4 },
  { name: 'Gaillard', weight: 3 },
  { name: 'Brunet', weight: 3 },
  { name: 'Barbier', weight: 3 },
  { name: 'Arnaud', weight: 3 },
  { name: 'Roche', weight: 3 },
  { name: 'Ménard', weight: 2 },
  { name: 'Hoarau', weight: 3 },
  { name: 'Payet', weight: 3 },
  { name: 'Grondin', weight: 2 },
  { name: 'Le Goff', weight: 4 },
  { name: 'Le Gall', weight: 3 },
  { name: 'Le Bihan', weight: 2 },
  { name: 'Le Roux', weight: 3 },
  { name: 'de La Fontaine', weight: 1 },
  { name: 'de Villiers', weight: 1 },
  { name: "d'Arcy", weight: 1 },
  { name: 'Du Pré', weight: 1 },
  { name: 'de Saint-Exupéry', weight: 1 },
  { name: 'Martin-Dupuy', weight: 1 },
  { name: 'Benali', weight: 3 },
  { name: 'Diallo', weight: 3 },
  { name: 'Nguyen', weight: 4 },
  { name: 'Tran', weight: 2 },
  { name: 'Da Silva', weight: 3 },
  { name: 'Ferreira', weight: 2 },
  { name: 'Kowalski', weight: 1 },
  { name: 'Müller', weight: 1 },
  { name: 'Bézier', weight: 1 },
  { name: 'Hébert', weight: 2 },
  { name: 'Thébault', weight: 2 },
  { name: 'Lemaître', weight: 2 },
  { name: 'Œuvrard', weight: 1 },
  { name: 'Deschênes', weight: 1 },
];

export interface Town {
  readonly name: string;
  readonly postcode: string;
  /** Relative number of customers living there. */
  readonly weight: number;
  /** The French overseas region's own country calling code, or null in metropolitan France. */
  readonly overseas: null | { readonly callingCode: '262' | '594'; readonly mobilePrefixes: readonly string[] };
}

// Mostly medium towns of the west and south-west (the first generator leans on the big cities),
// a few big ones, and two overseas departments.
export const TOWNS: readonly Town[] = [
  { name: 'Nantes', postcode: '44000', weight: 10, overseas: null },
  { name: 'Rezé', postcode: '44400', weight: 4, overseas: null },
  { name: 'Saint-Herblain', postcode: '44800', weight: 4, overseas: null },
  { name: 'Angers', postcode: '49000', weight: 7, overseas: null },
  { name: 'Cholet', postcode: '49300', weight: 3, overseas: null },
  { name: 'La Roche-sur-Yon', postcode: '85000', weight: 4, overseas: null },
  { name: 'Les Sables-d’Olonne', postcode: '85100', weight: 2, overseas: null },
  { name: 'Rennes', postcode: '35000', weight: 9, overseas: null },
  { name: 'Saint-Malo', postcode: '35400', weight: 3, overseas: null },
  { name: 'Quimper', postcode: '29000', weight: 3, overseas: null },
  { name: 'Brest', postcode: '29200', weight: 5, overseas: null },
  { name: 'Lorient', postcode: '56100', weight: 3, overseas: null },
  { name: 'Vannes', postcode: '56000', weight: 3, overseas: null },
  { name: 'Bordeaux', postcode: '33000', weight: 9, overseas: null },
  { name: 'Mérignac', postcode: '33700', weight: 4, overseas: null },
  { name: 'Pessac', postcode: '33600', weight: 3, overseas: null },
  { name: 'Périgueux', postcode: '24000', weight: 2, overseas: null },
  { name: 'Angoulême', postcode: '16000', weight: 2, overseas: null },
  { name: 'Poitiers', postcode: '86000', weight: 4, overseas: null },
  { name: 'Niort', postcode: '79000', weight: 3, overseas: null },
  { name: 'La Rochelle', postcode: '17000', weight: 4, overseas: null },
  { name: 'Limoges', postcode: '87000', weight: 4, overseas: null },
  { name: 'Toulouse', postcode: '31000', weight: 9, overseas: null },
  { name: 'Blagnac', postcode: '31700', weight: 2, overseas: null },
  { name: 'Pau', postcode: '64000', weight: 3, overseas: null },
  { name: 'Bayonne', postcode: '64100', weight: 3, overseas: null },
  { name: 'Tours', postcode: '37000', weight: 5, overseas: null },
  { name: 'Le Mans', postcode: '72000', weight: 4, overseas: null },
  { name: 'Paris', postcode: '75011', weight: 5, overseas: null },
  { name: 'Paris', postcode: '75015', weight: 5, overseas: null },
  { name: 'Saint-Denis', postcode: '97400', weight: 3, overseas: { callingCode: '262', mobilePrefixes: ['692', '693'] } },
  { name: 'Saint-Pierre', postcode: '97410', weight: 2, overseas: { callingCode: '262', mobilePrefixes: ['692', '693'] } },
  { name: 'Le Tampon', postcode: '97430', weight: 1, overseas: { callingCode: '262', mobilePrefixes: ['692', '693'] } },
  { name: 'Cayenne', postcode: '97300', weight: 2, overseas: { callingCode: '594', mobilePrefixes: ['694'] } },
  { name: 'Kourou', postcode: '97310', weight: 1, overseas: { callingCode: '594', mobilePrefixes: ['694'] } },
];

/** Street kinds as the canonical address writes them, and the short forms clerks type. */
export const STREET_KINDS: readonly (readonly [string, readonly string[]])[] = [
  ['rue', ['R', 'RUE']],
  ['avenue', ['AV', 'AVE', 'AVENUE']],
  ['boulevard', ['BD', 'BLVD', 'BOULEVARD']],
  ['impasse', ['IMP', 'IMPASSE']],
  ['allée', ['ALL', 'ALLEE']],
  ['chemin', ['CHE', 'CHEMIN']],
  ['place', ['PL', 'PLACE']],
  ['résidence', ['RES', 'RESIDENCE']],
];

export const STREET_NAMES: readonly string[] = [
  'des Tilleuls',
  'du Général Leclerc',
  'Jean Jaurès',
  'de la Gare',
  'des Mimosas',
  'Victor Hugo',
  'du Port',
  'des Écoles',
  'Pasteur',
  'de Verdun',
  'Émile Zola',
  'des Hortensias',
  'du Moulin',
  'Saint-Exupéry',
  'de l’Océan',
  'des Vignes',
  'Gambetta',
  'du Stade',
  'des Frères Lumière',
  'de la Libération',
  'des Goélands',
  'Anatole France',
];

/** Mail providers and how often customers use each; a few are typed wrong by keyboard slips. */
export const MAIL_DOMAINS: readonly (readonly [string, number])[] = [
  ['orange.fr', 14],
  ['gmail.com', 24],
  ['wanadoo.fr', 7],
  ['free.fr', 8],
  ['sfr.fr', 5],
  ['laposte.net', 5],
  ['hotmail.fr', 9],
  ['outlook.fr', 4],
  ['yahoo.fr', 5],
  ['icloud.com', 3],
  ['bbox.fr', 2],
  ['orange.re', 1],
  ['proton.me', 1],
];

/** Given names of the children in a family (younger generation). */
export const CHILD_NAMES: readonly GivenName[] = [
  { name: 'Lucas', sex: 'M', weight: 5 },
  { name: 'Nolan', sex: 'M', weight: 3 },
  { name: 'Timéo', sex: 'M', weight: 3 },
  { name: 'Ethan', sex: 'M', weight: 4 },
  { name: 'Adam', sex: 'M', weight: 4 },
  { name: 'Ilyès', sex: 'M', weight: 2 },
  { name: 'Emma', sex: 'F', weight: 5 },
  { name: 'Jade', sex: 'F', weight: 4 },
  { name: 'Lina', sex: 'F', weight: 3 },
  { name: 'Maëlys', sex: 'F', weight: 3 },
  { name: 'Romane', sex: 'F', weight: 3 },
  { name: 'Clémence', sex: 'F', weight: 2 },
];
