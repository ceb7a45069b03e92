// A second opinion on archc's CloudFormation templates: AWS's own offline
// validator, @aws/cloudformation-validate (a WebAssembly build of
// CloudFormation's resource schemas and about 300 cfn-lint-style rules), as
// bundled inside the pinned aws-cdk-lib. See docs/schema.md, "A second opinion".
//
//   npm ci                                  once, installs the pinned package
//   node validate.mjs PATH...               PATH: a template, or a directory
//                                           searched for *.template.json
//   node validate.mjs --region eu-west-1 PATH...
//   node validate.mjs --allowlist FILE PATH...   (default: allowlist.json here)
//
// Prints one line per finding of severity WARN or above:
//   PATH: LEVEL RULE MESSAGE (LOGICAL-ID/PROPERTY-PATH)
// then a summary. Exit 0 when no finding is an ERROR or FATAL one (warnings
// are reported, not failed on), 1 when some is, 2 when the tool cannot run
// (bad arguments, unreadable file, validator not installed or not the pinned
// version). Nothing is fetched at run time.

import { createRequire } from 'node:module';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const CDK = 'aws-cdk-lib';
const VALIDATOR = '@aws/cloudformation-validate';
// The validator version the pinned aws-cdk-lib bundles: a bump of aws-cdk-lib
// that brings another rule set must be a deliberate, reviewed change.
const VALIDATOR_VERSION = '1.14.0';
const FAILING = new Set(['FATAL', 'ERROR']);

function fail(message) {
  process.stderr.write(`validate.mjs: ${message}\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const args = { region: 'us-east-1', allowlist: join(HERE, 'allowlist.json'), paths: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if ((a === '--region' || a === '--allowlist') && i + 1 < argv.length) args[a.slice(2)] = argv[++i];
    else if (a.startsWith('-')) fail(`unknown option \`${a}\`; usage: node validate.mjs [--region R] [--allowlist FILE] PATH...`);
    else args.paths.push(a);
  }
  if (args.paths.length === 0) fail('no template given; usage: node validate.mjs [--region R] [--allowlist FILE] PATH...');
  return args;
}

// Loads the validator from inside the installed aws-cdk-lib (where npm puts a
// bundled dependency), after checking both are the versions pinned here.
function loadValidator() {
  const pinned = JSON.parse(readFileSync(join(HERE, 'package.json'), 'utf8')).dependencies[CDK];
  const require = createRequire(join(HERE, 'package.json'));
  let cdkManifest;
  try {
    cdkManifest = require.resolve(`${CDK}/package.json`);
  } catch {
    fail(`${CDK} is not installed; run \`npm ci\` in ${HERE}`);
  }
  const installed = JSON.parse(readFileSync(cdkManifest, 'utf8')).version;
  if (installed !== pinned) fail(`${CDK} ${installed} is installed but package.json pins ${pinned}; run \`npm ci\` in ${HERE}`);
  const validator = createRequire(cdkManifest)(VALIDATOR);
  if (validator.version() !== VALIDATOR_VERSION)
    fail(`${CDK} ${installed} bundles ${VALIDATOR} ${validator.version()}, not ${VALIDATOR_VERSION}: review the new rules, then update VALIDATOR_VERSION`);
  return { validator, cdkVersion: installed };
}

// The allowlist: findings that are false positives for archc's templates.
// Each entry names a rule, optionally narrows it to a resource type or a
// logical ID, and must say why (docs/schema.md).
function loadAllowlist(file) {
  let data;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    fail(`cannot read the allowlist ${file}: ${e.message}`);
  }
  const entries = Array.isArray(data.allow) ? data.allow : fail(`${file}: expected {"allow": [...]}`);
  for (const [i, e] of entries.entries()) {
    if (typeof e.rule !== 'string' || typeof e.reason !== 'string' || e.reason.trim() === '')
      fail(`${file}: entry ${i} needs a "rule" and a non-empty "reason"`);
    for (const key of Object.keys(e))
      if (!['rule', 'resourceType', 'logicalId', 'reason'].includes(key)) fail(`${file}: entry ${i}: unknown key "${key}"`);
    e.used = 0;
  }
  return entries;
}

function allowedBy(allowlist, d) {
  return allowlist.find((e) => e.rule === d.ruleId &&
    (e.resourceType === undefined || e.resourceType === d.entity?.resourceType) &&
    (e.logicalId === undefined || e.logicalId === d.entity?.logicalId));
}

// Directories are searched recursively for *.template.json, in sorted order
// so that the output is stable.
function templates(paths) {
  const found = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.template.json')) found.push(p);
    }
  };
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      fail(`${p}: no such file or directory`);
    }
    if (st.isDirectory()) walk(p);
    else found.push(p);
  }
  if (found.length === 0) fail(`no *.template.json under ${paths.join(', ')}`);
  return found;
}

// `(ApiSecurityGroup/Properties.GroupDescription)`; a path the validator
// gives from the template's top (`Outputs/X/Value`) already names the entity.
function where(d) {
  const path = d.propertyPath ?? '';
  if (path.includes('/')) return ` (${path})`;
  const parts = [d.entity?.logicalId, path].filter((x) => x);
  return parts.length ? ` (${parts.join('/')})` : '';
}

const args = parseArgs(process.argv.slice(2));
const allowlist = loadAllowlist(resolve(args.allowlist));
const files = templates(args.paths);
const { validator, cdkVersion } = loadValidator();

const engine = new validator.CompositeEngine();
const counts = { FATAL: 0, ERROR: 0, WARN: 0, allowed: 0 };
try {
  for (const file of files) {
    let text;
    try {
      text = readFileSync(file);
    } catch (e) {
      fail(`${file}: ${e.message}`);
    }
    const report = engine.validateTemplate(new validator.TemplateContent(text, file), {
      detailLevel: 'STANDARD',
      severityLevel: 'WARN',
      pseudoParameterOverrides: { region: args.region },
    });
    for (const d of report.diagnostics) {
      const entry = allowedBy(allowlist, d);
      if (entry) {
        entry.used++;
        counts.allowed++;
        continue;
      }
      counts[d.severity] = (counts[d.severity] ?? 0) + 1;
      process.stdout.write(`${file}: ${d.severity} ${d.ruleId} ${d.message}${where(d)}\n`);
    }
    // An incomplete analysis may have left findings out: it cannot count as clean.
    if (report.status === 'ANALYSIS_INCOMPLETE') {
      counts.ERROR++;
      process.stdout.write(`${file}: ERROR incomplete the validator gave up before the end (a budget ran out)\n`);
    }
  }
} finally {
  engine.free();
}

for (const e of allowlist)
  if (e.used === 0) process.stderr.write(`note: allowlist entry ${e.rule}${e.resourceType ? ` ${e.resourceType}` : ''}${e.logicalId ? ` ${e.logicalId}` : ''} matched nothing\n`);
const errors = counts.FATAL + counts.ERROR;
process.stdout.write(`${VALIDATOR} ${validator.version()} (${CDK} ${cdkVersion}), region ${args.region}: ` +
  `${files.length} template(s), ${errors} error(s), ${counts.WARN} warning(s), ${counts.allowed} allowlisted\n`);
process.exit(errors > 0 ? 1 : 0);
