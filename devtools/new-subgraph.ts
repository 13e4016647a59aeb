// `npm run new:subgraph -- <name>`: a new channel in the standard shape (docs/adding-a-subgraph.md),
// written from the templates in devtools/templates/new-subgraph/ — a definition, a placeholder
// legacy.sql, one entity, one Customer field through `@requires`, one feed, an identity extractor,
// a policy, erasure and export, and an end-to-end test that fails until the channel is filled in.
//
// It registers nothing: it prints the one line (and its import) to add to subgraphs/index.ts, so
// that the hand-written registry is only ever edited by hand, when the channel is ready to compose.
//
// Templates are text, not TypeScript: their file names and contents carry four tokens, replaced
// here — `__name__` (the system's name, `pos_v2`), `__nameCamel__` (`posV2`), `__Name__` (`PosV2`)
// and `__NAME__` (`POS_V2`). A template's name ends in `.tmpl`, so neither tsc nor jest reads it.
import fs from 'node:fs';
import path from 'node:path';
import { parse, Kind } from 'graphql';

export const TEMPLATE_ROOT = path.join('devtools', 'templates', 'new-subgraph');
const TEMPLATE_EXTENSION = '.tmpl';

/**
 * The registry's own rule (subgraphs/channels.ts: lower case letters, digits and _, 2–31 characters,
 * starting with a letter; it names a database and variables), and no empty, leading or trailing
 * `_` part: each part becomes a word of the generated identifiers (`pos_v2` → `PosV2`).
 */
const NAME = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;
const MIN_LENGTH = 2;
const MAX_LENGTH = 31;

/**
 * Names that are taken without a folder of their own: the hub's role, the files beside the channel
 * folders, the project's other top-level folders, the ground truth's database variable
 * (GROUND_TRUTH_DATABASE_URL), PostgreSQL's own databases.
 */
export const RESERVED_NAMES: ReadonlySet<string> = new Set([
  'customer',
  'hub',
  'kit',
  'index',
  'channels',
  'start',
  'gateway',
  'schema',
  'devtools',
  'test',
  'docs',
  'dist',
  'truth',
  'ground_truth',
  'postgres',
  'template0',
  'template1',
]);

/** Refused: a bad name, an existing channel or file. Said as it is (the CLI exits 2). */
export class ScaffoldRefused extends Error {}

export interface ScaffoldNames {
  /** The system's name: `pos_v2`. */
  name: string;
  /** `posV2` */
  camel: string;
  /** `PosV2` */
  pascal: string;
  /** `POS_V2` */
  upper: string;
}

export function namesOf(name: string): ScaffoldNames {
  const words = name.split('_');
  const capital = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1);
  return { name, camel: words[0] + words.slice(1).map(capital).join(''), pascal: words.map(capital).join(''), upper: name.toUpperCase() };
}

function substitute(text: string, names: ScaffoldNames): string {
  return text
    .replace(/__nameCamel__/g, names.camel)
    .replace(/__name__/g, names.name)
    .replace(/__Name__/g, names.pascal)
    .replace(/__NAME__/g, names.upper);
}

/** What the generated code publishes: checked against the committed supergraph so that the new channel composes. */
function publishedNames(names: ScaffoldNames): { types: string[]; customerField: string; enumValues: Record<string, string> } {
  return {
    types: [`${names.pascal}Event`, `${names.pascal}EventEdge`, `${names.pascal}EventConnection`],
    customerField: `${names.camel}Events`,
    enumValues: { LegacySystem: names.upper, Channel: names.upper, IdentifierKind: `${names.upper}_ACCOUNT` },
  };
}

/** Why `name` cannot be a new channel's in the project at `root`, or null when it can. */
export function nameProblem(name: string, root: string): string | null {
  if (name.length < MIN_LENGTH || name.length > MAX_LENGTH) {
    return `"${name}" must be ${MIN_LENGTH} to ${MAX_LENGTH} characters long (it names a database, ${name.toUpperCase()}_DATABASE_URL and a subgraph)`;
  }
  if (!NAME.test(name)) {
    return `"${name}" must be lower case letters, digits and single _ between words, starting with a letter (e.g. "kiosk", "pos_v2")`;
  }
  if (RESERVED_NAMES.has(name)) return `"${name}" is reserved (the hub, the registry's files, a project folder or a database variable use it)`;
  if (fs.existsSync(path.join(root, 'subgraphs', name))) return `subgraphs/${name}/ already exists: a subgraph of that name is there`;
  const test = path.join(root, 'test', `${name}.e2e.test.ts`);
  if (fs.existsSync(test)) return `test/${name}.e2e.test.ts already exists`;
  return collision(namesOf(name), root);
}

/** A name the generated channel would publish that the committed supergraph already has. */
function collision(names: ScaffoldNames, root: string): string | null {
  const file = path.join(root, 'schema', 'supergraph.graphql');
  if (!fs.existsSync(file)) return null;
  const published = publishedNames(names);
  const document = parse(fs.readFileSync(file, 'utf8'));
  for (const definition of document.definitions) {
    if (!('name' in definition) || !definition.name) continue;
    const typeName = definition.name.value;
    if (published.types.includes(typeName)) return `the supergraph already has a type ${typeName}: choose another name`;
    if (definition.kind === Kind.OBJECT_TYPE_DEFINITION && typeName === 'Customer') {
      if (definition.fields?.some((field) => field.name.value === published.customerField)) {
        return `the supergraph's Customer already has a field ${published.customerField}: choose another name`;
      }
    }
    const value = published.enumValues[typeName];
    if (definition.kind === Kind.ENUM_TYPE_DEFINITION && value && definition.values?.some((known) => known.name.value === value)) {
      return `the supergraph's ${typeName} already has a value ${value}: choose another name`;
    }
  }
  return null;
}

export interface Scaffold {
  names: ScaffoldNames;
  /** The files written, relative to the project root, in order. */
  files: string[];
  /** The lines to add to subgraphs/index.ts. */
  registration: { importLine: string; listEntry: string };
}

interface Template {
  /** Relative to the template root, tokens in it. */
  source: string;
  /** Relative to the project root, tokens replaced, `.tmpl` dropped. */
  target: string;
}

function templatesUnder(templateRoot: string, names: ScaffoldNames, folder = ''): Template[] {
  const found: Template[] = [];
  for (const entry of fs.readdirSync(path.join(templateRoot, folder), { withFileTypes: true })) {
    const source = path.join(folder, entry.name);
    if (entry.isDirectory()) found.push(...templatesUnder(templateRoot, names, source));
    else if (entry.name.endsWith(TEMPLATE_EXTENSION)) found.push({ source, target: substitute(source.slice(0, -TEMPLATE_EXTENSION.length), names) });
  }
  return found.sort((a, b) => a.target.localeCompare(b.target));
}

/**
 * Writes the channel `name` into the project at `root` (the repository, or a copy of its layout in
 * a test): refused, writing nothing, when the name is not a new channel's or a target exists.
 * `templateRoot` defaults to this project's templates.
 */
export function scaffoldSubgraph(name: string, options: { root: string; templateRoot?: string }): Scaffold {
  const problem = nameProblem(name, options.root);
  if (problem) throw new ScaffoldRefused(problem);
  const names = namesOf(name);
  const templateRoot = options.templateRoot ?? path.join(options.root, TEMPLATE_ROOT);
  if (!fs.existsSync(templateRoot)) throw new Error(`no templates in ${templateRoot}`);
  const templates = templatesUnder(templateRoot, names);
  const existing = templates.find((template) => fs.existsSync(path.join(options.root, template.target)));
  if (existing) throw new ScaffoldRefused(`${existing.target} already exists: nothing was written`);

  // Everything is rendered before anything is written: a template that leaves a token is a bug here.
  const rendered = templates.map((template) => {
    const text = substitute(fs.readFileSync(path.join(templateRoot, template.source), 'utf8'), names);
    const token = /__(name|nameCamel|Name|NAME)__/.exec(text);
    if (token) throw new Error(`template ${template.source} leaves ${token[0]}`);
    return { target: template.target, text };
  });
  for (const { target, text } of rendered) {
    const file = path.join(options.root, target);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // `wx`: never overwrite, even a file created since the check above.
    fs.writeFileSync(file, text, { flag: 'wx' });
  }
  return {
    names,
    files: rendered.map(({ target }) => target.split(path.sep).join('/')),
    registration: {
      importLine: `import { ${names.camel}Subgraph } from './${name}/server';`,
      listEntry: `${names.camel}Subgraph,`,
    },
  };
}

/** What the command prints once the files are written: the registry line and the next steps. */
export function nextSteps(scaffold: Scaffold): string {
  const { name, upper } = scaffold.names;
  return [
    `new:subgraph: wrote the ${name} channel:`,
    ...scaffold.files.map((file) => `  ${file}`),
    '',
    'Next (docs/adding-a-subgraph.md walks through each):',
    `  1. Replace subgraphs/${name}/legacy.sql with the real legacy tables, then fill in every "FILL IN" of subgraphs/${name}/.`,
    `  2. Register it in subgraphs/index.ts, the one registry line (and its import):`,
    `       ${scaffold.registration.importLine}`,
    `       ${scaffold.registration.listEntry}   // in subgraphDefinitions()`,
    '  3. npm run compose: writes schema/supergraph.graphql and schema/access-matrix.md (commit both).',
    '  4. npm run db:setup -- --legacy: in development, creates its database with its tables.',
    `  5. npx jest test/${name}.e2e.test.ts: fails, saying what to fill in, until the channel is done.`,
    `  Its variables, by convention: ${upper}_DATABASE_URL, ${upper}_SUBGRAPH_URL (add them to .env.example).`,
  ].join('\n');
}
