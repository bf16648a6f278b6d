// Expects a warning nobody prints.
void f() {
  int a;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: expected but absent [fake-check]
}
