// The OAuth 2.0 JWT bearer assertion. jsforce does not build JWTs, so we sign it here with
// node:crypto (RS256 = RSASSA-PKCS1-v1_5 with SHA-256).
// https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_jwt_flow.htm
import { createPrivateKey, sign } from "node:crypto";

function base64url(input: Buffer | string): string {
  return Buffer.from(input).toString("base64url");
}

export interface JwtClaims {
  /** Connected app consumer key. */
  consumerKey: string;
  username: string;
  /** The login URL's origin (login.salesforce.com, test.salesforce.com or My Domain). */
  audience: string;
  nowSeconds: number;
  /** Salesforce accepts at most 3 minutes. */
  lifetimeSeconds?: number;
}

export function buildJwtAssertion(claims: JwtClaims, privateKeyPem: string): string {
  const header = base64url(JSON.stringify({ alg: "RS256", typ: "JWT" }));
  const payload = base64url(
    JSON.stringify({
      iss: claims.consumerKey,
      sub: claims.username,
      aud: claims.audience,
      exp: claims.nowSeconds + (claims.lifetimeSeconds ?? 180),
    }),
  );
  const signingInput = `${header}.${payload}`;
  // The key object is created per call; a parse failure must not echo the key material.
  let key: ReturnType<typeof createPrivateKey>;
  try {
    key = createPrivateKey(privateKeyPem);
  } catch {
    throw new Error("JWT private key could not be parsed (expected a PEM RSA private key)");
  }
  const signature = sign("RSA-SHA256", Buffer.from(signingInput), key);
  return `${signingInput}.${base64url(signature)}`;
}
