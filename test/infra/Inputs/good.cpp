// Both products agree and match the expectations.
void f() {
  int a; /*W:first problem*/
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: first problem [fake-check]
  // CHECK-NOTES: :[[@LINE-2]]:10: warning: first problem [fake-check]
  int b; /*N:because of this*/
  // CHECK-NOTES: :[[@LINE-1]]:10: note: because of this
}
