// txnlint exits 0 although it printed a finding.
void f() {
  int a; /*W:found*/ /*EXIT@txnlint:0*/
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: found [fake-check]
}
