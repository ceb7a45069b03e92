// Extracts the CloudFormation schema snapshot (tests/schema/cloudformation.json)
// from the resource database that @aws-cdk/aws-service-spec ships.
//
//   npm ci && node extract.mjs            write the snapshot
//   node extract.mjs --check              fail unless the file on disk is what
//                                         this script produces now
//   node extract.mjs --out PATH           write somewhere else
//
// Only the resource types listed in types.txt are kept, plus every property
// type they reference, recursively. Each run builds the snapshot twice from
// two independent loads of the database and refuses to write unless the two
// are byte-identical, so determinism is checked on every regeneration.
//
// Snapshot format (see docs/schema.md):
//   { "resources": { "AWS::S::R": { "attributes": {NAME: TYPE},
//                                   "properties": {NAME: TYPE},
//                                   "required": [NAME...] } },
//     "source":    { "package": NAME, "version": VERSION },
//     "types":     { "AWS::S::R.Sub" | "Tag": { "properties": {...}, "required": [...] } } }
// where TYPE is a string: String Integer Double Boolean Timestamp Json Null,
// a type name, List<TYPE>, Map<TYPE>, or members joined by '|' (a union).

import { createRequire } from 'node:module';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const HERE = dirname(fileURLToPath(import.meta.url));
const PACKAGE = '@aws-cdk/aws-service-spec';
const DEFAULT_OUT = resolve(HERE, '../../tests/schema/cloudformation.json');

function fail(message) {
  process.stderr.write(`extract.mjs: ${message}\n`);
  process.exit(1);
}

function parseArgs(argv) {
  const args = { check: false, out: DEFAULT_OUT };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--check') args.check = true;
    else if (argv[i] === '--out' && i + 1 < argv.length) args.out = resolve(argv[++i]);
    else fail(`unknown argument \`${argv[i]}\`; usage: node extract.mjs [--check] [--out PATH]`);
  }
  return args;
}

// The version installed must be the one package.json pins exactly.
function packageVersion() {
  const pinned = JSON.parse(readFileSync(join(HERE, 'package.json'), 'utf8')).dependencies[PACKAGE];
  const installed = JSON.parse(readFileSync(require.resolve(`${PACKAGE}/package.json`), 'utf8')).version;
  if (!/^\d+\.\d+\.\d+$/.test(pinned)) fail(`package.json must pin ${PACKAGE} exactly, not \`${pinned}\``);
  if (installed !== pinned) fail(`installed ${PACKAGE} is ${installed}, package.json pins ${pinned}; run \`npm ci\``);
  return installed;
}

function wantedTypes() {
  const lines = readFileSync(join(HERE, 'types.txt'), 'utf8').split('\n');
  const out = [];
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (!/^AWS::[A-Za-z0-9]+::[A-Za-z0-9]+$/.test(line)) fail(`types.txt: \`${line}\` is not a resource type name`);
    out.push(line);
  }
  return [...new Set(out)].sort(compare);
}

function compare(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

// Builds the snapshot object from a freshly loaded database.
function buildSnapshot(version, types) {
  const { loadAwsServiceSpecSync } = require(PACKAGE);
  const db = loadAwsServiceSpecSync();

  // Every type definition belongs to exactly one resource; its snapshot name
  // is "<resource type>.<definition name>", as in CloudFormation's own spec.
  const owner = new Map();
  for (const res of db.all('resource')) {
    for (const link of db.follow('usesType', res)) {
      const def = link.entity;
      if (owner.has(def.$id) && owner.get(def.$id) !== res) {
        fail(`type definition ${def.name} is used by two resources`);
      }
      owner.set(def.$id, res);
    }
  }
  const defName = (def) => {
    const res = owner.get(def.$id);
    if (!res) fail(`type definition ${def.name} (${def.$id}) has no owning resource`);
    return `${res.cloudFormationType}.${def.name}`;
  };

  const outTypes = {};
  const pending = [];
  const typeString = (t) => {
    switch (t.type) {
      case 'string': return 'String';
      case 'integer': return 'Integer';
      case 'number': return 'Double';
      case 'boolean': return 'Boolean';
      case 'date-time': return 'Timestamp';
      case 'json': return 'Json';
      case 'null': return 'Null';
      case 'tag':
        outTypes.Tag = { properties: { Key: 'String', Value: 'String' }, required: ['Key', 'Value'] };
        return 'Tag';
      case 'array': return `List<${typeString(t.element)}>`;
      case 'map': return `Map<${typeString(t.element)}>`;
      case 'union': {
        const members = new Set();
        for (const m of t.types) for (const part of splitUnion(typeString(m))) members.add(part);
        return [...members].sort(compare).join('|');
      }
      case 'ref': {
        const def = db.get('typeDefinition', t.reference);
        const name = defName(def);
        if (!(name in outTypes)) {
          outTypes[name] = null;  // reserved; filled below
          pending.push([name, def]);
        }
        return name;
      }
      default:
        fail(`unknown type kind \`${t.type}\``);
    }
  };
  const propertiesOf = (props) => {
    const properties = {};
    const required = [];
    for (const name of Object.keys(props).sort(compare)) {
      properties[name] = typeString(props[name].type);
      if (props[name].required) required.push(name);
    }
    return { properties, required };
  };

  const outResources = {};
  for (const cfnType of types) {
    const found = db.lookup('resource', 'cloudFormationType', 'equals', cfnType);
    if (found.length !== 1) fail(`types.txt: ${cfnType} is not in ${PACKAGE} ${version}`);
    const res = found[0];
    const attributes = {};
    for (const name of Object.keys(res.attributes).sort(compare)) {
      attributes[name] = typeString(res.attributes[name].type);
    }
    outResources[cfnType] = { attributes, ...propertiesOf(res.properties) };
  }
  while (pending.length > 0) {
    const [name, def] = pending.pop();
    outTypes[name] = propertiesOf(def.properties);
  }

  return { resources: outResources, source: { package: PACKAGE, version }, types: outTypes };
}

// A union's members at the top level (not inside List<> or Map<>).
function splitUnion(s) {
  const parts = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '<') depth++;
    else if (s[i] === '>') depth--;
    else if (s[i] === '|' && depth === 0) {
      parts.push(s.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(s.slice(start));
  return parts;
}

// JSON with keys sorted at every level; one resource or type per line so a
// regeneration's diff reads per resource.
function serialize(snapshot) {
  const canon = (v) => {
    if (Array.isArray(v)) return `[${v.map(canon).join(',')}]`;
    if (v !== null && typeof v === 'object') {
      return `{${Object.keys(v).sort(compare).map((k) => `${JSON.stringify(k)}:${canon(v[k])}`).join(',')}}`;
    }
    return JSON.stringify(v);
  };
  const sections = Object.keys(snapshot).sort(compare).map((section) => {
    const entries = Object.keys(snapshot[section]).sort(compare)
      .map((k) => `${JSON.stringify(k)}:${canon(snapshot[section][k])}`);
    return `${JSON.stringify(section)}:{\n${entries.join(',\n')}\n}`;
  });
  return `{\n${sections.join(',\n')}\n}\n`;
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const version = packageVersion();
  const types = wantedTypes();
  const first = serialize(buildSnapshot(version, types));
  const second = serialize(buildSnapshot(version, types));
  if (first !== second) fail('two runs over the same database produced different bytes');
  const snapshot = JSON.parse(first);
  const summary = `${Object.keys(snapshot.resources).length} resource types, ` +
    `${Object.keys(snapshot.types).length} property types, ${Buffer.byteLength(first)} bytes, ${PACKAGE} ${version}`;

  if (args.check) {
    let current = '';
    try {
      current = readFileSync(args.out, 'utf8');
    } catch {
      fail(`${args.out} does not exist; run \`node extract.mjs\``);
    }
    if (current !== first) fail(`${args.out} is stale; run \`node extract.mjs\` and commit the result`);
    process.stdout.write(`up to date: ${summary}\n`);
    return;
  }
  mkdirSync(dirname(args.out), { recursive: true });
  writeFileSync(args.out, first);
  process.stdout.write(`wrote ${args.out}: ${summary}\n`);
}

main();
