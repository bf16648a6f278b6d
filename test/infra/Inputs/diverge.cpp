// txnlint prints a note the clang-tidy module does not.
void f() {
  int a; /*W:both*/
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: both [fake-check]
  int b; /*N@txnlint:only in txnlint*/
}
