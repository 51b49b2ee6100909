/**
 * Import and export names of components (Explainer.md, "Import and Export Definitions"):
 *
 *   exportname    ::= plainname | interfacename
 *   importname    ::= exportname | depname | urlname | hashname
 *   plainname     ::= label | [constructor]label | [method]label.label | [static]label.label
 *   label         ::= fragment ('-' fragment)*      fragment ::= [a-z][0-9a-z]* | [A-Z][0-9A-Z]*
 *   interfacename ::= words ':' words '/' label ('@' semver)?   (words: lowercase fragments)
 *   depname       ::= unlocked-dep=<…> | locked-dep=<…>(,integrity=<…>)?
 *   urlname       ::= url=<…>(,integrity=<…>)?          hashname ::= integrity=<…>
 *
 * Names must be unique in their scope; two labels that differ only in case are the same name
 * ("strongly unique"), and `[method]r.f` and `[static]r.f` clash with each other.
 * The brackets of dep, url and hash names are checked for shape only (no URL or package
 * query parsing): awsm reads those names but nothing resolves them.
 */

/** A parsed name: what kind, and what uniqueness compares. */
export interface Name {
  kind: 'label' | 'constructor' | 'method' | 'static' | 'interface' | 'dep' | 'url' | 'hash';
  /** For constructor, method and static names: the resource's label. */
  resource?: string;
  /** The key two names must not share in one scope. */
  key: string;
}

const FRAGMENT = '(?:[a-z][0-9a-z]*|[A-Z][0-9A-Z]*)';
const LABEL = `${FRAGMENT}(?:-${FRAGMENT})*`;
const WORDS = '[a-z][0-9a-z]*(?:-[a-z][0-9a-z]*)*';
const NUM = '(?:0|[1-9][0-9]*)';
const IDENT = '[0-9A-Za-z-]+';
const SEMVER = `${NUM}\\.${NUM}\\.${NUM}(?:-${IDENT}(?:\\.${IDENT})*)?(?:\\+${IDENT}(?:\\.${IDENT})*)?`;

const LABEL_RE = new RegExp(`^${LABEL}$`);
const ANNOTATED_RE = new RegExp(`^\\[(constructor|method|static)\\](${LABEL})(?:\\.(${LABEL}))?$`);
const INTERFACE_RE = new RegExp(`^${WORDS}:${WORDS}(?:/${LABEL})+(?:@${SEMVER})?$`);
const BRACKETED_RE = /^(unlocked-dep|locked-dep|url|integrity)=<[^<>]*>(?:,integrity=<[^<>]*>)?$/;

/** Parse `name` as an import (`import: true`) or export name; a reason when it is not one. */
export function parseName(name: string, isImport: boolean): Name | string {
  if (LABEL_RE.test(name)) return { kind: 'label', key: name.toLowerCase() };
  const a = ANNOTATED_RE.exec(name);
  if (a !== null) {
    const kind = a[1] as 'constructor' | 'method' | 'static';
    const resource = a[2] as string;
    const member = a[3];
    if ((kind === 'constructor') !== (member === undefined)) {
      return kind === 'constructor' ? `'${name}': a constructor name has no member part` : `'${name}': a ${kind} name is [${kind}]resource.member`;
    }
    const key = kind === 'constructor' ? `[constructor]${resource.toLowerCase()}` : `${resource}.${member}`.toLowerCase();
    return { kind, resource, key };
  }
  if (INTERFACE_RE.test(name)) return { kind: 'interface', key: name };
  const b = BRACKETED_RE.exec(name);
  if (b !== null) {
    if (!isImport) return `'${name}' is an import name form, not an export name`;
    const kind = b[1] === 'integrity' ? 'hash' : b[1] === 'url' ? 'url' : 'dep';
    return { kind, key: name };
  }
  return `'${name}' is not a valid ${isImport ? 'import' : 'export'} name (expected a kebab-case label, [constructor|method|static]label, or an interface name ns:pkg/name@version)`;
}

/** Whether `label` is a kebab-case label (record fields, cases, flags, parameters). */
export function isLabel(label: string): boolean {
  return LABEL_RE.test(label);
}

/**
 * The labels of one record, variant, flags, enum or parameter list: each a label, no two the
 * same ignoring case. A reason when they are not.
 */
export function checkLabels(labels: readonly string[], what: string): string | undefined {
  const seen = new Set<string>();
  for (const l of labels) {
    if (!isLabel(l)) return `${what} label '${l}' is not a kebab-case label`;
    const k = l.toLowerCase();
    if (seen.has(k)) return `${what} label '${l}' conflicts with a previous label`;
    seen.add(k);
  }
  return undefined;
}
