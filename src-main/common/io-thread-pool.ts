/**
 * Imported first by the storage node's entry point: libuv reads
 * UV_THREADPOOL_SIZE when the pool first runs work, and its default of 4
 * threads caps the node at four fsyncs at a time. Importing a space of small
 * files syncs every file before it is recorded (a row never points at bytes a
 * power loss could take); with 4 threads that ran at ~300 files/s here, with
 * 32 the disk groups the syncs into shared journal commits. A value the
 * caller set is kept.
 */
process.env.UV_THREADPOOL_SIZE ??= '32';
