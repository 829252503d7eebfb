import { CreateKeyCommand, KMSClient, type KeySpec } from "@aws-sdk/client-kms";

/** A new asymmetric signing key in moto (ECC_NIST_P256 unless told), its id. */
export async function signingKey(client: KMSClient, spec: KeySpec = "ECC_NIST_P256", usage: "SIGN_VERIFY" | "ENCRYPT_DECRYPT" = "SIGN_VERIFY"): Promise<string> {
  const out = await client.send(new CreateKeyCommand({ KeySpec: spec, KeyUsage: usage, Description: "emailmate-ops evidence signing" }));
  return out.KeyMetadata!.KeyId!;
}
