// txn-connection-leak with a C API described by a user model: the opens and
// closes are data, so another library is one entry away.
//
// RUN: %check_txnlint --model=%S/Inputs/txn-connection-leak-acme-model.json %s txn-connection-leak %t
//
// Without the model, nothing is an open.
// RUN: %txnlint --checks=-*,txn-connection-leak %s -- > %t.nomodel 2>&1; echo "exit=$?" >> %t.nomodel
// RUN: FileCheck --check-prefix=NOMODEL --implicit-check-not=warning: %s < %t.nomodel
// NOMODEL: exit=0

struct kv;
int kv_connect(const char *address, kv **out);
kv *kv_connect_or_null(const char *address);
void kv_disconnect(kv *handle);
int kv_get(kv *handle, const char *key);

int read_counter(const char *address) {
  kv *handle = nullptr;
  if (kv_connect(address, &handle) != 0)
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: connection opened into 'handle' is left open on some path out of 'read_counter'; close it, or return or store it, before leaving [txn-connection-leak]
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: connection is still open at this return
  int value = kv_get(handle, "counter");
  kv_disconnect(handle);
  return value;
}

int read_counter_or_null(const char *address) {
  kv *handle = kv_connect_or_null(address);
  // A null handle allocated nothing.
  if (!handle)
    return -1;
  int value = kv_get(handle, "counter");
  kv_disconnect(handle);
  return value;
}
