/**
 * Crust's record of a storage order, `market.filesV2(cid)`, decoded from its
 * SCALE bytes by our own small decoder (no @polkadot/api: its 156 MB and the
 * chain metadata it needs are not worth one struct). Layout per Crust's type
 * definitions: file_size u64, spower u64, expired_at u32 (a block number),
 * calculated_at u32, amount Compact<u128>, prepaid Compact<u128>,
 * reported_replica_count u32, remaining_paid_count u32, replicas
 * BTreeMap<AccountId, Replica> where Replica = {who AccountId, valid_at u32,
 * anchor Vec<u8>, is_reported bool, created_at Option<u32>}.
 */
import { ChainDataError, ScaleReader } from './scale-reader';

export { ChainDataError } from './scale-reader';

export interface CrustFileInfo {
  fileSize: number;
  spower: number;
  expiredAt: number;
  calculatedAt: number;
  /** u128 as a decimal string. */
  amount: string;
  prepaid: string;
  reportedReplicaCount: number;
  remainingPaidCount: number;
  /** Entries in the replicas map. */
  replicas: number;
}

const ACCOUNT_ID_BYTES = 32;
/** The smallest a map entry can be: key, who, valid_at, an empty anchor, is_reported, None. */
const MIN_REPLICA_ENTRY_BYTES = ACCOUNT_ID_BYTES + ACCOUNT_ID_BYTES + 4 + 1 + 1 + 1;

export function decodeFileInfoV2(bytes: Uint8Array): CrustFileInfo {
  const read = new ScaleReader(bytes);
  const info: CrustFileInfo = {
    fileSize: read.u64Safe('file_size'),
    spower: read.u64Safe('spower'),
    expiredAt: read.u32('expired_at'),
    calculatedAt: read.u32('calculated_at'),
    amount: u128(read.compact('amount'), 'amount'),
    prepaid: u128(read.compact('prepaid'), 'prepaid'),
    reportedReplicaCount: read.u32('reported_replica_count'),
    remainingPaidCount: read.u32('remaining_paid_count'),
    replicas: 0,
  };
  const replicas = read.count('replicas', MIN_REPLICA_ENTRY_BYTES);
  for (let i = 0; i < replicas; i++) {
    const what = `replica ${i}`;
    read.skip(ACCOUNT_ID_BYTES, `${what} key`);
    read.skip(ACCOUNT_ID_BYTES, `${what} who`);
    read.u32(`${what} valid_at`);
    read.skip(read.count(`${what} anchor`, 1), `${what} anchor`);
    read.bool(`${what} is_reported`);
    const some = read.u8(`${what} created_at`);
    if (some === 1) read.u32(`${what} created_at`);
    else if (some !== 0) throw new ChainDataError(`${what} created_at: ${some} is not an Option tag`);
  }
  info.replicas = replicas;
  read.end('FileInfoV2');
  return info;
}

function u128(value: bigint, what: string): string {
  if (value >> 128n !== 0n) throw new ChainDataError(`${what} does not fit 128 bits`);
  return value.toString();
}
