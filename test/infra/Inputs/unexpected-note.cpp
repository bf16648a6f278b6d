// CHECK-NOTES fails on a note nobody expects; CHECK-MESSAGES alone ignores notes.
void f() {
  int a; /*W:expected*/
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: expected [fake-check]
  // CHECK-NOTES-STRICT: :[[@LINE-2]]:10: warning: expected [fake-check]
  int b; /*N:an unexpected note*/
}
