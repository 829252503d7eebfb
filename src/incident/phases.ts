/** The incident-response phases of the security page, in the order they run (its own module: light to import). */
export const PHASES = ["detect", "contain", "eradicate", "recover", "notify", "postmortem"] as const;
export type Phase = (typeof PHASES)[number];
