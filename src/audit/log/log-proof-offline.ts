import { verifyEntryProof } from './log-proof.js';

/**
 * The offline CLI's evidence-log part: the proof the PDF carries (its `log-proof.tlog-proof`
 * attachment, read by the caller) checked against the log's
 * verifier key (GET /log/verifier-key) and the witnesses' keys, and bound to the receipt's audit
 * entry. Certificates issued before evidence log v2 carry no proof: that is reported, not failed.
 * Returns false when a proof is present and fails, or when witnesses are named and none cosigned.
 */
export function checkLogProof(
  proof: string | undefined,
  claims: { certificateId: string; audit?: { hash?: string } },
  logKey: string | undefined,
  witnessKeys: string[],
): boolean {
  if (!proof) {
    console.error('evidence log: no inclusion proof embedded (a certificate issued before the evidence log v2)');
    return true;
  }
  if (!logKey) {
    console.error('evidence log: a proof is embedded; pass --log-key (GET /log/verifier-key) to check it');
    return true;
  }
  const r = verifyEntryProof(
    proof,
    { log: logKey, witnesses: witnessKeys },
    { entryHash: claims.audit?.hash, action: 'certificate.issued', subjectId: claims.certificateId },
  );
  console.log(JSON.stringify({ log: r }, null, 2));
  if (!r.ok) {
    console.error(`NOT VERIFIED: evidence log proof: ${r.problem}`);
    return false;
  }
  if (witnessKeys.length && r.cosignedBy.length === 0) {
    console.error('NOT VERIFIED: the checkpoint carries no cosignature from the witnesses given');
    return false;
  }
  console.error(
    `evidence log: leaf ${r.index} included in ${r.origin} at size ${r.treeSize}, cosigned by ${r.cosignedBy.join(', ') || 'no witness'}`,
  );
  return true;
}
