/** For tests that crash the runner on purpose: called right after an AWS call returned, before its outcome is journaled. */
export const runnerHooks: { afterCall?: (step: string) => void } = {};
