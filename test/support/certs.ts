import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface KeyPair {
  readonly key: string;
  readonly cert: string;
}

/** Whether the openssl CLI is there (the probe tests make their certificates with it). */
export function hasOpenssl(): boolean {
  try {
    execFileSync("openssl", ["version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

const openssl = (args: string[], cwd: string) => execFileSync("openssl", args, { cwd, stdio: ["ignore", "ignore", "pipe"] });
const EC = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];

/**
 * A private test PKI in `dir` (openssl CLI): a root CA, and leaves it signs or that sign themselves. `days: -1`
 * makes a certificate that expired a day ago.
 */
export function testPki(dir: string): { ca: string; caFile: string; leaf(name: string, opts?: { sans?: string[]; days?: number; selfSigned?: boolean }): KeyPair } {
  openssl(["req", "-x509", ...EC, "-keyout", "ca.key", "-out", "ca.pem", "-days", "3650", "-subj", "/CN=Probe Test Root", "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"], dir);
  let n = 0;
  return {
    ca: readFileSync(join(dir, "ca.pem"), "utf8"),
    caFile: join(dir, "ca.pem"),
    leaf(name, opts = {}) {
      const id = `leaf${++n}`;
      const sans = (opts.sans ?? [name]).map((s) => (/^[\d.]+$/.test(s) ? `IP:${s}` : `DNS:${s}`)).join(",");
      writeFileSync(join(dir, `${id}.ext`), `subjectAltName=${sans}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`);
      if (opts.selfSigned) {
        openssl(["req", "-x509", ...EC, "-keyout", `${id}.key`, "-out", `${id}.pem`, "-days", String(opts.days ?? 30), "-subj", `/CN=${name}`, "-addext", `subjectAltName=${sans}`], dir);
      } else {
        openssl(["req", "-new", ...EC, "-keyout", `${id}.key`, "-out", `${id}.csr`, "-subj", `/CN=${name}`], dir);
        openssl(["x509", "-req", "-in", `${id}.csr`, "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-days", String(opts.days ?? 30), "-extfile", `${id}.ext`, "-out", `${id}.pem`], dir);
      }
      return { key: readFileSync(join(dir, `${id}.key`), "utf8"), cert: readFileSync(join(dir, `${id}.pem`), "utf8") };
    },
  };
}
