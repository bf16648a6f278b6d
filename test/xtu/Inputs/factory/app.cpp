#include "store.h"

bool add_order(Store &store) {
  auto txn = store.begin();
  if (!store.insert("INSERT INTO orders VALUES (1)"))
    return false;
  if (!store.insert("INSERT INTO lines VALUES (1)"))
    return false;
  return txn.commit();
}

bool add_order_unchecked(Store &store) {
  auto txn = store.begin();
  if (!store.insert("INSERT INTO orders VALUES (1)"))
    return false;
  txn.commit();
  return true;
}

bool add_order_ignored(Store &store) {
  auto txn = store.begin();
  store.insert("INSERT INTO orders VALUES (1)");
  return txn.commit();
}
