/** Which printed values a correction may replace (their rows: corrections.repository.ts). */

/** The printed values a correction may replace: those not checked before numbering until now. */
export const CORRECTABLE_FIELDS = ['terminalLabel', 'notaryName', 'recordingOverrideReason', 'recordingOverrideByName'] as const;
export type CorrectableField = (typeof CORRECTABLE_FIELDS)[number];
