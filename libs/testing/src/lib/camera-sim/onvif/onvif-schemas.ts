import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

// ONVIF's published files in contracts/onvif-specs, and the schema documents xmllint reads
// that are generated from them beside them. Regenerate after updating the copies:
//   npx ts-node -P libs/testing/tsconfig.lib.json --transpile-only libs/testing/src/lib/camera-sim/onvif/onvif-schemas.ts

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
};

/** onvif.xsd as libxml2 can compile it (see XSD10_CHANGES). */
const ONVIF_FOR_XMLLINT = 'onvif-for-xmllint.xsd';

/**
 * ONVIF writes its schemas for XML Schema 1.1, where an element that both an element particle
 * and a wildcard could match is taken by the element (ONVIF's answer in onvif/specs issue
 * 320). libxml2 implements XML Schema 1.0, whose Unique Particle Attribution rule refuses such
 * a content model ("The content model is not determinist"); libxml2 2.9.14 finds one. Each
 * change comments out the wildcard of one such type: there the copy is stricter than ONVIF's
 * schema (extension elements refused), never laxer. No test-device message uses these types.
 */
const XSD10_CHANGES = [
  {
    type: 'VideoSourceConfigurationOptionsExtension2',
    wildcard:
      '<xs:any namespace="##targetNamespace" processContents="lax" minOccurs="0" maxOccurs="unbounded"/>',
  },
];

interface Generated {
  source: string;
  target: string;
  /** What was done to the source, said in the generated file's header. */
  how: string;
  derive(text: string, source: string): string;
}

export const GENERATED: Generated[] = [
  {
    source: 'wsdl/ver10/schema/onvif.xsd',
    target: `wsdl/ver10/schema/${ONVIF_FOR_XMLLINT}`,
    how: `the wildcard of ${XSD10_CHANGES.map((c) => c.type).join(', ')} commented out, a content model that XML Schema 1.1 allows and libxml2's 1.0 does not`,
    derive: (text, source) =>
      XSD10_CHANGES.reduce((xsd, change) => withoutWildcard(xsd, change, source), text),
  },
  ...['wsdl/ver10/device/wsdl/devicemgmt.wsdl', 'wsdl/ver10/media/wsdl/media.wsdl'].map(
    (source): Generated => ({
      source,
      target: source.replace(/\.wsdl$/, '.xsd'),
      how: `its wsdl:types xs:schema, with the namespace declarations of wsdl:definitions added to its start tag and its import of onvif.xsd pointed at ${ONVIF_FOR_XMLLINT}`,
      derive: schemaOfWsdl,
    }),
  ),
];

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
 * such as `trt:Capabilities` use them), added to its start tag.
 */
function schemaOfWsdl(wsdl: string, source: string): string {
  const definitions = wsdl.match(/<wsdl:definitions\b[^>]*>/)?.[0];
  const types = wsdl.match(/<wsdl:types>([\s\S]*?)<\/wsdl:types>/)?.[1].trim();
  const start = types?.match(/^<xs:schema\b[^>]*>/)?.[0];
  if (!definitions || !types || !start || !types.endsWith('</xs:schema>')) {
    throw new Error(`${source}: no wsdl:definitions whose wsdl:types is one xs:schema`);
  }
  const onvifImport = 'schemaLocation="../../../ver10/schema/onvif.xsd"';
  if (types.split(onvifImport).length !== 2) {
    throw new Error(`${source}: not one import of ${onvifImport}`);
  }
  const prefix = (declaration: string) => declaration.trim().split('=')[0];
  const declared = new Set(start.match(NAMESPACE_DECLARATION)?.map(prefix));
  const inherited = (definitions.match(NAMESPACE_DECLARATION) ?? [])
    .filter((declaration) => !declared.has(prefix(declaration)))
    .join('');
  return `<xs:schema${inherited}${types.slice('<xs:schema'.length)}\n`.replace(
    onvifImport,
    `schemaLocation="../../../ver10/schema/${ONVIF_FOR_XMLLINT}"`,
  );
}

/** A generated file: what it is, the source's copyright notice, the derived schema. */
export function generate({ source, how, derive }: Generated): string {
  const text = readFileSync(join(ONVIF_SPECS, source), 'utf8');
  const copyright = text.match(/<!--\s*Copyright[\s\S]*?-->/)?.[0];
  if (!copyright) throw new Error(`${source}: no copyright notice`);
  // The derived text without its prolog (XML declaration, stylesheet, comments).
  const schema = derive(text, source).replace(
    /^<\?xml[^>]*>\n(?:(?:<\?[^>]*>|<!--[\s\S]*?-->)\n)*/,
    '',
  );
  return (
    `<?xml version="1.0" encoding="utf-8"?>\n` +
    `<!-- GENERATED for xmllint by libs/testing/src/lib/camera-sim/onvif/onvif-schemas.ts from\n` +
    `     ${source} of onvif/specs ${ONVIF_SPECS_COMMIT}\n` +
    `     (kept unmodified in contracts/onvif-specs): ${how}.\n` +
    `     Do not edit; regenerate. -->\n` +
    `${copyright}\n` +
    schema
  );
}

if (require.main === module) {
  for (const file of GENERATED) {
    const target = join(ONVIF_SPECS, file.target);
    writeFileSync(target, generate(file));
    console.log(`wrote ${relative(process.cwd(), target)}`);
  }
}
