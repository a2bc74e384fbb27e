/**
 * Secrets Docket must keep in a usable form, encrypted at rest: webhook signing secrets (a
 * webhook secret cannot be hashed like an API key, since every delivery is signed with it).
 * A copy of the database (a backup, a dump) then holds no secret an attacker could sign with.
 *
 * Authenticated encryption with AES-256-GCM (NIST SP 800-38D): a fresh 96-bit random IV per
 * secret, a 128-bit tag, and the row the secret belongs to as additional authenticated data, so a
 * sealed secret copied onto another row does not open. The 256-bit key is derived from the
 * configured key material with HKDF-SHA256 (RFC 5869) under its own label.
 *
 * Sealed form: `v1.<iv>.<ciphertext>.<tag>`, each part base64url.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface SecretBox {
  /** Encrypts `plaintext` for the row `context` (e.g. the webhook endpoint's id). */
  seal(plaintext: string, context: string): string;
  /**
   * Decrypts what `seal` made for the same `context`.
   * @throws Error when the sealed value is malformed, was made with another key or context, or
   * was altered (GCM tag mismatch).
   */
  open(sealed: string, context: string): string;
}

/** A box keyed by `keyMaterial` (WEBHOOK_SECRET_KEY, at least 32 characters). */
export function createSecretBox(keyMaterial: string): SecretBox {
  const key = Buffer.from(hkdfSync('sha256', keyMaterial, 'docket', 'docket secret box v1', 32));
  return {
    seal(plaintext, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [VERSION, iv, ciphertext, cipher.getAuthTag()]
        .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
        .join('.');
    },
    open(sealed, context) {
      const parts = sealed.split('.');
      if (parts.length !== 4 || parts[0] !== VERSION) throw new Error('not a sealed secret');
      const [iv, ciphertext, tag] = parts.slice(1).map((p) => Buffer.from(p, 'base64url')) as [
        Buffer,
        Buffer,
        Buffer,
      ];
      if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES)
        throw new Error('not a sealed secret');
      const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
    },
  };
}
