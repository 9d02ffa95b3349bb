/**
 * User spaces in the node's database. The credential is kept only as
 * SecretBox ciphertext; what leaves this class for an answer is redacted
 * (`secretAccessKey: ""`). `revision` grows by one on every update, and only
 * `name` and `credential` can change (spec page: the storage, shard store,
 * features and working dir are fixed at creation).
 */
import { statement, type Db, inTransaction } from '../../common/sqlite';
import type { SecretBox } from '../../core/secrets/secret-box';
import type { SpaceCredential, SpaceStorage, UserSpaceCreate } from '@shared/jcs/user-space-wire';
import { dataNotFound, operationFailed } from '../node-error';

interface UserSpaceRow {
  user_space_id: number;
  name: string;
  storage: string;
  credential: string | null;
  shard_store: string | null;
  features: string;
  working_dir: string;
  revision: number;
  create_time: number;
}

/** A space as the node works with it: the credential in clear (never sent anywhere but to the storage). */
export interface UserSpaceRecord {
  userSpaceID: number;
  name: string;
  storage: SpaceStorage;
  credential: SpaceCredential | null;
  /** Set when the stored credential cannot be decrypted here (the node's secret.key changed): the space cannot be used until updated. */
  credentialProblem?: string;
  shardStore: { maxSize: number } | null;
  features: unknown[];
  workingDir: string;
  revision: number;
}

export class SpaceCatalog {
  private readonly s;

  constructor(
    readonly db: Db,
    private readonly box: SecretBox,
  ) {
    this.s = {
      insert: statement<UserSpaceRow, [string, string, string | null, string | null, string, string, number]>(
        db,
        'INSERT INTO user_spaces (name, storage, credential, shard_store, features, working_dir, revision, create_time) VALUES (?, ?, ?, ?, ?, ?, 1, ?) RETURNING *',
      ),
      byId: statement<UserSpaceRow, [number]>(db, 'SELECT * FROM user_spaces WHERE user_space_id = ?'),
      all: statement<UserSpaceRow, []>(db, 'SELECT * FROM user_spaces ORDER BY user_space_id'),
      update: statement<UserSpaceRow, [string, string | null, number]>(
        db,
        'UPDATE user_spaces SET name = ?, credential = ?, revision = revision + 1 WHERE user_space_id = ? RETURNING *',
      ),
      remove: statement<never, [number]>(db, 'DELETE FROM user_spaces WHERE user_space_id = ?'),
      packagesPreferring: statement<{ name: string; bucket: string }, [number]>(
        db,
        'SELECT p.name AS name, b.name AS bucket FROM packages p JOIN buckets b ON b.bucket_id = p.bucket_id WHERE p.space_affinity = ? LIMIT 3',
      ),
      tasksUsing: statement<{ task_id: number }, [number, number]>(
        db,
        `SELECT task_id FROM space_sync_tasks WHERE status != 'cancelled' AND (src_space_id = ?
           OR task_id IN (SELECT task_id FROM space_sync_dests WHERE user_space_id = ?)) ORDER BY task_id LIMIT 3`,
      ),
      jobsUsing: statement<{ job_id: number }, [number]>(db, "SELECT job_id FROM node_jobs WHERE state = 'running' AND user_space_id = ? LIMIT 3"),
    };
  }

  create(input: UserSpaceCreate, now: number): UserSpaceRecord {
    const row = this.s.insert.get(
      input.name,
      JSON.stringify(input.storage),
      this.seal(input.credential),
      input.shardStore ? JSON.stringify(input.shardStore) : null,
      JSON.stringify(input.features),
      input.workingDir,
      now,
    )!;
    return this.record(row);
  }

  get(userSpaceID: number): UserSpaceRecord | undefined {
    const row = this.s.byId.get(userSpaceID);
    return row ? this.record(row) : undefined;
  }

  require(userSpaceID: number): UserSpaceRecord {
    const space = this.get(userSpaceID);
    if (!space) throw dataNotFound(`the user space does not exist (userSpaceID ${userSpaceID})`);
    return space;
  }

  list(): UserSpaceRecord[] {
    return this.s.all.all().map((row) => this.record(row));
  }

  update(userSpaceID: number, name: string, credential: SpaceCredential | null): UserSpaceRecord {
    return inTransaction(this.db, () => {
      this.require(userSpaceID);
      return this.record(this.s.update.get(name, this.seal(credential), userSpaceID)!);
    });
  }

  /** Deletes a space nothing uses; absent is fine (the seed: "OK when it does not exist"). */
  delete(userSpaceID: number): void {
    inTransaction(this.db, () => {
      if (!this.s.byId.get(userSpaceID)) return;
      const users = this.usersOf(userSpaceID);
      if (users) throw operationFailed(`the user space ${userSpaceID} is in use by ${users}; remove those first (its data is never orphaned silently)`);
      this.s.remove.run(userSpaceID);
    });
  }

  /** What keeps a space from being deleted, in words, or undefined. */
  private usersOf(userSpaceID: number): string | undefined {
    const uses: string[] = [];
    const tasks = this.s.tasksUsing.all(userSpaceID, userSpaceID);
    if (tasks.length) uses.push(`space sync task ${tasks.map((t) => t.task_id).join(', ')}`);
    const jobs = this.s.jobsUsing.all(userSpaceID);
    if (jobs.length) uses.push(`running import/export job ${jobs.map((j) => j.job_id).join(', ')}`);
    const packages = this.s.packagesPreferring.all(userSpaceID);
    if (packages.length) uses.push(`package ${packages.map((p) => `'${p.bucket}/${p.name}'`).join(', ')} (its spaceAffinity)`);
    return uses.length ? uses.join(' and ') : undefined;
  }

  private seal(credential: SpaceCredential | null): string | null {
    return credential ? this.box.encrypt(JSON.stringify(credential)) : null;
  }

  private record(row: UserSpaceRow): UserSpaceRecord {
    let credential: SpaceCredential | null = null;
    let credentialProblem: string | undefined;
    if (row.credential !== null) {
      const plain = this.box.decrypt(row.credential);
      if (plain === undefined) credentialProblem = `the credential of user space ${row.user_space_id} cannot be decrypted (the node's secret.key changed?); update the space with its credential again`;
      else credential = JSON.parse(plain) as SpaceCredential;
    }
    return {
      ...(credentialProblem ? { credentialProblem } : {}),
      userSpaceID: row.user_space_id,
      name: row.name,
      storage: JSON.parse(row.storage) as SpaceStorage,
      credential,
      shardStore: row.shard_store ? (JSON.parse(row.shard_store) as { maxSize: number }) : null,
      features: JSON.parse(row.features) as unknown[],
      workingDir: row.working_dir,
      revision: row.revision,
    };
  }
}

/** The space as answers carry it: the secret redacted as `""` (the seed's own examples show an empty one). */
export function wireUserSpace(space: UserSpaceRecord) {
  const credential = space.credential && space.credential.type !== 'Local' ? { ...space.credential, secretAccessKey: '' } : space.credential;
  return {
    userSpaceID: space.userSpaceID,
    name: space.name,
    storage: space.storage,
    credential,
    shardStore: space.shardStore,
    features: space.features,
    workingDir: space.workingDir,
    revision: space.revision,
  };
}
