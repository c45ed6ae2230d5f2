// Offline checks of a Zendesk app package against the requirements Zendesk's own validator
// enforces (rules paraphrased in shared/guides/helpdesk-apis.md §6.4, from
// zendesk/zendesk_apps_support): manifest fields, locations, parameters and secure settings,
// translations, file types, insecure URLs and secret-looking strings. `zcli apps:validate`
// needs a Zendesk account; this runs anywhere. Usage: node scripts/validate-zendesk-app.mjs ZIP
import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';

const SUPPORT_LOCATIONS = new Set([
  'top_bar', 'nav_bar', 'ticket_sidebar', 'new_ticket_sidebar', 'user_sidebar',
  'organization_sidebar', 'background', 'modal', 'ticket_editor',
]);
const PARAM_TYPES = new Set(['text', 'checkbox', 'url', 'number', 'multiline', 'hidden', 'oauth', 'mtls']);
const SCOPES = new Set(['header', 'body', 'url', 'jwt_secret_key', 'jwt_claim', 'basic_auth_username', 'basic_auth_password']);
const FORBIDDEN_EXT = /\.(rar|zip|gz|gzip|tgz|7z|pdf|docx?|xlsx?|pptx?|mp3|mp4|mov|avi|wav|bin|sh|jar|exe)$/i;
const SECRET_WORDS = /\b(password|secret|api_key|auth_key)\s*[:=]|-----BEGIN [A-Z ]*PRIVATE KEY-----|AKIA[0-9A-Z]{16}/;
/** Our own budget for what agents download with the app (not a Zendesk number). */
export const MAX_PACKAGE_BYTES = 1024 * 1024;

/** Reads a zip archive into a Map of name to contents (stored and deflated entries). */
export function unzip(buf) {
  const files = new Map();
  let end = buf.length - 22;
  while (end >= 0 && buf.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw new Error('not a zip archive');
  const count = buf.readUInt16LE(end + 10);
  let p = buf.readUInt32LE(end + 16);
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error('bad central directory');
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    const dataAt = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(dataAt, dataAt + size);
    files.set(name, method === 8 ? inflateRawSync(raw) : Buffer.from(raw));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return files;
}

/** Object keys that appear twice in one JSON object (JSON.parse keeps the last silently). */
export function duplicateKeys(text) {
  const dups = [];
  const stack = [];
  const re = /"(?:[^"\\]|\\.)*"|[{}[\]:,]/g;
  let m;
  let prev = null;
  while ((m = re.exec(text))) {
    const tok = m[0];
    if (tok === '{') stack.push(new Set());
    else if (tok === '[') stack.push(null);
    else if (tok === '}' || tok === ']') stack.pop();
    else if (tok === ':' && prev && prev.startsWith('"') && stack.at(-1)) {
      const key = JSON.parse(prev);
      if (stack.at(-1).has(key)) dups.push(key);
      stack.at(-1).add(key);
    }
    prev = tok;
  }
  return dups;
}

/** Validates an app given as a Map of file name to contents. */
export function validateApp(files) {
  const errors = [];
  const warnings = [];
  const text = (name) => files.get(name)?.toString('utf8');
  const manifestText = text('manifest.json');
  if (manifestText === undefined) {
    return { errors: ['manifest.json must be at the root of the package'], warnings };
  }
  let m;
  try {
    m = JSON.parse(manifestText);
  } catch (err) {
    return { errors: [`manifest.json is not valid JSON: ${err.message}`], warnings };
  }
  for (const key of duplicateKeys(manifestText)) errors.push(`manifest.json repeats the key "${key}"`);
  for (const field of ['name', 'author', 'defaultLocale', 'frameworkVersion']) {
    if (m[field] === undefined) errors.push(`manifest.json lacks "${field}"`);
  }
  if (m.author && (!m.author.name || !m.author.email)) errors.push('author needs a name and an email');
  if (m.frameworkVersion !== undefined && m.frameworkVersion !== '2.0') {
    errors.push(`frameworkVersion must be "2.0", got ${JSON.stringify(m.frameworkVersion)}`);
  }
  const locale = m.defaultLocale;
  const translation = text(`translations/${locale}.json`);
  if (locale && translation === undefined) errors.push(`translations/${locale}.json is missing`);
  if (translation !== undefined) {
    let t = {};
    try {
      t = JSON.parse(translation);
    } catch (err) {
      errors.push(`translations/${locale}.json is not valid JSON: ${err.message}`);
    }
    if (!t.app?.name) errors.push(`translations/${locale}.json lacks app.name`);
    if (m.private === false) {
      for (const k of ['short_description', 'long_description', 'installation_instructions']) {
        if (!t.app?.[k]) errors.push(`a public app needs app.${k} in translations/${locale}.json`);
      }
    }
  }
  const locations = Object.entries(m.location ?? {});
  if (!locations.length) errors.push('the app has no location');
  for (const [product, places] of locations) {
    for (const [place, spec] of Object.entries(places ?? {})) {
      if (product === 'support' && !SUPPORT_LOCATIONS.has(place)) errors.push(`unknown support location "${place}"`);
      const url = typeof spec === 'string' ? spec : spec?.url;
      if (typeof url !== 'string') {
        errors.push(`location ${place} has no url`);
        continue;
      }
      const ok =
        /^https:\/\//.test(url) ||
        /^http:\/\/localhost[:/]/.test(url) ||
        url.includes('{{setting.') ||
        (url.startsWith('assets/') && files.has(url));
      if (!ok) errors.push(`location ${place} url "${url}" must be https, localhost, a setting, or a file under assets/`);
      if (spec && typeof spec === 'object' && spec.flexible !== undefined && typeof spec.flexible !== 'boolean') {
        errors.push(`location ${place}: flexible must be a boolean`);
      }
    }
  }
  if (m.domainWhitelist !== undefined && !(Array.isArray(m.domainWhitelist) && m.domainWhitelist.every((d) => typeof d === 'string'))) {
    errors.push('domainWhitelist must be an array of strings');
  }
  if (m.parameters !== undefined && !Array.isArray(m.parameters)) errors.push('parameters must be an array');
  for (const p of m.parameters ?? []) {
    if (p.name === 'name') errors.push('a parameter may not be called "name"');
    if (!PARAM_TYPES.has(p.type ?? 'text')) errors.push(`parameter ${p.name}: unknown type "${p.type}"`);
    if (p.secure && p.type === 'oauth') errors.push(`parameter ${p.name}: oauth parameters cannot be secure`);
    if (p.secure && !(Array.isArray(p.scopes) && p.scopes.length)) warnings.push(`secure parameter ${p.name} has no scopes`);
    for (const s of p.scopes ?? []) if (!SCOPES.has(s)) errors.push(`parameter ${p.name}: unknown scope "${s}"`);
    if (!p.secure && (p.type ?? 'text') === 'text' && /token|key|pwd|password/i.test(p.name)) {
      warnings.push(`parameter ${p.name} looks like a secret but is not secure`);
    }
    if (p.secure && p.default !== undefined) warnings.push(`the default of secure parameter ${p.name} is not stored securely`);
  }
  let total = 0;
  for (const [name, data] of files) {
    total += data.length;
    if (FORBIDDEN_EXT.test(name)) errors.push(`${name}: this file type is not allowed in an app`);
    if (/\.(js|html?)$/i.test(name)) {
      const body = data.toString('utf8');
      if (/["'(]http:\/\/(?!localhost|www\.w3\.org\/)/.test(body)) warnings.push(`${name} references an insecure http:// URL`);
      if (SECRET_WORDS.test(body)) errors.push(`${name} contains a secret-looking string`);
    }
  }
  if (total > MAX_PACKAGE_BYTES) errors.push(`the package is ${total} bytes, over our ${MAX_PACKAGE_BYTES}-byte budget`);
  return { errors, warnings };
}

if (process.argv[1] && process.argv[1].endsWith('validate-zendesk-app.mjs')) {
  const { errors, warnings } = validateApp(unzip(readFileSync(process.argv[2])));
  for (const w of warnings) console.log(`warning: ${w}`);
  for (const e of errors) console.log(`error: ${e}`);
  console.log(errors.length ? 'zendesk app: INVALID' : 'zendesk app: valid');
  process.exit(errors.length ? 1 : 0);
}
