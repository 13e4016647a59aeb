// The brand's stores and articles: a home-goods chain with ~40 stores and a web shop selling the
// same articles (same EAN). Fixed, not drawn from the seed: they are the same in every data set.
import { daysFromCivil } from './calendar';
import { plain, withCheckDigit } from './identifiers';
import { Town, TOWNS } from './names';
import { weighted } from './random';

export interface Store {
  readonly index: number;
  readonly code: string;
  readonly label: string;
  readonly town: string;
  readonly postcode: string;
  readonly lat: number;
  readonly lon: number;
  /** Day it closed for good (`OUVERT = 'N'`), or null. */
  readonly closedDay: number | null;
  /** Day it opened (no card is issued there before). */
  readonly openedDay: number;
}

// [label, town, postcode, lat, lon, closed on]
const STORE_ROWS: [string, string, string, number, number, string | null][] = [
  ['PARIS RIVOLI', 'PARIS', '75001', 48.8606, 2.3376, null],
  ['PARIS MONTPARNASSE', 'PARIS', '75015', 48.8421, 2.3219, null],
  ['PARIS NATION', 'PARIS', '75012', 48.8483, 2.3959, null],
  ['PARIS BATIGNOLLES', 'PARIS', '75017', 48.8866, 2.318, null],
  ['BOULOGNE', 'BOULOGNE-BILLANCOURT', '92100', 48.8353, 2.241, null],
  ['LA DEFENSE', 'COURBEVOIE', '92400', 48.892, 2.238, null],
  ['CRETEIL SOLEIL', 'CRETEIL', '94000', 48.7797, 2.4587, null],
  ['VERSAILLES', 'VERSAILLES', '78000', 48.804, 2.13, null],
  ['SAINT-DENIS BASILIQUE', 'SAINT-DENIS', '93200', 48.9357, 2.36, null],
  ['CERGY 3 FONTAINES', 'CERGY', '95000', 49.039, 2.077, null],
  ['LYON PART-DIEU', 'LYON', '69003', 45.7606, 4.859, null],
  ['LYON CONFLUENCE', 'LYON', '69002', 45.7405, 4.818, null],
  ['VILLEURBANNE', 'VILLEURBANNE', '69100', 45.77, 4.88, null],
  ['MARSEILLE TERRASSES', 'MARSEILLE', '13002', 43.309, 5.365, null],
  ['MARSEILLE PRADO', 'MARSEILLE', '13008', 43.273, 5.391, null],
  ['AIX-EN-PROVENCE', 'AIX-EN-PROVENCE', '13100', 43.527, 5.445, null],
  ['TOULON MAYOL', 'TOULON', '83000', 43.125, 5.93, '2024-06-29'],
  ['NICE ETOILE', 'NICE', '06000', 43.701, 7.268, null],
  ['TOULOUSE CAPITOLE', 'TOULOUSE', '31000', 43.6045, 1.444, null],
  ['TOULOUSE PURPAN', 'TOULOUSE', '31300', 43.61, 1.4, null],
  ['BORDEAUX STE-CATHERINE', 'BORDEAUX', '33000', 44.84, -0.574, null],
  ['MERIGNAC SOLEIL', 'MERIGNAC', '33700', 44.83, -0.65, null],
  ['NANTES COMMERCE', 'NANTES', '44000', 47.215, -1.56, null],
  ['RENNES COLOMBIA', 'RENNES', '35000', 48.105, -1.677, null],
  ['LILLE EURALILLE', 'LILLE', '59000', 50.637, 3.074, null],
  ['ROUBAIX MCARTHUR', 'ROUBAIX', '59100', 50.69, 3.18, '2025-01-31'],
  ['STRASBOURG KLEBER', 'STRASBOURG', '67000', 48.584, 7.745, null],
  ['MONTPELLIER POLYGONE', 'MONTPELLIER', '34000', 43.608, 3.885, null],
  ['NIMES COUPOLE', 'NIMES', '30000', 43.836, 4.36, null],
  ['GRENOBLE GRAND PLACE', 'GRENOBLE', '38000', 45.188, 5.725, null],
  ['DIJON TOISON D OR', 'DIJON', '21000', 47.322, 5.041, null],
  ['CLERMONT-FERRAND JAUDE', 'CLERMONT-FERRAND', '63000', 45.777, 3.087, null],
  ['TOURS NATIONALE', 'TOURS', '37000', 47.394, 0.688, null],
  ['ROUEN SAINT-SEVER', 'ROUEN', '76100', 49.433, 1.088, null],
  ['REIMS CERNAY', 'REIMS', '51100', 49.258, 4.032, null],
  ['METZ SAINT-JACQUES', 'METZ', '57000', 49.119, 6.176, '2026-03-28'],
  ['ANGERS ESPACE ANJOU', 'ANGERS', '49000', 47.472, -0.554, null],
  ['CAEN MONDEVILLE', 'CAEN', '14000', 49.183, -0.37, null],
  ['PERPIGNAN CLAIRA', 'PERPIGNAN', '66000', 42.699, 2.895, null],
  ['ANNECY COURIER', 'ANNECY', '74000', 45.9, 6.129, null],
];

function parseDay(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number);
  return daysFromCivil(y, m, d);
}

export const STORES: readonly Store[] = STORE_ROWS.map(([label, town, postcode, lat, lon, closed], index) => ({
  index,
  code: `P${String(index + 1).padStart(3, '0')}`,
  label,
  town,
  postcode,
  lat,
  lon,
  closedDay: closed ? parseDay(closed) : null,
  // The chain grew over the years: later codes opened later.
  openedDay: daysFromCivil(2003, 3, 1) + index * 120,
}));

export function storeIsOpen(store: Store, day: number): boolean {
  return day >= store.openedDay && (store.closedDay === null || day < store.closedDay);
}

function distance(aLat: number, aLon: number, bLat: number, bLon: number): number {
  const x = (bLon - aLon) * Math.cos(((aLat + bLat) / 2) * (Math.PI / 180));
  return Math.hypot(x, bLat - aLat);
}

/** For each town: its stores, nearest first (a closed home store sends people to the next one). */
export const STORES_BY_TOWN: ReadonlyMap<Town, readonly Store[]> = new Map(
  TOWNS.map((town) => [
    town,
    [...STORES].sort((a, b) => distance(town.lat, town.lon, a.lat, a.lon) - distance(town.lat, town.lon, b.lat, b.lon)).slice(0, 4),
  ]),
);

/** The store someone of this town uses on that day: the nearest one still open. */
export function storeFor(town: Town, day: number): Store {
  const stores = STORES_BY_TOWN.get(town) ?? STORES;
  return stores.find((store) => storeIsOpen(store, day)) ?? STORES[0];
}

export interface Product {
  readonly index: number;
  readonly ean: string;
  readonly sku: string;
  /** Web shop name. */
  readonly name: string;
  /** Till label: upper case, no accents, at most 60 characters. */
  readonly label: string;
  readonly priceCents: number;
  readonly keywords: string;
}

// [category code, base name, variants, price in cents]
const PRODUCT_ROWS: [string, string, string[], number][] = [
  ['CUI', 'Poêle inox', ['20 cm', '24 cm', '28 cm'], 2490],
  ['CUI', 'Casserole inox', ['16 cm', '18 cm', '20 cm'], 1990],
  ['CUI', 'Cafetière italienne', ['3 tasses', '6 tasses'], 2290],
  ['CUI', 'Bouilloire électrique 1,7 L', ['blanc', 'noir', 'inox'], 3490],
  ['CUI', 'Set de 3 couteaux', [''], 2990],
  ['CUI', 'Planche à découper bambou', ['S', 'L'], 1290],
  ['CUI', 'Boîte hermétique', ['0,5 L', '1 L', '2 L'], 590],
  ['CUI', 'Mug céramique', ['blanc', 'bleu', 'vert sauge', 'terracotta'], 690],
  ['CUI', 'Verres à eau x6', [''], 1490],
  ['CUI', 'Assiette plate grès', ['blanc', 'gris'], 490],
  ['CUI', 'Torchons coton x3', ['rayé', 'uni'], 990],
  ['CUI', 'Théière fonte 0,8 L', [''], 3990],
  ['LIN', 'Drap housse coton', ['90x190', '140x190', '160x200'], 1990],
  ['LIN', 'Housse de couette', ['140x200', '220x240', '260x240'], 3990],
  ['LIN', "Taies d'oreiller x2", ['blanc', 'lin naturel'], 1490],
  ['LIN', 'Serviette de bain 70x140', ['blanc', 'gris', 'bleu canard'], 1290],
  ['LIN', 'Drap de bain 100x150', ['blanc', 'gris'], 2290],
  ['LIN', 'Plaid polaire 130x170', ['gris', 'écru', 'moutarde'], 1990],
  ['LIN', 'Coussin 40x40', ['moutarde', 'gris', 'terracotta', 'vert'], 1290],
  ['LIN', 'Nappe 150x250', ['blanc', 'lin'], 2990],
  ['LIN', 'Rideau occultant 140x260', ['gris', 'beige', 'bleu nuit'], 2490],
  ['DEC', 'Bougie parfumée', ['vanille', 'figue', 'ambre', 'fleur de coton'], 890],
  ['DEC', 'Cadre photo', ['10x15', '13x18', '20x30'], 790],
  ['DEC', 'Vase en verre', ['petit', 'grand'], 1490],
  ['DEC', 'Miroir rond 50 cm', ['doré', 'noir'], 4990],
  ['DEC', 'Guirlande lumineuse 5 m', [''], 1290],
  ['DEC', 'Plante artificielle', ['olivier', 'monstera'], 2990],
  ['DEC', 'Horloge murale 30 cm', [''], 2490],
  ['DEC', 'Diffuseur de parfum', ['bois de santal', 'citronnelle'], 1590],
  ['RAN', 'Boîte de rangement', ['15 L', '30 L', '50 L'], 990],
  ['RAN', 'Panier en osier', ['S', 'M', 'L'], 1490],
  ['RAN', 'Cintres bois x10', [''], 990],
  ['RAN', 'Étagère murale 60 cm', ['chêne', 'blanc'], 2490],
  ['RAN', 'Range-chaussures 3 niveaux', [''], 3490],
  ['LUM', 'Lampe de chevet', ['lin', 'céramique'], 2990],
  ['LUM', 'Ampoule LED E27 9W', [''], 490],
  ['LUM', 'Ampoules LED GU10 x3', [''], 990],
  ['LUM', 'Lampadaire arc', [''], 8990],
  ['LUM', 'Suspension rotin', ['40 cm', '60 cm'], 4990],
  ['LUM', 'Lampe de bureau', ['noir', 'blanc'], 2490],
  ['SDB', 'Tapis de bain', ['blanc', 'gris', 'vert'], 1290],
  ['SDB', 'Porte-savon', [''], 490],
  ['SDB', 'Rideau de douche', ['uni', 'motif feuilles'], 1490],
  ['SDB', 'Distributeur de savon', [''], 790],
  ['SDB', 'Panier à linge', [''], 2490],
  ['JAR', 'Pot de fleurs terre cuite', ['20 cm', '30 cm', '40 cm'], 890],
  ['JAR', 'Arrosoir 10 L', [''], 1290],
  ['JAR', 'Coussin de chaise jardin', ['gris', 'écru'], 990],
  ['JAR', 'Lanterne solaire', [''], 1990],
  ['JAR', 'Salon de jardin 4 places', [''], 39900],
  ['PEM', 'Grille-pain', ['blanc', 'noir'], 3490],
  ['PEM', 'Mixeur plongeant', [''], 3990],
  ['PEM', 'Robot pâtissier', [''], 19900],
  ['PEM', 'Cafetière filtre', [''], 4490],
  ['PEM', 'Aspirateur balai', [''], 14900],
  ['PEM', 'Fer à repasser vapeur', [''], 4990],
];

function buildProducts(): Product[] {
  const products: Product[] = [];
  PRODUCT_ROWS.forEach(([category, base, variants, price], row) => {
    variants.forEach((variant, v) => {
      const index = products.length;
      const name = variant ? `${base} ${variant}` : base;
      // Larger sizes cost more; prices end in 9 like shelf prices do.
      const priceCents = Math.round((price * (1 + v * 0.25)) / 100) * 100 - 10;
      products.push({
        index,
        ean: withCheckDigit(`3701234${String(10_000 + row * 10 + v).padStart(5, '0')}`),
        sku: `${category}-${String(10_000 + row * 10 + v)}`,
        name,
        label: plain(name).toUpperCase().replace(/,/g, '.').slice(0, 60),
        priceCents,
        keywords: plain(base).toLowerCase(),
      });
    });
  });
  return products;
}

export const PRODUCTS: readonly Product[] = buildProducts();

/** Cheap articles sell more often than expensive ones. */
export const PRODUCT_TABLE = weighted(PRODUCTS.map((product) => [product, 1 / Math.sqrt(product.priceCents)] as const));

/** What people type in the web shop's search box, besides article names. */
export const GENERIC_SEARCHES = [
  'cadeau noel', 'idee cadeau', 'soldes', 'promo', 'linge de lit', 'deco salon', 'fete des meres', 'bougie',
  'plaid', 'coussin', 'vaisselle', 'rangement', 'salle de bain', 'jardin', 'luminaire', 'lampe', 'rideaux',
  'cadeau fete des peres', 'black friday', 'nouveautés', 'couette', 'tapis', 'miroir', 'mug',
];
