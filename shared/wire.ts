// JSON encoding for transports that cannot carry binary (HTTP): Uint8Array travels as base64.
// IPC uses structured clone and needs none of this.

const BYTES_TAG = '$bytes';

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** Whether a value holds a Uint8Array anywhere (a walk is far cheaper than a replacer call per value). */
function containsBytes(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object') continue;
    if (v instanceof Uint8Array) return true;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) if (v[i] !== null && typeof v[i] === 'object') stack.push(v[i]);
    } else {
      for (const key in v) {
        const x = (v as Record<string, unknown>)[key];
        if (x !== null && typeof x === 'object') stack.push(x);
      }
    }
  }
  return false;
}

export function encodeWire(value: unknown): string {
  if (!containsBytes(value)) return JSON.stringify(value);
  return JSON.stringify(value, (_key, v: unknown) =>
    v instanceof Uint8Array ? { [BYTES_TAG]: toBase64(v) } : v,
  );
}

export function decodeWire(text: string): unknown {
  // Fast path: a reviver costs a call per value (~0.3 s for 50,000 rows); most answers carry no bytes.
  if (!text.includes(`"${BYTES_TAG}"`)) return JSON.parse(text);
  return JSON.parse(text, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const keys = Object.keys(v);
      const tagged = (v as Record<string, unknown>)[BYTES_TAG];
      if (keys.length === 1 && keys[0] === BYTES_TAG && typeof tagged === 'string') return fromBase64(tagged);
    }
    return v;
  });
}
