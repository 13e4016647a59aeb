// French names, towns and streets for the generated people. Plain lists: what a person is called
// and where they live is drawn from here, then spelled the way each legacy system spells it.
import { weighted } from './random';

/** Weights fall with rank, so common names are common and rare names rare. */
function byRank(names: readonly string[], flatness = 8): [string, number][] {
  return names.map((name, rank) => [name, 1 / (rank + flatness)]);
}

// Names given before ~1975, most frequent first.
const FEMALE_OLDER = [
  'Marie', 'Nathalie', 'Isabelle', 'Sylvie', 'Catherine', 'Françoise', 'Christine', 'Monique', 'Valérie', 'Martine',
  'Nicole', 'Véronique', 'Jacqueline', 'Brigitte', 'Chantal', 'Patricia', 'Anne', 'Annie', 'Danielle', 'Michèle',
  'Dominique', 'Hélène', 'Corinne', 'Laurence', 'Florence', 'Pascale', 'Josiane', 'Mireille', 'Colette', 'Denise',
  'Simone', 'Yvette', 'Ginette', 'Odile', 'Béatrice', 'Geneviève', 'Éliane', 'Agnès', 'Claudine', 'Évelyne',
  'Marie-Claude', 'Marie-Christine', 'Anne-Marie', 'Marie-Thérèse', 'Jeanine', 'Paulette', 'Bernadette', 'Muriel',
  'Joëlle', 'Régine', 'Arlette', 'Huguette', 'Marie-France', 'Lucienne', 'Renée', 'Claire', 'Fabienne', 'Solange',
];
// Names given from ~1975 on.
const FEMALE_YOUNGER = [
  'Julie', 'Camille', 'Léa', 'Manon', 'Sarah', 'Laura', 'Émilie', 'Céline', 'Aurélie', 'Stéphanie',
  'Sandrine', 'Sophie', 'Pauline', 'Chloé', 'Emma', 'Marion', 'Élodie', 'Caroline', 'Virginie', 'Mélanie',
  'Audrey', 'Karine', 'Lucie', 'Clara', 'Inès', 'Jade', 'Louise', 'Alice', 'Léna', 'Zoé',
  'Anaïs', 'Océane', 'Justine', 'Margaux', 'Charlotte', 'Mathilde', 'Juliette', 'Elsa', 'Nadia', 'Fatima',
  'Amandine', 'Christelle', 'Delphine', 'Élise', 'Gaëlle', 'Noémie', 'Maëlys', 'Lina', 'Rose', 'Ambre',
  'Jeanne', 'Solène', 'Morgane', 'Coralie', 'Laëtitia', 'Sabrina', 'Samia', 'Yasmine', 'Lola', 'Eva',
  'Romane', 'Agathe', 'Capucine', 'Salomé', 'Héloïse', 'Mélissa', 'Jessica', 'Vanessa', 'Cindy', 'Marine',
];
const MALE_OLDER = [
  'Jean', 'Pierre', 'Michel', 'André', 'Philippe', 'Alain', 'Jacques', 'Bernard', 'Patrick', 'Daniel',
  'Christian', 'Éric', 'Gérard', 'Claude', 'Serge', 'Dominique', 'Jean-Pierre', 'Jean-Claude', 'Jean-Luc',
  'Jean-Marc', 'Jean-François', 'François', 'Didier', 'Thierry', 'Pascal', 'Gilles', 'Marc', 'Yves', 'René',
  'Roger', 'Henri', 'Marcel', 'Robert', 'Georges', 'Raymond', 'Lucien', 'Joël', 'Hervé', 'Bruno',
  'Denis', 'Guy', 'Jean-Louis', 'Jean-Paul', 'Jean-Michel', 'Francis', 'Maurice', 'Roland', 'Paul', 'Louis',
  'Christophe', 'Laurent', 'Frédéric', 'Olivier', 'Franck', 'Jean-Jacques', 'Gilbert', 'Noël', 'Armand',
];
const MALE_YOUNGER = [
  'Nicolas', 'Julien', 'Thomas', 'Alexandre', 'Maxime', 'Antoine', 'Kévin', 'Romain', 'Guillaume', 'Mathieu',
  'Vincent', 'Sébastien', 'David', 'Stéphane', 'Hugo', 'Lucas', 'Louis', 'Gabriel', 'Léo', 'Raphaël',
  'Arthur', 'Jules', 'Nathan', 'Adam', 'Paul', 'Théo', 'Ethan', 'Noah', 'Mohamed', 'Karim',
  'Mehdi', 'Yanis', 'Enzo', 'Clément', 'Quentin', 'Benjamin', 'Florian', 'Jérôme', 'Cédric', 'Fabrice',
  'Anthony', 'Jonathan', 'Damien', 'Jérémy', 'Loïc', 'Yannick', 'Xavier', 'Benoît', 'Arnaud', 'Grégory',
  'Mickaël', 'Aurélien', 'Rémi', 'Baptiste', 'Victor', 'Samuel', 'Tom', 'Matteo', 'Axel', 'Valentin',
  'Bastien', 'Tristan', 'Adrien', 'Corentin', 'Dylan', 'Sofiane', 'Bilal', 'Timothée', 'Gaël', 'Erwan',
];

export const FIRST_NAMES = {
  F: { older: weighted(byRank(FEMALE_OLDER, 20)), younger: weighted(byRank(FEMALE_YOUNGER, 20)) },
  M: { older: weighted(byRank(MALE_OLDER, 20)), younger: weighted(byRank(MALE_YOUNGER, 20)) },
} as const;

// The most frequent French surnames, in order, then rarer and foreign-origin ones.
const SURNAMES = [
  'Martin', 'Bernard', 'Thomas', 'Petit', 'Robert', 'Richard', 'Durand', 'Dubois', 'Moreau', 'Laurent',
  'Simon', 'Michel', 'Lefebvre', 'Leroy', 'Roux', 'David', 'Bertrand', 'Morel', 'Fournier', 'Girard',
  'Bonnet', 'Dupont', 'Lambert', 'Fontaine', 'Rousseau', 'Vincent', 'Muller', 'Lefèvre', 'Faure', 'André',
  'Mercier', 'Blanc', 'Guérin', 'Boyer', 'Garnier', 'Chevalier', 'François', 'Legrand', 'Gauthier', 'Garcia',
  'Perrin', 'Robin', 'Clément', 'Morin', 'Nicolas', 'Henry', 'Roussel', 'Mathieu', 'Gautier', 'Masson',
  'Marchand', 'Duval', 'Denis', 'Dumont', 'Marie', 'Lemaire', 'Noël', 'Meyer', 'Dufour', 'Meunier',
  'Brun', 'Blanchard', 'Giraud', 'Joly', 'Rivière', 'Lucas', 'Brunet', 'Gaillard', 'Barbier', 'Arnaud',
  'Martinez', 'Gérard', 'Roche', 'Renard', 'Schmitt', 'Roy', 'Leroux', 'Colin', 'Vidal', 'Caron',
  'Picard', 'Roger', 'Fabre', 'Aubert', 'Lemoine', 'Renaud', 'Dumas', 'Lacroix', 'Olivier', 'Philippe',
  'Bourgeois', 'Pierre', 'Benoît', 'Rey', 'Leclerc', 'Payet', 'Rolland', 'Leclercq', 'Guillaume', 'Lecomte',
  'Lopez', 'Jean', 'Dupuy', 'Guillot', 'Hubert', 'Berger', 'Carpentier', 'Sanchez', 'Dupuis', 'Moulin',
  'Louis', 'Deschamps', 'Huet', 'Vasseur', 'Perez', 'Boucher', 'Fleury', 'Royer', 'Klein', 'Jacquet',
  'Adam', 'Paris', 'Poirier', 'Marty', 'Aubry', 'Guyot', 'Carré', 'Charles', 'Renault', 'Charpentier',
  'Ménard', 'Maillard', 'Baron', 'Bertin', 'Bailly', 'Hervé', 'Schneider', 'Fernandez', 'Le Gall', 'Collet',
  'Léger', 'Bouvier', 'Julien', 'Prévost', 'Millet', 'Perrot', 'Daniel', 'Le Roux', 'Cousin', 'Germain',
  'Breton', 'Besson', 'Langlois', 'Rémy', 'Le Goff', 'Pelletier', 'Lévêque', 'Perrier', 'Leblanc', 'Barré',
  'Lebrun', 'Marchal', 'Weber', 'Mallet', 'Hamon', 'Boulanger', 'Jacob', 'Monnier', 'Michaud', 'Rodriguez',
  'Guichard', 'Gillet', 'Étienne', 'Grondin', 'Poulain', 'Tessier', 'Chevallier', 'Collin', 'Chauvin', 'Da Silva',
  'Bouchet', 'Gay', 'Lemaître', 'Bénard', 'Maréchal', 'Humbert', 'Reynaud', 'Antoine', 'Hoarau', 'Perret',
  'Barthélemy', 'Cordier', 'Pichon', 'Lejeune', 'Gilbert', 'Lamy', 'Delaunay', 'Pasquier', 'Carlier', 'Laporte',
  'Marechal', 'Riviere', 'Thibault', 'Texier', 'Hardy', 'Bouvet', 'Leveque', 'Delmas', 'Riou', 'Pons',
  'Joubert', 'Vial', 'Charrier', 'Guillon', 'Bourdon', 'Morvan', 'Tanguy', 'Le Bihan', 'Kerouac', 'Quéré',
  'Ferreira', 'Dos Santos', 'Pereira', 'Rodrigues', 'Gonçalves', 'Nguyen', 'Tran', 'Diallo', 'Traoré', 'Camara',
  'Benali', 'Haddad', 'Mansouri', 'Bensaïd', 'Cherif', 'Amrani', 'Kaci', 'Meziane', 'Hamidi', 'Ouali',
  'Rossi', 'Russo', 'Bianchi', 'Romano', 'Schmidt', 'Fischer', 'Wagner', 'Becker', 'Hoffmann', 'Kowalski',
  'Lefort', 'Lebon', 'Leclère', 'Delattre', 'Delorme', 'Desmarais', 'Duhamel', 'Dumoulin', 'Fauvel', 'Ferrand',
  'Gallet', 'Godard', 'Grenier', 'Guillemin', 'Jourdan', 'Labbé', 'Lacombe', 'Lagarde', 'Lallemand', 'Laurens',
  'Le Corre', 'Le Floch', 'Leduc', 'Lemonnier', 'Maillot', 'Marin', 'Marques', 'Maurin', 'Navarro', 'Ollivier',
  'Pages', 'Paquet', 'Parent', 'Pineau', 'Potier', 'Raynaud', 'Riche', 'Rigaud', 'Sabatier', 'Salmon',
  'Samson', 'Seguin', 'Soulier', 'Teixeira', 'Thiebaut', 'Vallée', 'Verdier', 'Vidal-Fabre', 'Villard', 'Wolff',
  'Martin-Lefèvre', 'Dupont-Moreau', 'Saint-Martin', 'Leblond', 'Blondel', 'Bazin', 'Brunel', 'Chabert', 'Chapuis', 'Cochet',
];

// Real surnames are spread thin: the most common ones above cover only about a fifth of people.
// The long tail is made of real surname stems and endings (`Bouch` + `ard`), which gives
// thousands of French-looking names and keeps namesakes about as rare as they really are.
const STEMS = [
  'Arn', 'Aub', 'Bab', 'Bar', 'Baud', 'Bell', 'Benn', 'Bern', 'Berth', 'Bess', 'Bill', 'Blanch', 'Bod', 'Boiss', 'Bonn',
  'Bouch', 'Boud', 'Bourd', 'Bouss', 'Brech', 'Briss', 'Brun', 'Buss', 'Cach', 'Caill', 'Carr', 'Cass', 'Chab', 'Chamb',
  'Champ', 'Chaput', 'Charb', 'Chass', 'Chaum', 'Chauv', 'Chen', 'Chev', 'Clav', 'Coll', 'Comb', 'Cord', 'Coud', 'Court',
  'Cout', 'Crois', 'Dall', 'Darn', 'Dauph', 'Delorm', 'Denn', 'Desch', 'Devill', 'Dub', 'Duc', 'Duf', 'Dum',
  'Dupr', 'Dur', 'Esp', 'Fabr', 'Fav', 'Fer', 'Fleur', 'Fonten', 'Fouch', 'Fourn', 'Gaill', 'Garn', 'Gasp', 'Gaut',
  'Gerv', 'Gir', 'Godd', 'Gouj', 'Gren', 'Grim', 'Guér', 'Guill', 'Hamel', 'Hénn', 'Houd', 'Hub', 'Jacqu', 'Jall',
  'Jaun', 'Joub', 'Jourd', 'Lab', 'Lach', 'Laff', 'Lam', 'Lang', 'Lap', 'Larr', 'Laur', 'Lav', 'Lebr', 'Lecl', 'Lef',
  'Legr', 'Lem', 'Ler', 'Lesp', 'Loiz', 'Mach', 'Maill', 'Mall', 'Marc', 'March', 'Mart', 'Mass', 'Maur',
  'Mén', 'Merc', 'Meun', 'Mich', 'Mill', 'Mon', 'Mor', 'Moul', 'Noir', 'Oll', 'Pag', 'Pasc', 'Pell', 'Perr',
  'Pich', 'Pin', 'Pleyb', 'Poir', 'Pouj', 'Prév', 'Rab', 'Raim', 'Rein', 'Renn', 'Rich', 'Rigaud', 'Rob', 'Roch',
  'Rog', 'Rond', 'Rouss', 'Sab', 'Sauv', 'Sév', 'Simonn', 'Tard', 'Tess', 'Thib', 'Thom', 'Tourn', 'Vach', 'Vall',
  'Vern', 'Vid', 'Vinc', 'Viv',
];
const ENDINGS = [
  'ard', 'aud', 'ault', 'eau', 'el', 'et', 'ette', 'ier', 'ière', 'in', 'on', 'ot', 'oux', 'ey', 'at', 'ès', 'ac',
  'and', 'ant', 'ais', 'ou', 'ert', 'ois', 'elin', 'onneau', 'illot', 'ignon', 'ereau', 'ichon', 'ineau', 'ollet',
  'eron', 'oulet', 'aret', 'enard', 'elle', 'illard', 'aux', 'ouin', 'ase',
];
const TAIL = STEMS.flatMap((stem) => ENDINGS.map((ending) => stem + ending)).filter((name) => !SURNAMES.includes(name));

const COMMON_SHARE = 0.2;
const commonWeights = byRank(SURNAMES, 25);
const commonTotal = commonWeights.reduce((sum, [, weight]) => sum + weight, 0);
export const SURNAME_TABLE = weighted<string>([
  ...commonWeights.map(([name, weight]): [string, number] => [name, (weight / commonTotal) * COMMON_SHARE]),
  ...TAIL.map((name): [string, number] => [name, (1 - COMMON_SHARE) / TAIL.length]),
]);

export interface Town {
  readonly name: string;
  readonly postcodes: readonly string[];
  readonly lat: number;
  readonly lon: number;
  /** First two digits of a landline there (French geographic zones 01–05). */
  readonly areaCode: string;
}

const range = (from: number, to: number, pad = 5): string[] =>
  Array.from({ length: to - from + 1 }, (_, i) => String(from + i).padStart(pad, '0'));

// [name, postcodes, lat, lon, area code, weight (≈ population)]
const TOWN_ROWS: [string, string[], number, number, string, number][] = [
  ['Paris', range(75001, 75020), 48.8566, 2.3522, '01', 60],
  ['Marseille', range(13001, 13016), 43.2965, 5.3698, '04', 25],
  ['Lyon', range(69001, 69009), 45.764, 4.8357, '04', 20],
  ['Toulouse', ['31000', '31100', '31200', '31300', '31400', '31500'], 43.6047, 1.4442, '05', 15],
  ['Nice', ['06000', '06100', '06200', '06300'], 43.7102, 7.262, '04', 10],
  ['Nantes', ['44000', '44100', '44200', '44300'], 47.2184, -1.5536, '02', 10],
  ['Montpellier', ['34000', '34070', '34080', '34090'], 43.6108, 3.8767, '04', 9],
  ['Strasbourg', ['67000', '67100', '67200'], 48.5734, 7.7521, '03', 9],
  ['Bordeaux', ['33000', '33100', '33200', '33300', '33800'], 44.8378, -0.5792, '05', 9],
  ['Lille', ['59000', '59160', '59260', '59800'], 50.6292, 3.0573, '03', 8],
  ['Rennes', ['35000', '35200', '35700'], 48.1173, -1.6778, '02', 7],
  ['Reims', ['51100'], 49.2583, 4.0317, '03', 6],
  ['Toulon', ['83000', '83100', '83200'], 43.1242, 5.928, '04', 6],
  ['Saint-Étienne', ['42000', '42100'], 45.4397, 4.3872, '04', 6],
  ['Le Havre', ['76600', '76610', '76620'], 49.4944, 0.1079, '02', 5],
  ['Grenoble', ['38000', '38100'], 45.1885, 5.7245, '04', 6],
  ['Dijon', ['21000'], 47.322, 5.0415, '03', 5],
  ['Angers', ['49000', '49100'], 47.4784, -0.5632, '02', 5],
  ['Nîmes', ['30000', '30900'], 43.8367, 4.3601, '04', 5],
  ['Villeurbanne', ['69100'], 45.7719, 4.8902, '04', 5],
  ['Clermont-Ferrand', ['63000', '63100'], 45.7772, 3.087, '04', 5],
  ['Le Mans', ['72000', '72100'], 48.0061, 0.1996, '02', 5],
  ['Aix-en-Provence', ['13090', '13100'], 43.5297, 5.4474, '04', 5],
  ['Brest', ['29200'], 48.3904, -4.4861, '02', 5],
  ['Tours', ['37000', '37100', '37200'], 47.3941, 0.6848, '02', 5],
  ['Amiens', ['80000', '80080', '80090'], 49.894, 2.2958, '03', 4],
  ['Limoges', ['87000', '87100', '87280'], 45.8336, 1.2611, '05', 4],
  ['Annecy', ['74000', '74960'], 45.8992, 6.1294, '04', 4],
  ['Perpignan', ['66000', '66100'], 42.6887, 2.8948, '04', 4],
  ['Boulogne-Billancourt', ['92100'], 48.8397, 2.2399, '01', 4],
  ['Metz', ['57000', '57050', '57070'], 49.1193, 6.1757, '03', 4],
  ['Besançon', ['25000'], 47.2378, 6.0241, '03', 4],
  ['Orléans', ['45000', '45100'], 47.9029, 1.9093, '02', 4],
  ['Saint-Denis', ['93200'], 48.9362, 2.3574, '01', 3],
  ['Argenteuil', ['95100'], 48.9472, 2.2467, '01', 3],
  ['Rouen', ['76000', '76100'], 49.4432, 1.0999, '02', 4],
  ['Mulhouse', ['68100', '68200'], 47.7508, 7.3359, '03', 3],
  ['Montreuil', ['93100'], 48.8638, 2.4485, '01', 3],
  ['Caen', ['14000'], 49.1829, -0.3707, '02', 3],
  ['Nancy', ['54000', '54100'], 48.6921, 6.1844, '03', 3],
  ['Tourcoing', ['59200'], 50.7239, 3.1612, '03', 2],
  ['Roubaix', ['59100'], 50.6942, 3.1746, '03', 2],
  ['Nanterre', ['92000'], 48.8924, 2.2071, '01', 3],
  ['Vitry-sur-Seine', ['94400'], 48.7875, 2.3928, '01', 2],
  ['Avignon', ['84000'], 43.9493, 4.8055, '04', 3],
  ['Créteil', ['94000'], 48.7904, 2.4556, '01', 3],
  ['Poitiers', ['86000'], 46.5802, 0.3404, '05', 3],
  ['Versailles', ['78000'], 48.8049, 2.1204, '01', 3],
  ['Courbevoie', ['92400'], 48.8973, 2.2522, '01', 2],
  ['Colombes', ['92700'], 48.9226, 2.2522, '01', 2],
  ['Pau', ['64000'], 43.2951, -0.3708, '05', 3],
  ['Aulnay-sous-Bois', ['93600'], 48.9386, 2.4906, '01', 2],
  ['Asnières-sur-Seine', ['92600'], 48.9145, 2.2874, '01', 2],
  ['Rueil-Malmaison', ['92500'], 48.8778, 2.1803, '01', 2],
  ['La Rochelle', ['17000'], 46.1603, -1.1511, '05', 3],
  ['Antibes', ['06600'], 43.5808, 7.1251, '04', 2],
  ['Calais', ['62100'], 50.9513, 1.8587, '03', 2],
  ['Cannes', ['06400', '06150'], 43.5528, 7.0174, '04', 2],
  ['Béziers', ['34500'], 43.3442, 3.2158, '04', 2],
  ['Saint-Nazaire', ['44600'], 47.2735, -2.2138, '02', 2],
  ['Colmar', ['68000'], 48.0794, 7.3585, '03', 2],
  ['Bourges', ['18000'], 47.081, 2.3988, '02', 2],
  ['Mérignac', ['33700'], 44.8386, -0.6436, '05', 2],
  ['Ajaccio', ['20000', '20090'], 41.9192, 8.7386, '04', 2],
  ['Quimper', ['29000'], 47.996, -4.1024, '02', 2],
  ['Valence', ['26000'], 44.9334, 4.8924, '04', 2],
  ['Vannes', ['56000'], 47.6582, -2.7608, '02', 2],
  ['Lorient', ['56100'], 47.7483, -3.3702, '02', 2],
  ['Chambéry', ['73000'], 45.5646, 5.9178, '04', 2],
  ['Troyes', ['10000'], 48.2973, 4.0744, '03', 2],
  ['Niort', ['79000'], 46.3237, -0.4588, '05', 2],
  ['Chartres', ['28000'], 48.4439, 1.489, '02', 2],
  ['Beauvais', ['60000'], 49.4295, 2.0807, '03', 2],
  ['Évreux', ['27000'], 49.0241, 1.1508, '02', 2],
  ['Laval', ['53000'], 48.0707, -0.7734, '02', 2],
  ['Saint-Malo', ['35400'], 48.6493, -2.0257, '02', 2],
  ['Bayonne', ['64100'], 43.4929, -1.4748, '05', 2],
  ['Valenciennes', ['59300'], 50.357, 3.5235, '03', 2],
  ['Dunkerque', ['59140', '59240'], 51.0343, 2.3768, '03', 2],
  ['Blois', ['41000'], 47.5861, 1.3359, '02', 1],
  ['Angoulême', ['16000'], 45.6484, 0.1562, '05', 1],
  ['Agen', ['47000'], 44.2033, 0.6163, '05', 1],
  ['Albi', ['81000'], 43.9289, 2.1464, '05', 1],
  ['Tarbes', ['65000'], 43.2328, 0.0781, '05', 1],
  ['Périgueux', ['24000'], 45.1846, 0.7214, '05', 1],
  ['Brive-la-Gaillarde', ['19100'], 45.1589, 1.5321, '05', 1],
  ['Montauban', ['82000'], 44.0176, 1.355, '05', 1],
  ['Carcassonne', ['11000'], 43.2121, 2.3537, '04', 1],
  ['Arles', ['13200'], 43.6766, 4.6278, '04', 1],
  ['Fréjus', ['83600'], 43.4332, 6.737, '04', 1],
  ['Gap', ['05000'], 44.5594, 6.0786, '04', 1],
  ['Bourg-en-Bresse', ['01000'], 46.2052, 5.2255, '04', 1],
  ['Mâcon', ['71000'], 46.3069, 4.8287, '03', 1],
  ['Auxerre', ['89000'], 47.7982, 3.5673, '03', 1],
  ['Nevers', ['58000'], 46.9896, 3.159, '03', 1],
  ['Saint-Brieuc', ['22000'], 48.5136, -2.7653, '02', 1],
  ['Cherbourg-en-Cotentin', ['50100'], 49.6337, -1.6222, '02', 1],
  ['Alençon', ['61000'], 48.4329, 0.0913, '02', 1],
  ['Épinal', ['88000'], 48.1724, 6.4496, '03', 1],
  ['Charleville-Mézières', ['08000'], 49.7621, 4.7266, '03', 1],
  ['Belfort', ['90000'], 47.6397, 6.8638, '03', 1],
  ['Vichy', ['03200'], 46.1277, 3.426, '04', 1],
  ['Rodez', ['12000'], 44.3506, 2.575, '05', 1],
  ['Arras', ['62000'], 50.291, 2.7775, '03', 1],
  ['Saint-Quentin', ['02100'], 49.8465, 3.2876, '03', 1],
  ['Compiègne', ['60200'], 49.4179, 2.8261, '03', 1],
  ['Meaux', ['77100'], 48.9601, 2.8788, '01', 1],
  ['Melun', ['77000'], 48.5421, 2.6554, '01', 1],
  ['Évry-Courcouronnes', ['91000'], 48.6294, 2.4406, '01', 1],
  ['Cergy', ['95000'], 49.0364, 2.0761, '01', 1],
  ['Saint-Germain-en-Laye', ['78100'], 48.8989, 2.0938, '01', 1],
  ['Vincennes', ['94300'], 48.8474, 2.4396, '01', 1],
  ['Neuilly-sur-Seine', ['92200'], 48.8846, 2.2697, '01', 1],
  ['Issy-les-Moulineaux', ['92130'], 48.8245, 2.2743, '01', 1],
  ['Le Puy-en-Velay', ['43000'], 45.0434, 3.885, '04', 1],
];

export const TOWNS: readonly Town[] = TOWN_ROWS.map(([name, postcodes, lat, lon, areaCode]) => ({
  name,
  postcodes,
  lat,
  lon,
  areaCode,
}));
export const TOWN_TABLE = weighted(TOWNS.map((town, i) => [town, TOWN_ROWS[i][5]] as const));

export const STREETS = [
  'rue de la République', 'rue Victor Hugo', 'avenue Jean Jaurès', 'rue Pasteur', 'boulevard Gambetta',
  'rue du Général de Gaulle', "place de l'Église", 'rue des Écoles', 'rue de la Gare', 'avenue de la Libération',
  'rue Jules Ferry', 'chemin des Vignes', 'allée des Tilleuls', 'impasse des Lilas', 'rue du Moulin',
  'route de Paris', 'rue Émile Zola', 'rue Carnot', 'avenue Foch', 'rue Voltaire',
  'rue des Roses', 'rue de la Paix', 'rue Nationale', 'rue du Château', 'avenue des Acacias',
  'rue Jean Moulin', 'rue Gambetta', 'boulevard Voltaire', 'rue de Verdun', 'rue Anatole France',
  'rue du 8 Mai 1945', 'rue de la Fontaine', 'rue des Lilas', 'avenue de la Gare', 'rue du Stade',
  'rue des Jardins', 'rue de Bretagne', 'rue Saint-Michel', 'rue Principale', 'rue du Pont',
  'cours Lafayette', 'quai des Marins', 'rue Lamartine', 'rue Molière', 'rue Paul Bert',
  'rue Aristide Briand', 'boulevard de Strasbourg', 'rue Thiers', 'avenue du Maréchal Leclerc', 'rue des Peupliers',
  'rue de la Mairie', 'chemin du Lavoir', 'rue des Érables', 'allée des Pins', 'rue Alsace-Lorraine',
  'rue de Provence', 'avenue de Verdun', 'rue du Commerce', 'rue Condorcet', 'rue Édouard Vaillant',
];

export const ADDRESS_COMPLEMENTS = [
  'Bât. A', 'Bât. B', 'Bât. C', 'Appt 12', 'Appt 3', 'Résidence Les Pins', 'Résidence du Parc', '2e étage',
  '3e étage', 'Escalier B', 'Porte 4', 'Lot. Les Chênes',
];

export const EMAIL_DOMAINS = weighted<string>([
  ['gmail.com', 30], ['orange.fr', 15], ['free.fr', 8], ['hotmail.fr', 9], ['yahoo.fr', 6], ['laposte.net', 5],
  ['sfr.fr', 4], ['outlook.fr', 4], ['icloud.com', 4], ['wanadoo.fr', 3], ['hotmail.com', 3], ['live.fr', 3],
  ['bbox.fr', 2], ['outlook.com', 2], ['neuf.fr', 1], ['aol.com', 1],
]);

/** Providers of an e-mail address someone used years ago and since left. */
export const OLD_EMAIL_DOMAINS = ['wanadoo.fr', 'hotmail.fr', 'yahoo.fr', 'club-internet.fr', 'aol.com', 'neuf.fr', 'voila.fr', 'caramail.com'];

export const LANGUAGES = weighted<string>([
  ['fr', 930], ['en', 25], ['de', 10], ['es', 10], ['it', 8], ['pt', 8], ['nl', 5], ['ar', 4],
]);
