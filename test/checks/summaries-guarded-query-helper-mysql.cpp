// A query helper that runs its caller's SQL unless it returns failure
// first, in the shape of NDOUtils' ndo2db_db_query(): a null check and a
// "not connected" guard return an error before anything runs. The SQL is
// still the caller's: `ndo_query(idi, "START TRANSACTION")` is a begin that
// reports its failure by the result, and a return with it open is reported.
//
// RUN: %check_txnlint %s 'txn-*' %t -- -- -std=c++17 -I/usr/include/mariadb

#include <mysql.h>

#define NDO_OK 0
#define NDO_ERROR -1

struct DbInfo {
  int connected;
  MYSQL mysql_conn;
};

struct Idi {
  DbInfo dbinfo;
};

int ndo_query(Idi *idi, const char *buf) {
  if (idi == nullptr || buf == nullptr)
    return NDO_ERROR;
  if (!idi->dbinfo.connected)
    return NDO_ERROR;
  int result = NDO_OK;
  if (mysql_query(&idi->dbinfo.mysql_conn, buf))
    result = NDO_ERROR;
  return result;
}

int saveHostStatus(Idi *idi, int objectId, bool known) {
  if (ndo_query(idi, "START TRANSACTION") != NDO_OK)
    // CHECK-NOTES: :[[@LINE-1]]:7: warning: transaction begun on 'idi' is left open on some path out of 'saveHostStatus'; commit or roll it back before leaving [txn-missing-rollback]
    return NDO_ERROR;
  if (ndo_query(idi, "DELETE FROM hoststatus WHERE host_object_id = 1") !=
      NDO_OK) {
    ndo_query(idi, "ROLLBACK");
    return NDO_ERROR;
  }
  if (!known)
    return NDO_ERROR;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  if (ndo_query(idi, "INSERT INTO hoststatus (host_object_id) VALUES (1)") !=
      NDO_OK) {
    ndo_query(idi, "ROLLBACK");
    return NDO_ERROR;
  }
  return ndo_query(idi, "COMMIT");
}

int saveHostStatusChecked(Idi *idi, int objectId, bool known) {
  if (ndo_query(idi, "START TRANSACTION") != NDO_OK)
    return NDO_ERROR;
  if (!known ||
      ndo_query(idi, "DELETE FROM hoststatus WHERE host_object_id = 1") !=
          NDO_OK ||
      ndo_query(idi, "INSERT INTO hoststatus (host_object_id) VALUES (1)") !=
          NDO_OK) {
    ndo_query(idi, "ROLLBACK");
    return NDO_ERROR;
  }
  return ndo_query(idi, "COMMIT");
}
