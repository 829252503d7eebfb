import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as grpc from "@grpc/grpc-js";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as analyzer from "@pulumi/pulumi/proto/analyzer_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { ALL_CHECKS } from "../../src/policy/checks";
import { logGroupConfigureRetention } from "../../src/policy/checks/aws/cloudwatch/logGroupConfigureRetention";
import { configurationSetEnforceTls } from "../../src/policy/checks/aws/sesv2/configurationSetEnforceTls";
import { enforceIsolation } from "../../src/policy/checks/emailmate/tenant/enforceIsolation";
import { missingTag } from "../../src/policy/checks/emailmate/tenant/missingTag";

/**
 * Acts as the Pulumi engine: starts the pack entry (policies/index.ts) in a child process, reads the port it
 * prints, and calls its Analyzer gRPC service.
 */
const PACK_DIR = join(__dirname, "../../policies");
const URN = (type: string, name: string, parent = "") => `urn:pulumi:dev::emailmate-ops::${parent}${type}::${name}`;
const TENANT = "urn:pulumi:dev::emailmate-ops::emailmate:tenant:Tenant::acme";
const KEY_ARN = "arn:aws:kms:eu-west-1:111111111111:key/k-acme";

let child: ChildProcess;
let client: AnalyzerClient;

type Callback<Res> = (err: grpc.ServiceError | null, res: Res) => void;
function call<Req, Res>(method: (req: Req, cb: Callback<Res>) => unknown, req: Req): Promise<Res> {
  return new Promise((resolve, reject) => method.call(client, req, (err: grpc.ServiceError | null, res: Res) => (err ? reject(err) : resolve(res))));
}
const rpc = {
  info: () => call<Empty, analyzer.AnalyzerInfo>((r, cb) => client.getAnalyzerInfo(r, cb), new Empty()),
  analyze: (req: analyzer.AnalyzeRequest) => call<analyzer.AnalyzeRequest, analyzer.AnalyzeResponse>((r, cb) => client.analyze(r, cb), req),
  analyzeStack: (req: analyzer.AnalyzeStackRequest) => call<analyzer.AnalyzeStackRequest, analyzer.AnalyzeResponse>((r, cb) => client.analyzeStack(r, cb), req),
};

function resource<T extends analyzer.AnalyzeRequest | analyzer.AnalyzerResource>(msg: T, type: string, name: string, props: Record<string, unknown>, parent?: string): T {
  msg.setType(type);
  msg.setName(name);
  msg.setUrn(URN(type, name, parent === undefined ? "" : "emailmate:tenant:Tenant$"));
  msg.setProperties(Struct.fromJavaScript(props as never));
  const opts = new analyzer.AnalyzerResourceOptions();
  if (parent !== undefined) opts.setParent(parent);
  msg.setOptions(opts);
  if (parent !== undefined && msg instanceof analyzer.AnalyzerResource) msg.setParent(parent);
  return msg;
}

async function analyze(type: string, props: Record<string, unknown>) {
  const res = await rpc.analyze(resource(new analyzer.AnalyzeRequest(), type, "r", props));
  return res.getDiagnosticsList().map((d) => ({ policy: d.getPolicyname(), message: d.getMessage(), level: d.getEnforcementlevel() }));
}

beforeAll(async () => {
  // Load the pack as Pulumi's policy runner does: `require` the pack folder from inside it (package.json `main`).
  if (!existsSync(join(PACK_DIR, "..", "dist", "policies", "index.js"))) throw new Error("dist/ is missing: run `npm run build` (npm test does it first)");
  child = spawn(process.execPath, ["-e", "require(process.cwd())"], { cwd: PACK_DIR, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (d) => (stderr += String(d)));
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d) => {
      out += String(d);
      const m = /^(\d+)\s*$/m.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.on("exit", (code) => reject(new Error(`pack exited with ${code}: ${stderr}`)));
  });
  client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
}, 60_000);

afterAll(() => {
  client?.close();
  if (child?.pid !== undefined && child.exitCode === null) child.kill("SIGTERM");
});

describe("policies/index (the pack over gRPC, as the engine calls it)", () => {
  it("describes the pack and every check, with severity, config schema and the package version", async () => {
    const info = await rpc.info();
    const policies = info.getPoliciesList();
    const retention = policies.find((p) => p.getName() === "aws-cloudwatch-log-group-configure-retention")!;
    expect([info.getName(), info.getVersion(), policies.map((p) => p.getName())]).toEqual(["emailmate", "0.1.0", ALL_CHECKS.map((c) => c.id)]);
    expect([retention.getEnforcementlevel(), retention.getSeverity(), retention.getConfigschema()?.getProperties()?.toJavaScript()]).toEqual([
      analyzer.EnforcementLevel.MANDATORY,
      analyzer.PolicySeverity.POLICY_SEVERITY_MEDIUM,
      { minimumRetentionDays: { default: 365, description: "shortest retention allowed, in days (the security page promises one year)", maximum: 3653, minimum: 1, type: "integer" } },
    ]);
  });

  it("returns no violation for a compliant configuration set", async () => {
    expect(await analyze("aws:sesv2/configurationSet:ConfigurationSet", { configurationSetName: "tenant-acme", deliveryOptions: { tlsPolicy: "REQUIRE" } })).toEqual([]);
  });

  it("reports a mandatory violation for an OPTIONAL TLS policy", async () => {
    const ds = await analyze("aws:sesv2/configurationSet:ConfigurationSet", { configurationSetName: "tenant-acme", deliveryOptions: { tlsPolicy: "OPTIONAL" } });
    expect(ds).toEqual([
      {
        policy: "aws-sesv2-configuration-set-enforce-tls",
        // the engine prefixes the policy's description
        message: `${configurationSetEnforceTls.description}\ndelivery TLS policy is "OPTIONAL"; expected REQUIRE. SES cannot pin TLS 1.3 (it negotiates TLS 1.3 where the receiving server supports it): REQUIRE, which refuses delivery without TLS, is the strongest setting.`,
        level: analyzer.EnforcementLevel.MANDATORY,
      },
    ]);
  });

  it("matches both load-balancer listener tokens", async () => {
    const props = { protocol: "HTTPS", port: 443, sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06" };
    const lb = await analyze("aws:lb/listener:Listener", props);
    const alb = await analyze("aws:alb/listener:Listener", props);
    expect([lb.map((d) => d.policy), alb.map((d) => d.policy)]).toEqual([["aws-lb-listener-enforce-tls13"], ["aws-lb-listener-enforce-tls13"]]);
  });

  it("matches the v1 SES configuration set token", async () => {
    expect((await analyze("aws:ses/configurationSet:ConfigurationSet", { deliveryOptions: { tlsPolicy: "Optional" } })).map((d) => d.policy)).toEqual([
      "aws-sesv2-configuration-set-enforce-tls",
    ]);
  });

  it("uses the retention default of 365 days", async () => {
    expect((await analyze("aws:cloudwatch/logGroup:LogGroup", { kmsKeyId: KEY_ARN, retentionInDays: 180 })).map((d) => d.message)).toEqual([
      `${logGroupConfigureRetention.description}\nretention is 180 days; expected at least 365 days.`,
    ]);
  });

  it("reports the other policies as not applicable to a resource", async () => {
    const res = await rpc.analyze(resource(new analyzer.AnalyzeRequest(), "aws:sns/topic:Topic", "t", { kmsMasterKeyId: KEY_ARN }));
    const na = res.getNotApplicableList().map((n) => n.getPolicyName());
    expect([res.getDiagnosticsList().length, na.includes("aws-kms-key-enable-key-rotation"), na.includes("aws-sns-topic-enforce-kms")]).toEqual([0, true, false]);
  });

  it("runs stack checks over all resources: a log group encrypted with another tenant's key", async () => {
    const globexKey = "arn:aws:kms:eu-west-1:111111111111:key/k-globex";
    const globex = TENANT.replace("::acme", "::globex");
    const tags = (t: string) => ({ tenant: t });
    const setArn = (t: string) => `arn:aws:ses:eu-west-1:111111111111:configuration-set/tenant-${t}`;
    const resources = [
      resource(new analyzer.AnalyzerResource(), "aws:kms/key:Key", "acme-key", { arn: KEY_ARN, tags: tags("acme") }, TENANT),
      resource(new analyzer.AnalyzerResource(), "aws:sesv2/configurationSet:ConfigurationSet", "acme-configuration-set", { configurationSetName: "tenant-acme", arn: setArn("acme"), tags: tags("acme") }, TENANT),
      resource(new analyzer.AnalyzerResource(), "aws:sesv2/tenantResourceAssociation:TenantResourceAssociation", "acme-configuration-set-association", { tenantName: "acme", resourceArn: setArn("acme") }, TENANT),
      resource(new analyzer.AnalyzerResource(), "aws:sesv2/tenant:Tenant", "acme-ses-tenant", { tenantName: "acme", tags: tags("acme") }, TENANT),
      resource(new analyzer.AnalyzerResource(), "aws:cloudwatch/logGroup:LogGroup", "acme-audit-log-group", { kmsKeyId: globexKey, retentionInDays: 365, tags: tags("acme") }, TENANT),
      resource(new analyzer.AnalyzerResource(), "aws:kms/key:Key", "globex-key", { arn: globexKey, tags: tags("globex") }, globex),
      resource(new analyzer.AnalyzerResource(), "aws:sesv2/configurationSet:ConfigurationSet", "globex-configuration-set", { configurationSetName: "tenant-globex", arn: setArn("globex"), tags: tags("globex") }, globex),
      resource(new analyzer.AnalyzerResource(), "aws:sesv2/tenantResourceAssociation:TenantResourceAssociation", "globex-configuration-set-association", { tenantName: "globex", resourceArn: setArn("globex") }, globex),
      resource(new analyzer.AnalyzerResource(), "aws:sesv2/tenant:Tenant", "globex-ses-tenant", { tenantName: "globex" }, globex),
    ];
    const req = new analyzer.AnalyzeStackRequest();
    req.setResourcesList(resources);
    const res = await rpc.analyzeStack(req);
    expect(res.getDiagnosticsList().map((d) => [d.getPolicyname(), d.getUrn().split("::").pop(), d.getMessage()])).toEqual([
      ["emailmate-tenant-enforce-isolation", "acme-audit-log-group", `${enforceIsolation.description}\nLogGroup acme-audit-log-group of tenant acme uses tenant globex's KMS key ${globexKey}; expected tenant acme's own key.`],
      ["emailmate-tenant-missing-tag", "globex-ses-tenant", `${missingTag.description}\nresource has no "tenant" tag; expected tenant: globex.`],
    ]);
  });
});
