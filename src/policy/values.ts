/**
 * How Pulumi writes values a check cannot know, in every source this project reads, and the proxy that turns
 * reading one into a `manual` result instead of a guess.
 */

/** Pulumi's placeholder for a value unknown until the update runs (previews, plans with unknown outputs). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
/** The key that marks Pulumi's special values (secrets, assets, archives) in serialized properties. */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
/** The signature of a secret. */
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
/** What `pulumi preview --json` and `pulumi policy analyze` show for a secret whose value they cannot show. */
export const MASKED_SECRET = "[secret]";

/** A secret whose plaintext is known: `{ <sig>: <secret sig>, value }` (Pulumi's in-memory and RPC form). */
export interface SecretValue {
  readonly [SIG_KEY]: typeof SECRET_SIG;
  readonly value: unknown;
}

export function secret(value: unknown): SecretValue {
  return { [SIG_KEY]: SECRET_SIG, value } as SecretValue;
}

export function isSecretValue(v: unknown): v is SecretValue {
  return typeof v === "object" && v !== null && (v as Record<string, unknown>)[SIG_KEY] === SECRET_SIG && "value" in v;
}

/** True for any value Pulumi marks secret: known plaintext, or masked/undecryptable. */
export function isSecretish(v: unknown): boolean {
  return v === MASKED_SECRET || isSecretValue(v);
}

/** Thrown when a check reads a value it cannot know; evaluation turns it into status `manual` with this reason. */
export class UnknownValueError extends Error {
  readonly path: string;
  constructor(path: readonly PropertyKey[], what: "unknown" | "secret") {
    const at = path.map(String).join(".");
    super(
      what === "unknown"
        ? `value at .${at} is unknown until the update runs (preview); check it after deployment`
        : `value at .${at} is a secret that cannot be decrypted here; check it where the stack's secrets provider is available`,
    );
    this.name = "UnknownValueError";
    this.path = at;
  }
}

const cache = new WeakMap<object, object>();

/**
 * Wraps props so that reading an unknown or masked secret throws `UnknownValueError`, and a known secret reads as
 * its plaintext. Like @pulumi/policy's `unknownCheckingProxy`, but dependency-free and secret-aware. Proxies are
 * made once per object (checks over 100,000s of resources read the same objects many times).
 */
export function checkingProxy<T>(value: T, path: readonly PropertyKey[] = []): T {
  if (typeof value !== "object" || value === null) return value;
  const target = value as unknown as object;
  const hit = cache.get(target);
  if (hit !== undefined) return hit as T;
  const proxy = new Proxy(target, {
    get(obj, prop, receiver) {
      const field: unknown = Reflect.get(obj, prop, receiver);
      if (typeof prop === "symbol") return field;
      if (field === UNKNOWN) throw new UnknownValueError([...path, prop], "unknown");
      if (field === MASKED_SECRET) throw new UnknownValueError([...path, prop], "secret");
      if (typeof field !== "object" || field === null) return field;
      const desc = Object.getOwnPropertyDescriptor(obj, prop);
      if (desc && "value" in desc && desc.configurable === false && desc.writable === false) return field;
      if (isSecretValue(field)) return unwrapSecret(field.value, [...path, prop]);
      return checkingProxy(field, [...path, prop]);
    },
  });
  cache.set(target, proxy);
  return proxy as T;
}

function unwrapSecret(inner: unknown, path: readonly PropertyKey[]): unknown {
  if (inner === UNKNOWN) throw new UnknownValueError(path, "unknown");
  if (inner === MASKED_SECRET) throw new UnknownValueError(path, "secret");
  if (isSecretValue(inner)) return unwrapSecret(inner.value, path);
  return checkingProxy(inner, path);
}

/** Whether a value holds anything a check cannot read directly: an unknown, a masked secret or a known secret. */
export function hasSpecialValues(value: unknown, depth = 0): boolean {
  if (value === UNKNOWN || value === MASKED_SECRET) return true;
  if (typeof value !== "object" || value === null) return false;
  if (depth > 64) return true; // absurdly deep: let the proxy handle it lazily
  if (Array.isArray(value)) {
    for (const v of value) if (hasSpecialValues(v, depth + 1)) return true;
    return false;
  }
  if (isSecretValue(value)) return true;
  for (const k in value) if (hasSpecialValues((value as Record<string, unknown>)[k], depth + 1)) return true;
  return false;
}

/** Props as checks read them: the checking proxy where needed, the plain (frozen-by-convention) object otherwise. */
export function readable<T extends object>(value: T): T {
  return hasSpecialValues(value) ? checkingProxy(value) : value;
}

/** Whether the raw value at a top-level key is marked secret (used by checks that care whether a value is a secret). */
export function rawIsSecret(props: Record<string, unknown>, key: string): boolean {
  return isSecretish(props[key]);
}
