/**
 * Which batches resources of this provider process already own (fields/claims.ts). Each batch id
 * is claimed once per run: by the create whose POST answer named it, by the reconciliation that
 * found this create's token in it, or by the resource that adopts it (`adoptBatchId`). A second
 * claim fails, so two resources never record one batch, and deleting one can never stop another's
 * campaign. The scope is one provider process, which is one `pulumi up`.
 */
import { Claims } from "../fields/claims";
import { resetTokenScans } from "./token-scan";

const batches = new Claims();

/** This run's claims on batch ids, for the generic adoption (fields/adopt.ts). */
export const batchClaims = batches;

export const claimBatch = (batchId: string) => batches.claim(batchId);
export const isClaimed = (batchId: string) => batches.isClaimed(batchId);
export const recordAdoption = (batchId: string) => batches.recordAdoption(batchId);
export const adoptedThisRun = (batchId: string) => batches.adoptedThisRun(batchId);
/** For tests: forget every claim, and what the calls of each batch were read to carry. */
export const resetClaims = () => {
  batches.reset();
  resetTokenScans();
};
