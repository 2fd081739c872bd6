import { createHash } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

// ONVIF's published files are kept in contracts/onvif-specs exactly as published: their
// notice lets recipients "copy, distribute, publish, or display this document so long as this
// copyright notice, license and disclaimer are retained", and "No license is granted to modify
// this document". xmllint reads neither WSDL nor XML Schema 1.1, so the schema documents it
// reads are derived from those copies here, at test time, the first time a process validates
// a message, into a directory outside the repository (under the OS's temporary directory):
// they are never committed nor distributed.
//
// That directory, named by a hash of what is written in it (so a changed copy, derivation or
// checkout gets a directory of its own), holds:
//   onvif-for-xmllint.xsd  onvif.xsd, including the committed common.xsd by its absolute URL
//   devicemgmt.xsd         the schema of devicemgmt.wsdl, importing onvif-for-xmllint.xsd
//   media.xsd              the schema of media.wsdl, importing onvif-for-xmllint.xsd
//   ptz.xsd                the schema of ptz.wsdl (PTZ service), importing onvif-for-xmllint.xsd
//   catalog.xml            an XML catalog mapping the names contracts/messages.xsd imports the
//                          last three by, `urn:camera-recorder:onvif-for-xmllint:<file>`, to them
// xmllint runs with that catalog after contracts/catalog.xml (schema-validator.ts).

export const ONVIF_SPECS = join(__dirname, 'contracts', 'onvif-specs');

/** The commit of ONVIF's specification repository (onvif/specs) the copies are from. */
const ONVIF_SPECS_COMMIT = 'ae44f9ea1dce807abdd54e6026e498537601d10f';

/** Each copy's git blob id at that commit: a copy that hashes otherwise was changed. */
export const UPSTREAM_BLOBS: Record<string, string> = {
  'LICENSE.md': '5e2ae41905b063c2317a73a2b12ce431eda12739',
  'wsdl/ver10/schema/onvif.xsd': 'b500b20789dd43b7ab16a514a72e267c052523ff',
  'wsdl/ver10/schema/common.xsd': '1279e4f1309dc8f3e4047b41812712bc8fc88283',
  'wsdl/ver10/device/wsdl/devicemgmt.wsdl': '374b8d98ca1922d9b359430199476498c425a9d0',
  'wsdl/ver10/media/wsdl/media.wsdl': '8efdadf95f648129b89edac05f89a00157b4147a',
  'wsdl/ver20/ptz/wsdl/ptz.wsdl': '209d7315eea03a5373fa90517ae06edef55283f0',
};

/** The prefix of the names contracts/messages.xsd imports the derived schemas by. */
const DERIVED_NAME_PREFIX = 'urn:camera-recorder:onvif-for-xmllint:';

/** onvif.xsd as libxml2 can compile it (see XSD10_CHANGES). */
const ONVIF_FOR_XMLLINT = 'onvif-for-xmllint.xsd';

/**
 * ONVIF writes its schemas for XML Schema 1.1, where an element that both an element particle
 * and a wildcard could match is taken by the element (ONVIF's answer in onvif/specs issue
 * 320). libxml2 implements XML Schema 1.0, whose Unique Particle Attribution rule refuses such
 * a content model ("The content model is not determinist"); libxml2 2.9.14 finds one. Each
 * change comments out the wildcard of one such type: there the derived schema is stricter than
 * ONVIF's (extension elements refused), never laxer. No test-device message uses these types.
 */
const XSD10_CHANGES = [
  {
    type: 'VideoSourceConfigurationOptionsExtension2',
    wildcard:
      '<xs:any namespace="##targetNamespace" processContents="lax" minOccurs="0" maxOccurs="unbounded"/>',
  },
];

interface Derived {
  /** The unmodified copy, under contracts/onvif-specs. */
  source: string;
  /** The derived schema's name in the directory of derived schemas. */
  target: string;
  /** What was done to the source, said in the derived file's header. */
  how: string;
  /** Throws when the source no longer is what the derivation expects. */
  derive(text: string, source: string): string;
}

const COMMON_XSD = 'wsdl/ver10/schema/common.xsd';

export const DERIVED: Derived[] = [
  {
    source: 'wsdl/ver10/schema/onvif.xsd',
    target: ONVIF_FOR_XMLLINT,
    how:
      `the wildcard of ${XSD10_CHANGES.map((c) => c.type).join(', ')} commented out, a content ` +
      `model that XML Schema 1.1 allows and libxml2's 1.0 does not, and its include of ` +
      `common.xsd pointed at the unmodified copy`,
    derive: (text, source) =>
      replaceOnce(
        XSD10_CHANGES.reduce((xsd, change) => withoutWildcard(xsd, change, source), text),
        '<xs:include schemaLocation="common.xsd"/>',
        `<xs:include schemaLocation="${pathToFileURL(join(ONVIF_SPECS, COMMON_XSD)).href}"/>`,
        source,
      ),
  },
  ...[
    'wsdl/ver10/device/wsdl/devicemgmt.wsdl',
    'wsdl/ver10/media/wsdl/media.wsdl',
    'wsdl/ver20/ptz/wsdl/ptz.wsdl',
  ].map((source): Derived => ({
    source,
    target: source.replace(/^.*\/|\.wsdl$/g, '') + '.xsd',
    how: `its wsdl:types xs:schema, with the namespace declarations of wsdl:definitions added to its start tag and its import of onvif.xsd pointed at ${ONVIF_FOR_XMLLINT}`,
    derive: schemaOfWsdl,
  })),
];

/** `text` with its one `from` replaced by `to`; throws when `from` is not there once. */
function replaceOnce(text: string, from: string, to: string, source: string): string {
  const parts = text.split(from);
  if (parts.length !== 2) throw new Error(`${source}: not one ${from}`);
  return parts.join(to);
}

function withoutWildcard(
  xsd: string,
  { type, wildcard }: (typeof XSD10_CHANGES)[number],
  source: string,
): string {
  const start = xsd.indexOf(`<xs:complexType name="${type}">`);
  const at = xsd.indexOf(wildcard, start);
  if (start === -1 || at === -1 || at > xsd.indexOf('</xs:complexType>', start)) {
    throw new Error(`${source}: ${type} no longer has the wildcard to comment out`);
  }
  const comment = `<!-- ${wildcard.slice(1, -2)} (commented out for libxml2) -->`;
  return xsd.slice(0, at) + comment + xsd.slice(at + wildcard.length);
}

const NAMESPACE_DECLARATION = /\sxmlns(?::[\w.-]+)?="[^"]*"/g;

/**
 * The schema of a WSDL as a schema document (xmllint reads no WSDL): its `xs:schema` element
 * as it is, but for the namespace declarations it inherits from `wsdl:definitions` (QNames
 * such as `trt:Capabilities` use them), added to its start tag, and its import of onvif.xsd,
 * pointed at onvif-for-xmllint.xsd beside it.
 */
function schemaOfWsdl(wsdl: string, source: string): string {
  const definitions = wsdl.match(/<wsdl:definitions\b[^>]*>/)?.[0];
  const types = wsdl.match(/<wsdl:types>([\s\S]*?)<\/wsdl:types>/)?.[1].trim();
  const start = types?.match(/^<xs:schema\b[^>]*>/)?.[0];
  const schemas = types?.split(/<xs:schema\b/).length;
  if (!definitions || !types || !start || schemas !== 2 || !types.endsWith('</xs:schema>')) {
    throw new Error(`${source}: no wsdl:definitions whose wsdl:types is one xs:schema`);
  }
  const prefix = (declaration: string) => declaration.trim().split('=')[0];
  const declared = new Set(start.match(NAMESPACE_DECLARATION)?.map(prefix));
  const inherited = (definitions.match(NAMESPACE_DECLARATION) ?? [])
    .filter((declaration) => !declared.has(prefix(declaration)))
    .join('');
  return replaceOnce(
    `<xs:schema${inherited}${types.slice('<xs:schema'.length)}\n`,
    'schemaLocation="../../../ver10/schema/onvif.xsd"',
    `schemaLocation="${ONVIF_FOR_XMLLINT}"`,
    source,
  );
}

/**
 * A derived schema document: what it is, the source's copyright notice (kept, as the notice
 * asks), the derived schema. `text` is the source's text (by default the committed copy's).
 */
export function deriveSchema(
  { source, how, derive }: Derived,
  text = readFileSync(join(ONVIF_SPECS, source), 'utf8'),
): string {
  const copyright = text.match(/<!--\s*Copyright[\s\S]*?-->/)?.[0];
  if (!copyright) throw new Error(`${source}: no copyright notice`);
  // The derived text without its prolog (XML declaration, stylesheet, comments).
  const schema = derive(text, source).replace(
    /^<\?xml[^>]*>\n(?:(?:<\?[^>]*>|<!--[\s\S]*?-->)\n)*/,
    '',
  );
  return (
    `<?xml version="1.0" encoding="utf-8"?>\n` +
    `<!-- Derived at test time for xmllint by libs/testing/src/lib/camera-sim/onvif/onvif-schemas.ts\n` +
    `     from ${source} of onvif/specs ${ONVIF_SPECS_COMMIT}\n` +
    `     (kept unmodified in contracts/onvif-specs): ${how}.\n` +
    `     Neither committed nor distributed: ONVIF grants no licence to modify its files. -->\n` +
    `${copyright}\n` +
    schema
  );
}

/**
 * The XML catalog of the derived schemas: the names contracts/messages.xsd imports the WSDLs'
 * schemas by, each mapped to its file (relative paths resolve against the catalog's own).
 */
function catalogOf(files: string[]): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<!-- Written by libs/testing/src/lib/camera-sim/onvif/onvif-schemas.ts: the names\n` +
    `     contracts/messages.xsd imports by, mapped to the schemas derived beside this file. -->\n` +
    `<catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">\n` +
    files.map((file) => `  <uri name="${DERIVED_NAME_PREFIX}${file}" uri="${file}"/>\n`).join('') +
    `</catalog>\n`
  );
}

/** The directory's files, each as derived now. */
function derivedFiles(): Map<string, string> {
  const files = new Map(DERIVED.map((file) => [file.target, deriveSchema(file)]));
  files.set('catalog.xml', catalogOf([...files.keys()].filter((f) => f !== ONVIF_FOR_XMLLINT)));
  return files;
}

/** Whether `dir` holds exactly these files' texts (one read of some 600 KB). */
function holds(dir: string, files: Map<string, string>): boolean {
  try {
    return [...files].every(([name, text]) => readFileSync(join(dir, name), 'utf8') === text);
  } catch {
    return false;
  }
}

/**
 * Writes the derived schemas, unless there already, into `dir`. Concurrent processes (jest
 * workers) may do so at once: each writes into a directory of its own and renames it to `dir`
 * in one step, so `dir` appears complete or not at all; the first rename wins, the others
 * fail (`dir` exists and is not empty) and drop their copies. A directory once complete is
 * never changed. (An empty `dir`, as a temporary-file cleaner may leave, is replaced by the
 * rename; one holding anything else is refused.)
 */
function writeOnce(dir: string, files: Map<string, string>): void {
  if (holds(dir, files)) return;
  const temp = mkdtempSync(`${dir}.tmp-`);
  try {
    chmodSync(temp, 0o755);
    for (const [name, text] of files) writeFileSync(join(temp, name), text);
    renameSync(temp, dir);
  } catch (error) {
    // This copy goes, half-written or beaten to the rename by another process's.
    rmSync(temp, { recursive: true, force: true });
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error;
  }
  if (!holds(dir, files)) {
    throw new Error(`${dir} does not hold the schemas derived for xmllint: delete it`);
  }
}

let catalog: string | undefined;

/**
 * The XML catalog of the schemas derived for xmllint from ONVIF's unmodified copies, written
 * (with them) the first time a process asks: about 10 ms to derive and compare, once per
 * process; afterwards a variable's read.
 */
export function derivedSchemasCatalog(): string {
  if (catalog === undefined) {
    const files = derivedFiles();
    const hash = createHash('sha256');
    for (const [name, text] of files) hash.update(`${name}\0${text}\0`);
    const dir = join(tmpdir(), `camera-recorder-onvif-xsd-${hash.digest('hex').slice(0, 16)}`);
    writeOnce(dir, files);
    catalog = join(dir, 'catalog.xml');
  }
  return catalog;
}
