/**
 * The field-format rules of Backstage's `FieldFormatEntityPolicy` with its default validators
 * (`KubernetesValidatorFunctions`, `CommonValidatorFunctions`, `makeValidator` in
 * `@backstage/catalog-model` 1.10.1; reference/catalog.md §1.3). Lengths count UTF-16 code units,
 * as `String.prototype.length` does in Backstage. The regular expressions are also used, as
 * patterns, by `catalogInfoJsonSchema`.
 */

export const OBJECT_NAME_PATTERN = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
export const DNS_LABEL_PATTERN = /^[a-z0-9]+(?:-+[a-z0-9]+)*$/;
export const KIND_PATTERN = /^[a-zA-Z][a-z0-9A-Z]*$/;
export const API_VERSION_SUFFIX_PATTERN = /^[a-z0-9A-Z]+$/;
export const TAG_PATTERN = /^[a-z0-9:+#]+(-[a-z0-9:+#]+)*$/;

export function isValidDnsLabel(value: unknown): boolean {
  return (
    typeof value === 'string' && value.length >= 1 && value.length <= 63 && DNS_LABEL_PATTERN.test(value)
  );
}

export function isValidDnsSubdomain(value: unknown): boolean {
  return (
    typeof value === 'string' &&
    value.length >= 1 &&
    value.length <= 253 &&
    value.split('.').every(isValidDnsLabel)
  );
}

/** `<suffix>` or `<prefix><separator><suffix>` (exactly one separator), each part checked. */
function isValidPrefixAndOrSuffix(
  value: unknown,
  separator: string,
  isValidPrefix: (v: string) => boolean,
  isValidSuffix: (v: string) => boolean,
): boolean {
  if (typeof value !== 'string') {
    return false;
  }
  const parts = value.split(separator);
  if (parts.length === 1) {
    return isValidSuffix(parts[0] as string);
  }
  if (parts.length === 2) {
    return isValidPrefix(parts[0] as string) && isValidSuffix(parts[1] as string);
  }
  return false;
}

export function isValidApiVersion(value: unknown): boolean {
  return isValidPrefixAndOrSuffix(
    value,
    '/',
    isValidDnsSubdomain,
    (n) => n.length >= 1 && n.length <= 63 && API_VERSION_SUFFIX_PATTERN.test(n),
  );
}

export function isValidKind(value: unknown): boolean {
  return typeof value === 'string' && value.length >= 1 && value.length <= 63 && KIND_PATTERN.test(value);
}

export function isValidObjectName(value: unknown): boolean {
  return (
    typeof value === 'string' && value.length >= 1 && value.length <= 63 && OBJECT_NAME_PATTERN.test(value)
  );
}

export function isValidNamespace(value: unknown): boolean {
  return isValidDnsLabel(value);
}

/** Label and annotation keys share the rule: optional DNS-subdomain prefix, then an object name. */
export function isValidLabelKey(value: unknown): boolean {
  return isValidPrefixAndOrSuffix(value, '/', isValidDnsSubdomain, isValidObjectName);
}

export function isValidLabelValue(value: unknown): boolean {
  return value === '' || isValidObjectName(value);
}

export const isValidAnnotationKey = isValidLabelKey;

export function isValidAnnotationValue(value: unknown): boolean {
  return typeof value === 'string';
}

/** The tag rule of `makeValidator` (the `CommonValidatorFunctions.isValidTag` it replaces lacks `:`). */
export function isValidTag(value: unknown): boolean {
  return typeof value === 'string' && value.length >= 1 && value.length <= 63 && TAG_PATTERN.test(value);
}

/** Anything the WHATWG URL parser accepts as an absolute URL. */
export function isValidUrl(value: unknown): boolean {
  return typeof value === 'string' && URL.canParse(value);
}

/** A string that is not empty after trimming. */
export function isNonEmptyString(value: unknown): boolean {
  return typeof value === 'string' && value.trim().length >= 1;
}

/** What each rule accepts, worded for error messages. */
export const EXPECTATIONS = {
  apiVersion:
    'expected "<group>/<version>" or "<version>": an optional DNS subdomain, then 1-63 letters and digits, e.g. "backstage.io/v1alpha1"',
  kind: 'expected 1-63 letters and digits starting with a letter, e.g. "Component"',
  name: 'expected a string of 1-63 characters [a-zA-Z0-9] separated by [-_.], e.g. "my-service"',
  namespace: 'expected 1-63 lower-case letters and digits separated by "-", e.g. "default"',
  labelKey:
    'expected an optional DNS-subdomain prefix and "/", then 1-63 characters [a-zA-Z0-9] separated by [-_.], e.g. "example.com/team"',
  labelValue: 'expected "" or a string of 1-63 characters [a-zA-Z0-9] separated by [-_.], e.g. "payments"',
  annotationKey:
    'expected an optional DNS-subdomain prefix and "/", then 1-63 characters [a-zA-Z0-9] separated by [-_.], e.g. "backstage.io/techdocs-ref"',
  annotationValue: 'expected a string',
  tag: 'expected 1-63 lower-case letters, digits and ":+#", separated by single "-", e.g. "java" or "tier:1"',
  url: 'expected an absolute URL, e.g. "https://example.com/dashboard"',
  nonEmpty: 'expected a non-empty string',
} as const;

/** `"value"` for messages, shortened so a 10 MB string does not become a 10 MB message. */
export function quote(value: unknown): string {
  let text: string;
  if (typeof value === 'string') {
    text = JSON.stringify(value.length > 120 ? `${value.slice(0, 117)}...` : value);
  } else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
    if (text.length > 120) {
      text = `${text.slice(0, 117)}...`;
    }
  }
  return text;
}
