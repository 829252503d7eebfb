import type { Check } from "../types";
import { domainNameEnforceTls13 } from "./aws/apigateway/domainNameEnforceTls13";
import { distributionEnforceTls13 } from "./aws/cloudfront/distributionEnforceTls13";
import { logGroupConfigureRetention } from "./aws/cloudwatch/logGroupConfigureRetention";
import { logGroupEnforceKms } from "./aws/cloudwatch/logGroupEnforceKms";
import { keyConfigureSymmetricDefault } from "./aws/kms/keyConfigureSymmetricDefault";
import { keyDisallowPublicPrincipal } from "./aws/kms/keyDisallowPublicPrincipal";
import { keyEnableKeyRotation } from "./aws/kms/keyEnableKeyRotation";
import { listenerEnforceTls13 } from "./aws/lb/listenerEnforceTls13";
import { configurationSetEnforceTls } from "./aws/sesv2/configurationSetEnforceTls";
import { topicEnforceKms } from "./aws/sns/topicEnforceKms";
import { enforceIsolation } from "./emailmate/tenant/enforceIsolation";
import { missingTag } from "./emailmate/tenant/missingTag";
import { enforceHsts } from "./vercel/project/enforceHsts";
import { environmentVariableEnforceSensitive } from "./vercel/project/environmentVariableEnforceSensitive";

/** Every check of the pack, in id order. The pack, `policy check` and the evidence bundle all use this list. */
export const ALL_CHECKS: readonly Check[] = [
  domainNameEnforceTls13,
  distributionEnforceTls13,
  logGroupConfigureRetention,
  logGroupEnforceKms,
  keyConfigureSymmetricDefault,
  keyDisallowPublicPrincipal,
  keyEnableKeyRotation,
  listenerEnforceTls13,
  configurationSetEnforceTls,
  topicEnforceKms,
  enforceIsolation,
  missingTag,
  enforceHsts,
  environmentVariableEnforceSensitive,
] as Check[];
