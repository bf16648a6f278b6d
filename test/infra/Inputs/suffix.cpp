// --check-suffix selects CHECK-MESSAGES-<S> lines.
void f() {
  int a; /*W:with suffix*/
  // CHECK-MESSAGES-S: :[[@LINE-1]]:10: warning: with suffix [fake-check]
  // CHECK-MESSAGES: :[[@LINE-2]]:10: warning: something else [fake-check]
}
