/*
 * A real LMDB environment (liblmdb): several write transactions, then reads through the memory map, which LMDB
 * maps shared and read-only while it writes the file with pwrite.
 */
#define _GNU_SOURCE
#include "jrr_test.h"
#include <lmdb.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHECK(x) test_assert((x) == MDB_SUCCESS)

int main(void) {
    char dir[] = "/tmp/jrr-lmdb-XXXXXX";
    test_assert(mkdtemp(dir) != NULL);
    MDB_env *env;
    CHECK(mdb_env_create(&env));
    CHECK(mdb_env_set_mapsize(env, 1 << 20));
    CHECK(mdb_env_open(env, dir, MDB_NOSYNC, 0600));
    MDB_dbi dbi;
    for (int t = 0; t < 5; t++) {
        MDB_txn *txn;
        CHECK(mdb_txn_begin(env, NULL, 0, &txn));
        CHECK(mdb_dbi_open(txn, NULL, 0, &dbi));
        for (int i = 0; i < 40; i++) {
            char k[32], v[64];
            snprintf(k, sizeof k, "key-%02d-%02d", t, i);
            snprintf(v, sizeof v, "value %d of transaction %d", i, t);
            MDB_val key = {strlen(k), k}, val = {strlen(v) + 1, v};
            CHECK(mdb_put(txn, dbi, &key, &val, 0));
        }
        CHECK(mdb_txn_commit(txn));
    }
    MDB_txn *rd;
    CHECK(mdb_txn_begin(env, NULL, MDB_RDONLY, &rd));
    MDB_val key = {strlen("key-03-17"), "key-03-17"}, val;
    CHECK(mdb_get(rd, dbi, &key, &val));
    printf("read: %s\n", (char *)val.mv_data);
    MDB_cursor *c;
    CHECK(mdb_cursor_open(rd, dbi, &c));
    unsigned long sum = 0;
    int n = 0;
    while (mdb_cursor_get(c, &key, &val, MDB_NEXT) == MDB_SUCCESS) {
        for (size_t i = 0; i < val.mv_size; i++) {
            sum = sum * 31 + ((unsigned char *)val.mv_data)[i];
        }
        n++;
    }
    printf("entries: %d, checksum %lu\n", n, sum);
    mdb_cursor_close(c);
    mdb_txn_abort(rd);
    mdb_env_close(env);
    char path[64];
    snprintf(path, sizeof path, "%s/data.mdb", dir);
    unlink(path);
    snprintf(path, sizeof path, "%s/lock.mdb", dir);
    unlink(path);
    rmdir(dir);
    return exit_success();
}
